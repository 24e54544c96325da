package dev.jxdist.coordinator.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * The live state of a run as one line:
 *
 * <pre>[ 412/2000] 3 failed | w1: fx.SlowTest  w2: idle</pre>
 *
 * <p>Counts every test with a final status as done, and failed, error and crashed tests as failed.
 */
final class ProgressLine {

  private static final String ELLIPSIS = "...";

  private int total = -1;
  private int done;
  private int failed;
  private final Map<String, String> activities = new TreeMap<>(WorkerIds.ORDER);

  void planned(int totalTests) {
    total = totalTests;
  }

  void activity(String workerId, String activity) {
    activities.put(ConsoleSummary.printable(workerId), ConsoleSummary.printable(activity));
  }

  void finished(TestStatus status) {
    done++;
    if (status == TestStatus.FAILED || status == TestStatus.ERROR || status == TestStatus.CRASHED) {
      failed++;
    }
  }

  /**
   * The line, at most {@code maxWidth} characters when {@code maxWidth > 0}: class names lose their
   * packages first, then the line is cut.
   */
  String render(int maxWidth) {
    String line = render(false);
    if (maxWidth <= 0 || line.length() <= maxWidth) {
      return line;
    }
    line = render(true);
    if (line.length() <= maxWidth) {
      return line;
    }
    return maxWidth <= ELLIPSIS.length()
        ? line.substring(0, maxWidth)
        : line.substring(0, maxWidth - ELLIPSIS.length()) + ELLIPSIS;
  }

  private String render(boolean shortNames) {
    // Dynamic tests are not in the plan's count: never show more done than planned.
    int shownTotal = Math.max(total, done);
    String totalText = total < 0 ? "?" : Integer.toString(shownTotal);
    StringBuilder line = new StringBuilder("[");
    String doneText = Integer.toString(done);
    for (int i = doneText.length(); i < totalText.length(); i++) {
      line.append(' ');
    }
    line.append(doneText).append('/').append(totalText).append("] ");
    line.append(failed).append(" failed");
    String separator = " | ";
    for (Map.Entry<String, String> worker : activities.entrySet()) {
      line.append(separator).append(worker.getKey()).append(": ");
      line.append(shortNames ? shortName(worker.getValue()) : worker.getValue());
      separator = "  ";
    }
    return line.toString();
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
