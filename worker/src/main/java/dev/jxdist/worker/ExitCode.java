package dev.jxdist.worker;

/**
 * The worker JVM's exit status. The coordinator shows it, with the tail of the worker's standard
 * error, when a worker ends without saying Bye.
 */
public enum ExitCode {
  /** Said Bye after Shutdown (whether or not the ByeAck arrived in time). */
  OK(0),
  /** The bootstrap (stdin lines or JXDIST_* environment) is missing or malformed. */
  BAD_BOOTSTRAP(2),
  /** A bug in the worker; a WorkerFailure was sent if the stream was up. */
  INTERNAL_ERROR(3),
  /** The suite could not be configured, discovered or run; a WorkerFailure says why. */
  SUITE_FAILURE(10),
  /** The stream failed or the coordinator closed it before the worker said Bye. */
  COORDINATOR_GONE(11),
  /** Nothing arrived from the coordinator within the heartbeat or handshake deadline. */
  COORDINATOR_SILENT(12),
  /** Standard input reached its end while exit-on-stdin-eof was set: the parent process died. */
  PARENT_GONE(13),
  /**
   * The coordinator broke the protocol (malformed or out-of-order message); a WorkerFailure says
   * how.
   */
  PROTOCOL_ERROR(14);

  private final int status;

  ExitCode(int status) {
    this.status = status;
  }

  /** The process exit status. */
  public int status() {
    return status;
  }
}
