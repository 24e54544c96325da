package dev.jxdist.coordinator.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as options take them: {@code 90s}, {@code 5m}, {@code 1h}, {@code 500ms}, {@code 30}.
 */
public final class Durations {

  private static final Pattern FORM = Pattern.compile("([0-9]{1,9})(ms|s|m|h)?");

  private Durations() {}

  /**
   * Parses {@code text} given to {@code option}: a whole number with the unit {@code ms}, {@code
   * s}, {@code m} or {@code h} (seconds if none), or an ISO-8601 duration ({@code PT5M}).
   *
   * @throws UsageException naming the option and the value if it is none of these, or not positive
   */
  public static Duration parse(String text, String option) {
    String s = text.strip();
    Duration d = null;
    Matcher m = FORM.matcher(s);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      d =
          switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
          };
    } else if (s.startsWith("P") || s.startsWith("p")) {
      try {
        d = Duration.parse(s);
      } catch (java.time.format.DateTimeParseException e) {
        // reported below
      }
    }
    if (d == null || d.isNegative() || d.isZero()) {
      throw new UsageException(
          option + " " + text + ": give a positive duration such as 90s, 5m or 1h");
    }
    return d;
  }

  /**
   * {@code d} as the options take it, in the largest unit that keeps it whole: {@code 500ms},
   * {@code 5s}, {@code 2m}, {@code 1h}.
   */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }
}
