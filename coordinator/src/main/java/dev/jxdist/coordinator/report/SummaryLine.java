package dev.jxdist.coordinator.report;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The last line the console prints for a run, made to be read by people and by scripts alike:
 *
 * <pre>75 tests: 70 passed, 2 failed, 1 errors, 2 skipped, 1 crashed in 3.1s on 2 workers</pre>
 *
 * <p>The first five counts are always there, in this order and with these words (even {@code 1
 * tests} and {@code 1 errors}); {@code crashed} and {@code flaky} follow only when not zero.
 */
public final class SummaryLine {

  /**
   * Matches a summary line. Groups: {@code total}, {@code passed}, {@code failed}, {@code errors},
   * {@code skipped}, {@code crashed} and {@code flaky} (null when absent), {@code wall}, {@code
   * workers}.
   */
  public static final Pattern PATTERN =
      Pattern.compile(
          "(?<total>\\d+) tests: (?<passed>\\d+) passed, (?<failed>\\d+) failed,"
              + " (?<errors>\\d+) errors, (?<skipped>\\d+) skipped"
              + "(?:, (?<crashed>\\d+) crashed)?(?:, (?<flaky>\\d+) flaky)?"
              + " in (?<wall>\\d+\\.\\d)s on (?<workers>\\d+) workers?");

  private SummaryLine() {}

  /** The summary line of {@code report}, counting the workers that started. */
  public static String of(RunReport report) {
    return format(report.summary(), workersStarted(report));
  }

  /** The summary line for {@code summary} on {@code workers} workers. */
  public static String format(RunSummary summary, int workers) {
    StringBuilder line = new StringBuilder();
    line.append(summary.total()).append(" tests: ");
    line.append(summary.passed()).append(" passed, ");
    line.append(summary.failed()).append(" failed, ");
    line.append(summary.errors()).append(" errors, ");
    line.append(summary.skipped()).append(" skipped");
    if (summary.crashed() != 0) {
      line.append(", ").append(summary.crashed()).append(" crashed");
    }
    if (summary.flaky() != 0) {
      line.append(", ").append(summary.flaky()).append(" flaky");
    }
    double wall = Double.isFinite(summary.wallS()) ? Math.max(0, summary.wallS()) : 0;
    line.append(" in ").append(String.format(Locale.ROOT, "%.1f", wall)).append('s');
    line.append(" on ").append(workers).append(workers == 1 ? " worker" : " workers");
    return line.toString();
  }

  /**
   * The workers of {@code report} that took part: not those that never started (state failed) nor
   * those the run no longer needed by the time they came up (state unused).
   */
  static int workersStarted(RunReport report) {
    int started = 0;
    for (WorkerSummary worker : report.workers()) {
      if (!"failed".equals(worker.state()) && !"unused".equals(worker.state())) {
        started++;
      }
    }
    return started;
  }
}
