package dev.jxdist.worker.liveness;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the worker's standard input until it ends, then reports it: a worker started by a local
 * coordinator keeps its stdin pipe open, so its end means the parent process is gone. Runs on a
 * daemon thread "worker-stdin"; whatever is read is ignored.
 */
public final class StdinWatcher implements AutoCloseable {

  private final Thread thread;
  private volatile boolean closed;

  /**
   * @param in the original standard input, positioned after the bootstrap lines
   * @param onEnd called once when {@code in} ends or fails, unless closed before
   */
  public StdinWatcher(InputStream in, Runnable onEnd) {
    this.thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[256];
              try {
                while (in.read(buffer) >= 0) {
                  // Ignore anything written after the bootstrap.
                }
              } catch (IOException e) {
                // A broken pipe counts as the end.
              }
              if (!closed) {
                onEnd.run();
              }
            },
            "worker-stdin");
    this.thread.setDaemon(true);
  }

  /** Starts watching. */
  public StdinWatcher start() {
    thread.start();
    return this;
  }

  /** Stops reporting; the thread stays blocked in its read until the JVM exits (it is a daemon). */
  @Override
  public void close() {
    closed = true;
  }
}
