package dev.jxdist.coordinator.manager;

import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.SuiteSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provisions the run's workers, as the session asks for them, and lets them go at the end: local
 * worker JVMs, workers on SSH hosts and workers on join places, each new one where the fewest of
 * its places are taken (among equals: local first, then the hosts in order, then join places). The
 * session decides how many run at once (a worker on its way out, in fresh-JVM mode or when moved to
 * another module, may still be alive while its successor starts).
 */
public final class WorkerManager implements AutoCloseable {

  private final LocalWorkerProvisioner local;
  private final int localCapacity;
  private final List<RemoteHostProvisioner> remotes;
  private final JoinPlaces join;
  private final int coordinatorPort;
  private final int workerCount;
  private final String coordinator;
  private final RunToken token;
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
      LocalWorkerProvisioner local, String coordinator, RunToken token, WorkerExitListener onExit) {
    this(local, Integer.MAX_VALUE, List.of(), null, 0, 0, coordinator, token, onExit);
  }

  /**
   * @param local starts local workers
   * @param localCapacity how many local workers may run at once (0: none)
   * @param remotes the SSH hosts, ready; closed by {@link #close}
   * @param join the join places, or null for none; closed by {@link #close}
   * @param coordinatorPort the port the coordinator listens on, for remote workers
   * @param workerCount how many workers run at once in the whole run, as remote workers are told
   * @param coordinator the address local workers dial
   * @param token the run's secret
   * @param onExit told when a worker's process ends or cannot be started
   */
  public WorkerManager(
      LocalWorkerProvisioner local,
      int localCapacity,
      List<RemoteHostProvisioner> remotes,
      JoinPlaces join,
      int coordinatorPort,
      int workerCount,
      String coordinator,
      RunToken token,
      WorkerExitListener onExit) {
    this.local = local;
    this.localCapacity = localCapacity;
    this.remotes = List.copyOf(remotes);
    this.join = join;
    this.coordinatorPort = coordinatorPort;
    this.workerCount = workerCount;
    this.coordinator = coordinator;
    this.token = token;
    this.onExit = onExit;
  }

  /**
   * Starts worker {@code workerId} in slot {@code slot} ({@code JXDIST_WORKER}) for {@code suite}.
   *
   * @throws IllegalStateException if the manager is closed
   */
  public WorkerProcess start(String workerId, String slot, SuiteSpec suite) {
    if (closed) {
      throw new IllegalStateException("WorkerManager is closed; cannot start " + workerId);
    }
    RemoteHostProvisioner best = null;
    double bestLoad = localCapacity == 0 ? Double.MAX_VALUE : localLoad();
    for (RemoteHostProvisioner remote : remotes) {
      double load = (double) remote.running() / remote.capacity();
      if (load < bestLoad) {
        best = remote;
        bestLoad = load;
      }
    }
    boolean joinBest =
        join != null && join.capacity() > 0 && (double) join.running() / join.capacity() < bestLoad;
    WorkerProcess worker;
    if (joinBest) {
      worker = join.start(workerId, slot, suite, onExit);
    } else if (best != null) {
      worker = best.start(workerId, slot, suite, coordinatorPort, token, workerCount, onExit);
    } else if (localCapacity > 0) {
      worker = local.start(workerId, slot, suite, coordinator, token, onExit);
    } else {
      throw new IllegalStateException("no host is left to start " + workerId + " on");
    }
    workers.put(workerId, worker);
    return worker;
  }

  private double localLoad() {
    long running =
        workers.values().stream().filter(w -> w instanceof LocalWorker && w.isAlive()).count();
    return (double) running / localCapacity;
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
    local.finish(workers.values().stream().filter(w -> w instanceof LocalWorker).toList());
    remotes.forEach(RemoteHostProvisioner::close);
    if (join != null) {
      join.close();
    }
  }
}
