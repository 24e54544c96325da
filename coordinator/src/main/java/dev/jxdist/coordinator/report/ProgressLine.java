package dev.jxdist.coordinator.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
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
 * estimates. More than {@link #MANY_WORKERS} workers are counted by what they do instead of listed,
 * in a log always, on a terminal when their names do not fit.
 */
final class ProgressLine {

  private static final String ELLIPSIS = "...";

  /**
   * More workers than this are shown as counts of what they do in a log, and on a terminal when
   * their names do not fit: a line per worker of a fleet says nothing at a glance.
   */
  static final int MANY_WORKERS = 12;

  /** What a worker does when it runs no test, as the session says it; "running" otherwise. */
  private static final List<String> STATES =
      List.of(
          "running",
          "starting",
          "discovering",
          "idle",
          "done",
          "finished",
          "crashed",
          "failed",
          "unused");

  /** How the workers are shown: each with its class, each with the class's simple name, counted. */
  private enum Workers {
    FULL,
    SHORT,
    COUNTED
  }

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
    boolean many = activities.size() > MANY_WORKERS;
    String line = render(Workers.FULL, now);
    if (maxWidth <= 0) {
      return many ? render(Workers.COUNTED, now) : line;
    }
    if (line.length() <= maxWidth) {
      return line;
    }
    line = render(Workers.SHORT, now);
    if (line.length() <= maxWidth) {
      return line;
    }
    if (many) {
      line = render(Workers.COUNTED, now);
    }
    if (line.length() <= maxWidth) {
      return line;
    }
    return maxWidth <= ELLIPSIS.length()
        ? line.substring(0, maxWidth)
        : line.substring(0, maxWidth - ELLIPSIS.length()) + ELLIPSIS;
  }

  private String render(Workers workers, Instant now) {
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
    if (workers == Workers.COUNTED) {
      return line.append(" | ").append(counted()).toString();
    }
    String separator = " | ";
    for (Map.Entry<String, String> worker : activities.entrySet()) {
      line.append(separator).append(worker.getKey()).append(": ");
      line.append(workers == Workers.SHORT ? shortName(worker.getValue()) : worker.getValue());
      separator = "  ";
    }
    return line.toString();
  }

  /**
   * The workers as counts of what they do: {@code 500 workers: 480 running, 12 discovering, 8
   * idle}; a worker at a class or test counts as running.
   */
  private String counted() {
    Map<String, Integer> counts = new TreeMap<>(Comparator.comparingInt(ProgressLine::rank));
    for (String activity : activities.values()) {
      counts.merge(STATES.contains(activity) ? activity : "running", 1, Integer::sum);
    }
    StringBuilder text = new StringBuilder().append(activities.size()).append(" workers: ");
    String separator = "";
    for (Map.Entry<String, Integer> count : counts.entrySet()) {
      text.append(separator).append(count.getValue()).append(' ').append(count.getKey());
      separator = ", ";
    }
    return text.toString();
  }

  /** Running first, then the states in the order a worker passes through them. */
  private static int rank(String activity) {
    return STATES.indexOf(activity);
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
