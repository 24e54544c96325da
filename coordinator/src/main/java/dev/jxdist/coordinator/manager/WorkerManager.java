package dev.jxdist.coordinator.manager;

import dev.jxdist.coordinator.config.SuiteSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provisions the run's workers, as the session asks for them, and lets them go at the end. For
 * now: local worker JVMs; SSH hosts and joining workers come as further provisioners behind the
 * same calls.
 */
public final class WorkerManager implements AutoCloseable {

  private final LocalWorkerProvisioner local;
  private final String coordinator;
  private final String token;
  private final WorkerExitListener onExit;
  private final Map<String, WorkerProcess> workers = new LinkedHashMap<>();
  private boolean closed;

  /**
   * @param local starts local workers
   * @param coordinator the address workers dial
   * @param token the run's secret, handed to each worker on its stdin
   * @param onExit told when a worker's process ends
   */
  public WorkerManager(
      LocalWorkerProvisioner local, String coordinator, String token, WorkerExitListener onExit) {
    this.local = local;
    this.coordinator = coordinator;
    this.token = token;
    this.onExit = onExit;
  }

  /**
   * Starts worker {@code workerId} for {@code suite}.
   *
   * @throws IllegalStateException if the manager is closed
   */
  public WorkerProcess start(String workerId, SuiteSpec suite) {
    if (closed) {
      throw new IllegalStateException("WorkerManager is closed; cannot start " + workerId);
    }
    WorkerProcess worker = local.start(workerId, suite, coordinator, token, onExit);
    workers.put(workerId, worker);
    return worker;
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
