package dev.jxdist.worker.diagnostics;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Writes the worker's diagnostics to the standard error the JVM started with, never to the
 * (captured) {@code System.err} the suite sees. Thread-safe.
 */
public final class WorkerLog {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final PrintStream err;
  private final String prefix;

  /**
   * @param err the original standard error
   * @param workerId the worker's id, shown on every line
   */
  public WorkerLog(PrintStream err, String workerId) {
    this.err = err;
    this.prefix = " jxdist-worker " + workerId + ": ";
  }

  /** One line. */
  public void info(String message) {
    synchronized (err) {
      err.println(LocalTime.now(ZoneId.systemDefault()).format(TIME) + prefix + message);
      err.flush();
    }
  }

  /** One line, then the stack trace of {@code cause}. */
  public void error(String message, Throwable cause) {
    synchronized (err) {
      err.println(LocalTime.now(ZoneId.systemDefault()).format(TIME) + prefix + message);
      cause.printStackTrace(err);
      err.flush();
    }
  }
}
