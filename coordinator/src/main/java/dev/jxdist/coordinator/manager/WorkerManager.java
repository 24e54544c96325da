package dev.jxdist.coordinator.manager;

import dev.jxdist.coordinator.config.SuiteSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Provisions the run's workers, as the session asks for them, and lets them go at the end. It knows
 * its {@link Provisioner}s only through that interface: each new worker goes where the fewest of
 * its places are taken (among equals, the first in the order given: local, then the hosts in
 * host-list order, then join places); a replacement goes where its predecessor ran, unless that
 * provisioner was dropped. The session decides how many run at once (a worker on its way out, in
 * fresh-JVM mode or when moved to another module, may still be alive while its successor starts),
 * and says when a worker ended: the places taken are counted here, without asking any host, so that
 * nothing the session calls waits on the network.
 *
 * <p>{@link #close} is bounded: a provisioner that does not finish its clean-up within {@link
 * #CLOSE_TIMEOUT} (a host cut off) is left to finish in the background, and said so.
 */
public final class WorkerManager implements AutoCloseable {

  private final List<Provisioner> provisioners;
  private final RunContact contact;
  private final WorkerExitListener onExit;
  private final Map<String, WorkerProcess> workers = new LinkedHashMap<>();
  private final Map<String, Provisioner> startedBy = new LinkedHashMap<>();
  private final Set<String> ended = new HashSet<>();
  private final Set<Provisioner> dropped = new HashSet<>();
  private final Consumer<String> warnings;
  private boolean closed;

  /** How long {@link #close} waits for the provisioners' clean-up, all together. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /** How long {@link #close} waits for a dropped provisioner's clean-up. */
  private static final Duration DROPPED_CLOSE_TIMEOUT = Duration.ofSeconds(2);

  /**
   * @param provisioners where workers can start, in order of preference among equally loaded ones;
   *     closed by {@link #close}
   * @param contact how workers reach the coordinator
   * @param onExit told when a worker's process ends or cannot be started
   * @param warnings hears, in one line, of a provisioner whose clean-up did not finish in time
   */
  public WorkerManager(
      List<? extends Provisioner> provisioners,
      RunContact contact,
      WorkerExitListener onExit,
      Consumer<String> warnings) {
    this.provisioners = List.copyOf(provisioners);
    this.contact = contact;
    this.onExit = onExit;
    this.warnings = warnings;
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
    return leastLoaded(false)
        .map(p -> startOn(p, workerId, slot, suite))
        .orElseThrow(
            () -> new IllegalStateException("no host is left to start " + workerId + " on"));
  }

  /**
   * Starts worker {@code workerId} in slot {@code slot} for {@code suite} to replace {@code
   * predecessorId}: where the predecessor ran, unless that provisioner was dropped; then where a
   * place is free. Empty if no place is free anywhere.
   *
   * @throws IllegalStateException if the manager is closed
   */
  public Optional<WorkerProcess> replace(
      String predecessorId, String workerId, String slot, SuiteSpec suite) {
    Provisioner before = startedBy.get(predecessorId);
    if (before != null && !dropped.contains(before)) {
      return Optional.of(startOn(before, workerId, slot, suite));
    }
    return leastLoaded(true).map(p -> startOn(p, workerId, slot, suite));
  }

  /**
   * Stops starting workers on the provisioner that started {@code workerId}, if it is that worker's
   * host (local workers, an SSH host; not the join places, which are many machines); its workers
   * still alive are left to the session, and it is closed with the others. Returns its name if it
   * was dropped now.
   */
  public Optional<String> drop(String workerId) {
    Provisioner p = startedBy.get(workerId);
    WorkerProcess worker = workers.get(workerId);
    if (p == null || !p.name().equals(worker.host()) || !dropped.add(p)) {
      return Optional.empty();
    }
    return Optional.of(p.name());
  }

  /** Worker {@code workerId} has ended: its place is free. */
  public void ended(String workerId) {
    ended.add(workerId);
  }

  /**
   * The provisioner not dropped with the lowest share of its places taken, if any ({@code
   * withRoom}: only one with a place free).
   */
  private Optional<Provisioner> leastLoaded(boolean withRoom) {
    Provisioner best = null;
    double bestLoad = Double.MAX_VALUE;
    for (Provisioner p : provisioners) {
      if (p.capacity() <= 0 || dropped.contains(p)) {
        continue;
      }
      long taken = taken(p);
      if (withRoom && taken >= p.capacity()) {
        continue;
      }
      double load = (double) taken / p.capacity();
      if (load < bestLoad) {
        best = p;
        bestLoad = load;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The places of {@code p} taken: its workers started and not ended. */
  private long taken(Provisioner p) {
    return startedBy.entrySet().stream()
        .filter(e -> e.getValue() == p && !ended.contains(e.getKey()))
        .count();
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
   * period), and each provisioner closed, provisioners in parallel (threads {@code
   * jxdist-close-<name>}), so the grace periods overlap. Waits {@link #CLOSE_TIMEOUT} at most: a
   * provisioner still closing then (a host that does not answer; a dropped one gets {@link
   * #DROPPED_CLOSE_TIMEOUT}) is named and left to finish in the background; its workers end by
   * themselves at the heartbeat deadline. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<WorkerProcess> all = new ArrayList<>(workers.values());
    all.forEach(WorkerProcess::letGo);
    Map<Provisioner, Thread> closing = new LinkedHashMap<>();
    for (Provisioner p : provisioners) {
      List<WorkerProcess> own = all.stream().filter(w -> startedBy.get(w.id()) == p).toList();
      Thread t =
          new Thread(
              () -> {
                try {
                  own.forEach(WorkerProcess::close);
                  p.close();
                } catch (RuntimeException failed) {
                  warnings.accept(failed.getMessage());
                }
              },
              "jxdist-close-" + p.name());
      t.setDaemon(true);
      t.start();
      closing.put(p, t);
    }
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    for (Map.Entry<Provisioner, Thread> e : closing.entrySet()) {
      boolean wasDropped = dropped.contains(e.getKey());
      // A dropped one failed already: little hope, little wait.
      Duration allowed = wasDropped ? DROPPED_CLOSE_TIMEOUT : CLOSE_TIMEOUT;
      long wait =
          Math.max(1, Math.min(allowed.toNanos(), deadline - System.nanoTime()) / 1_000_000);
      try {
        e.getValue().join(wait);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      if (e.getValue().isAlive()) {
        warnings.accept(
            e.getKey().name()
                + (wasDropped ? " (dropped)" : "")
                + ": its clean-up did not finish within "
                + allowed.toSeconds()
                + " s; its workers end by themselves when they hear nothing more from this run");
      }
    }
  }
}
