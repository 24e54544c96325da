package dev.jxdist.coordinator.manager;

import dev.jxdist.coordinator.config.SuiteSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provisions the run's workers, as the session asks for them, and lets them go at the end. It knows
 * its {@link Provisioner}s only through that interface: each new worker goes where the fewest of
 * its places are taken (among equals, the first in the order given: local, then the hosts in
 * host-list order, then join places). The session decides how many run at once (a worker on its way
 * out, in fresh-JVM mode or when moved to another module, may still be alive while its successor
 * starts).
 */
public final class WorkerManager implements AutoCloseable {

  private final List<Provisioner> provisioners;
  private final RunContact contact;
  private final WorkerExitListener onExit;
  private final Map<String, WorkerProcess> workers = new LinkedHashMap<>();
  private final Map<String, Provisioner> startedBy = new LinkedHashMap<>();
  private boolean closed;

  /**
   * @param provisioners where workers can start, in order of preference among equally loaded ones;
   *     closed by {@link #close}
   * @param contact how workers reach the coordinator
   * @param onExit told when a worker's process ends or cannot be started
   */
  public WorkerManager(
      List<? extends Provisioner> provisioners, RunContact contact, WorkerExitListener onExit) {
    this.provisioners = List.copyOf(provisioners);
    this.contact = contact;
    this.onExit = onExit;
  }

  /** How many workers may run at once over every provisioner. */
  public int capacity() {
    return provisioners.stream().mapToInt(Provisioner::capacity).sum();
  }

  /**
   * Starts worker {@code workerId} in slot {@code slot} ({@code JXDIST_WORKER}) for {@code suite},
   * where the fewest places are taken.
   *
   * @throws IllegalStateException if the manager is closed, or no provisioner takes workers
   */
  public WorkerProcess start(String workerId, String slot, SuiteSpec suite) {
    Provisioner best = null;
    double bestLoad = Double.MAX_VALUE;
    for (Provisioner p : provisioners) {
      if (p.capacity() <= 0) {
        continue;
      }
      double load = (double) p.running() / p.capacity();
      if (load < bestLoad) {
        best = p;
        bestLoad = load;
      }
    }
    if (best == null) {
      throw new IllegalStateException("no host is left to start " + workerId + " on");
    }
    return startOn(best, workerId, slot, suite);
  }

  /**
   * Starts worker {@code workerId} in slot {@code slot} for {@code suite} with {@code where}: for a
   * worker that must run there (a replacement on its predecessor's host).
   *
   * @throws IllegalStateException if the manager is closed
   */
  public WorkerProcess startOn(Provisioner where, String workerId, String slot, SuiteSpec suite) {
    if (closed) {
      throw new IllegalStateException("WorkerManager is closed; cannot start " + workerId);
    }
    WorkerProcess worker = where.start(new WorkerRequest(workerId, slot, suite, contact, onExit));
    workers.put(workerId, worker);
    startedBy.put(workerId, where);
    return worker;
  }

  /** The provisioner that started {@code workerId}. */
  public Optional<Provisioner> provisionerOf(String workerId) {
    return Optional.ofNullable(startedBy.get(workerId));
  }

  /** The provisioners, in order. */
  public List<Provisioner> provisioners() {
    return provisioners;
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
   * period), so the grace periods overlap; then each provisioner is closed. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<WorkerProcess> all = new ArrayList<>(workers.values());
    all.forEach(WorkerProcess::letGo);
    all.forEach(WorkerProcess::close);
    provisioners.forEach(Provisioner::close);
  }
}
