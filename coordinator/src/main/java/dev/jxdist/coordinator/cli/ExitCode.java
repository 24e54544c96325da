package dev.jxdist.coordinator.cli;

/** The process exit codes of {@code jxdist}, as the README documents them. */
final class ExitCode {
  /** Every test passed. */
  static final int PASSED = 0;

  /** Tests failed, erred or crashed. */
  static final int TESTS_FAILED = 1;

  /** Interrupted (Ctrl-C) or stopped by fail-fast. */
  static final int INTERRUPTED = 2;

  /** jxdist itself could not do its job. */
  static final int INTERNAL_ERROR = 3;

  /** A bad option, file or host: the message says which. */
  static final int USAGE = 4;

  /** No tests were found. */
  static final int NO_TESTS = 5;

  private ExitCode() {}
}
