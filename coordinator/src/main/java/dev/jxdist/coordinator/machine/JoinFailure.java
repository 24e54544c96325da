package dev.jxdist.coordinator.machine;

import dev.jxdist.coordinator.report.ExitCode;

/**
 * Why a joiner cannot go on, in one sentence naming the coordinator or file at fault, with the exit
 * status {@code jxdist worker} ends with.
 */
public final class JoinFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** The coordinator could not be reached, or was lost: exit status 3. */
  public static final int UNREACHABLE = ExitCode.INTERNAL_ERROR;

  /** The coordinator refused the token, or another setup mistake: exit status 4. */
  public static final int REFUSED = ExitCode.USAGE;

  private final int exitCode;

  JoinFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The exit status for it. */
  public int exitCode() {
    return exitCode;
  }
}
