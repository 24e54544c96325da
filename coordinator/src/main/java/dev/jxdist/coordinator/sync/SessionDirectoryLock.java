package dev.jxdist.coordinator.sync;

import dev.jxdist.coordinator.ssh.HeldCommand;
import dev.jxdist.coordinator.ssh.HostFailure;

/**
 * A run's session directory on a host ({@link RemoteStore#lockSessionDirectory}), locked for as
 * long as this is open, so that the clean-up of another coordinator's sync never removes it while
 * the run goes on; if the coordinator dies or loses the host, the lock goes with its connection.
 * {@link #close} releases the lock and removes the directory.
 */
public final class SessionDirectoryLock implements AutoCloseable {

  private final RemoteStore store;
  private final String runId;
  private final String dir;
  private final HeldCommand lock;
  private boolean closed;

  SessionDirectoryLock(RemoteStore store, String runId, String dir, HeldCommand lock) {
    this.store = store;
    this.runId = runId;
    this.dir = dir;
    this.lock = lock;
  }

  /** The session directory's absolute path on the host. */
  public String dir() {
    return dir;
  }

  /** Whether the host holds the lock ({@code false} on a host without {@code flock}). */
  public boolean locked() {
    return lock.firstLine().equals(StoreScript.LOCKED);
  }

  /** Releases the lock and removes the directory and all in it; idempotent, never throws. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    lock.close();
    try {
      store.removeSession(runId);
    } catch (HostFailure | RuntimeException e) {
      // The host went away; a later sync's clean-up removes the directory.
    }
  }

  @Override
  public String toString() {
    return "session " + dir + " on " + store.hostName();
  }
}
