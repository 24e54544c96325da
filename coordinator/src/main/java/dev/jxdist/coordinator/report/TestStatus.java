package dev.jxdist.coordinator.report;

import java.util.Locale;

/** The one final status of a test in a run, as reports name it. */
public enum TestStatus {
  /** Ran and passed. */
  PASSED,
  /** An assertion failed (an {@link AssertionError}). */
  FAILED,
  /** Threw something other than an assertion error. */
  ERROR,
  /** Did not run: disabled, switched off by a condition, or aborted by a failed assumption. */
  SKIPPED,
  /** Its worker died while it was running (or before it could run, with no worker left). */
  CRASHED,
  /** Failed, then passed on a rerun. Counts as passed. */
  FLAKY;

  /** The lower-case name used in the JSON report and on the console. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
