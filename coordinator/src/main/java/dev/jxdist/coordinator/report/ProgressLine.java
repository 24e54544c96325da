package dev.jxdist.coordinator.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live state of a run as one line:
 *
 * <pre>[ 412/2000] 3 failed  ETA 1m05s | w1: fx.SlowTest  w2: idle</pre>
 *
 * <p>Counts tests settled of tests known, as the session counts them; while more tests may still
 * become known (a module not yet discovered, parameterized or dynamic tests still to come) the
 * total is what is known so far, and says so with a {@code +}: {@code [ 12/340+]}. Once discovery
 * is complete the total is final. Failed, error and crashed results count as failed. The ETA is
 * shown once the run is estimated (there is history) and counts down with the clock between
 * estimates.
 */
final class ProgressLine {

  private static final String ELLIPSIS = "...";

  private int total = -1;
  private boolean complete;
  private int done;
  private int failed;
  private final Map<String, String> activities = new TreeMap<>(WorkerIds.ORDER);
  private Instant estimatedEnd;

  /** {@code done} of {@code known} tests are settled; {@code complete}: no more will come. */
  void counts(int done, int known, boolean complete) {
    this.done = done;
    this.total = known;
    this.complete = complete;
  }

  void activity(String workerId, String activity) {
    activities.put(ConsoleSummary.printable(workerId), ConsoleSummary.printable(activity));
  }

  /** The run is estimated to end at {@code end}. */
  void estimate(Instant end) {
    estimatedEnd = end;
  }

  /** True when the line shows an ETA, which changes as time passes. */
  boolean hasEstimate() {
    return estimatedEnd != null;
  }

  void finished(TestStatus status) {
    if (status == TestStatus.FAILED || status == TestStatus.ERROR || status == TestStatus.CRASHED) {
      failed++;
    }
  }

  /**
   * The line at {@code now}, at most {@code maxWidth} characters when {@code maxWidth > 0}: class
   * names lose their packages first, then the line is cut.
   */
  String render(int maxWidth, Instant now) {
    String line = render(false, now);
    if (maxWidth <= 0 || line.length() <= maxWidth) {
      return line;
    }
    line = render(true, now);
    if (line.length() <= maxWidth) {
      return line;
    }
    return maxWidth <= ELLIPSIS.length()
        ? line.substring(0, maxWidth)
        : line.substring(0, maxWidth - ELLIPSIS.length()) + ELLIPSIS;
  }

  private String render(boolean shortNames, Instant now) {
    String totalText = total < 0 ? "?" : Integer.toString(Math.max(total, done));
    StringBuilder line = new StringBuilder("[");
    String doneText = Integer.toString(done);
    for (int i = doneText.length(); i < totalText.length(); i++) {
      line.append(' ');
    }
    line.append(doneText).append('/').append(totalText);
    if (total >= 0 && !complete) {
      line.append('+');
    }
    line.append("] ");
    line.append(failed).append(" failed");
    if (estimatedEnd != null) {
      Duration left = Duration.between(now, estimatedEnd);
      line.append("  ETA ").append(eta(left.isNegative() ? Duration.ZERO : left));
    }
    String separator = " | ";
    for (Map.Entry<String, String> worker : activities.entrySet()) {
      line.append(separator).append(worker.getKey()).append(": ");
      line.append(shortNames ? shortName(worker.getValue()) : worker.getValue());
      separator = "  ";
    }
    return line.toString();
  }

  /**
   * {@code remaining} as the progress line shows it, rounded to the second: {@code 12s}, {@code
   * 1m05s}, {@code 2h03m} (from an hour on, the minutes are rounded down).
   */
  static String eta(Duration remaining) {
    long seconds = (remaining.toMillis() + 500) / 1000;
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }

  /** {@code fx.deep.SlowTest} as {@code SlowTest}; anything that is not a class name as it is. */
  private static String shortName(String activity) {
    int dot = activity.lastIndexOf('.');
    if (dot < 0 || dot == activity.length() - 1 || activity.indexOf(' ') >= 0) {
      return activity;
    }
    return activity.substring(dot + 1);
  }
}
