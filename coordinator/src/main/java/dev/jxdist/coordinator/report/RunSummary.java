package dev.jxdist.coordinator.report;

import java.time.Instant;

/**
 * The counts of a run. Every test is counted once, under its final status; aborted tests count as
 * skipped, as Surefire counts them.
 *
 * @param total all tests
 * @param passed passed (flaky ones not included)
 * @param failed assertion failures
 * @param errors other exceptions
 * @param skipped disabled, switched off or aborted
 * @param crashed lost with their worker
 * @param flaky failed, then passed on a rerun
 * @param wallS the run's wall time in seconds
 * @param exitCode the process exit code the run ends with
 * @param startedAt when the run started, the instant the tests' start and end seconds count from;
 *     null when unknown
 */
public record RunSummary(
    int total,
    int passed,
    int failed,
    int errors,
    int skipped,
    int crashed,
    int flaky,
    double wallS,
    int exitCode,
    Instant startedAt) {

  /** A summary that does not say when the run started. */
  public RunSummary(
      int total,
      int passed,
      int failed,
      int errors,
      int skipped,
      int crashed,
      int flaky,
      double wallS,
      int exitCode) {
    this(total, passed, failed, errors, skipped, crashed, flaky, wallS, exitCode, null);
  }
}
