package dev.jxdist.common.model;

/** How a node ended, as the JUnit Platform's {@code TestExecutionResult.Status}, plus skipped. */
public enum Outcome {
  /** Ran and passed. */
  SUCCESSFUL,
  /** Ran and threw. */
  FAILED,
  /** Ran and was aborted by a failed assumption. */
  ABORTED,
  /** Never ran: disabled or switched off by a condition. */
  SKIPPED
}
