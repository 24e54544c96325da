package dev.jxdist.coordinator.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as options take them: {@code 20g}, {@code 512m}, {@code 64k}, {@code 1000} (bytes). */
public final class ByteSize {

  private static final Pattern FORM =
      Pattern.compile("([0-9]{1,12})\\s*([kmgt]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);

  private ByteSize() {}

  /**
   * Parses {@code text} given to {@code option}: a whole number, in bytes or with the binary unit
   * {@code k}, {@code m}, {@code g} or {@code t} (also written {@code KB}, {@code MiB}, ...).
   *
   * @throws UsageException naming the option and the value if it is not a positive size
   */
  public static long parse(String text, String option) {
    Matcher m = FORM.matcher(text.strip());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      int shift =
          switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
          };
      if (n > 0 && n <= (Long.MAX_VALUE >> shift)) {
        return n << shift;
      }
    }
    throw new UsageException(
        option + " " + text + ": give a positive size such as 20g, 512m or 64k");
  }

  /** {@code bytes} for people: {@code 512 B}, {@code 1.5 KB}, {@code 20.0 GB}. */
  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double v = bytes;
    int i = -1;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
  }
}
