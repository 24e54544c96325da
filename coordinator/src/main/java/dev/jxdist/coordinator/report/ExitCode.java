package dev.jxdist.coordinator.report;

/**
 * The exit codes of {@code jxdist}, as the README documents them: the one list the CLI returns, the
 * session decides and the Maven plugin reads ({@code jxdist worker} uses the same numbers for the
 * same kinds of trouble). A worker JVM's own exit status is another list, the worker's.
 */
public final class ExitCode {

  /** Every test passed. */
  public static final int PASSED = 0;

  /** Tests failed, erred or crashed. */
  public static final int TESTS_FAILED = 1;

  /** Interrupted (Ctrl-C) or stopped by fail-fast. */
  public static final int INTERRUPTED = 2;

  /** jxdist itself could not do its job (no worker could run the suite, a lost coordinator...). */
  public static final int INTERNAL_ERROR = 3;

  /** A bad option, file or host: the message says which. */
  public static final int USAGE = 4;

  /** No tests were found. */
  public static final int NO_TESTS = 5;

  private ExitCode() {}
}
