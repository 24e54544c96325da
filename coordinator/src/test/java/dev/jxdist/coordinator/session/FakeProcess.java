package dev.jxdist.coordinator.session;

import dev.jxdist.coordinator.manager.WorkerProcess;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A worker process stand-in for session tests driven by {@link FakeWorker}s. */
final class FakeProcess implements WorkerProcess {
  private final String id;
  volatile boolean alive = true;
  volatile boolean killed;

  /** Its exit code once it is no longer alive: a kill's by default. */
  volatile int exitValue = 137;

  /** False for a stand-in of a join place no joiner has started yet. */
  volatile boolean launched = true;

  /** While not null and not counted down, its log tail and kill hang, as on a host cut off. */
  volatile java.util.concurrent.CountDownLatch hang;

  /** Why it will never connect, or null. */
  volatile String startFailure;

  FakeProcess(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String host() {
    return "localhost";
  }

  @Override
  public long pid() {
    return 0;
  }

  @Override
  public String commandLine() {
    return "java -jar jxdist-worker.jar";
  }

  @Override
  public OptionalInt exitCode(long waitMillis) {
    return alive ? OptionalInt.empty() : OptionalInt.of(exitValue);
  }

  @Override
  public boolean isAlive() {
    return alive;
  }

  @Override
  public List<String> logTail(int lines) {
    hangIfAsked();
    return List.of("last words of " + id);
  }

  @Override
  public boolean launched() {
    return launched;
  }

  @Override
  public Optional<String> startFailure() {
    return Optional.ofNullable(startFailure);
  }

  @Override
  public void kill() {
    hangIfAsked();
    killed = true;
    alive = false;
  }

  /**
   * True once it was killed, waiting up to {@code timeout} for it: kills run on errand threads, so
   * the session may have ended just before.
   */
  boolean killedWithin(java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!killed && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return killed;
  }

  @Override
  public void letGo() {
    alive = false;
  }

  @Override
  public void close() {
    alive = false;
  }

  private void hangIfAsked() {
    java.util.concurrent.CountDownLatch latch = hang;
    if (latch != null) {
      try {
        latch.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
