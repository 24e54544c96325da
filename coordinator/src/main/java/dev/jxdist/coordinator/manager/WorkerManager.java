package dev.jxdist.coordinator.manager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provisions the run's workers and lets them go at the end. For now: local worker JVMs; SSH hosts
 * and joining workers come as further provisioners behind the same calls.
 */
public final class WorkerManager implements AutoCloseable {

  private final LocalWorkerProvisioner local;
  private final int localCount;
  private final Map<String, WorkerProcess> workers = new LinkedHashMap<>();
  private boolean closed;

  /**
   * @param local starts local workers
   * @param localCount how many
   */
  public WorkerManager(LocalWorkerProvisioner local, int localCount) {
    this.local = local;
    this.localCount = localCount;
  }

  /**
   * Starts every worker; they dial {@code coordinator} and present {@code token}.
   *
   * @return the ids of the workers started, in order
   */
  public List<String> startAll(String coordinator, String token, WorkerExitListener onExit) {
    if (closed) {
      throw new IllegalStateException("WorkerManager is closed");
    }
    for (int i = 1; i <= localCount; i++) {
      String id = "w" + i;
      workers.put(id, local.start(id, localCount, coordinator, token, onExit));
    }
    return List.copyOf(workers.keySet());
  }

  /** A worker started by this manager. */
  public Optional<WorkerProcess> worker(String workerId) {
    return Optional.ofNullable(workers.get(workerId));
  }

  /** Every worker started, in id order. */
  public List<WorkerProcess> workers() {
    return List.copyOf(workers.values());
  }

  /**
   * Lets every worker go: all are told at once, then each is waited for (and killed after a grace
   * period), so the grace periods overlap. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    workers.values().forEach(WorkerProcess::letGo);
    workers.values().forEach(WorkerProcess::close);
    local.finish(List.copyOf(workers.values()));
  }
}
