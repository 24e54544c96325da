package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.List;

/**
 * A distribution strategy. The session tells it what happens and sends whatever it assigns. Called
 * from the session thread only; pure (no I/O, no threads, no clock).
 *
 * <p>Workers are named by the key the session passes: the worker's slot ({@code w1}, {@code w2},
 * ...). A replacement JVM for a slot comes back with the same key, after {@link #workerLost} of the
 * old one; strategies treat keys as opaque strings and a key that is ready again as a fresh worker
 * (some strategies give it back what its slot had: see each class).
 *
 * <p>A unit is "held" by a worker from the moment {@link #assign} returns it until {@link
 * #unitDone}: the session has sent it, so no other worker may get it. Strategies that share work
 * hand it out longest first by their {@link UnitCost}, and hold to the {@link Prefetch} rule.
 */
public interface Scheduler {

  /** A worker agreed on the plan and can take work. */
  void workerReady(String worker);

  /**
   * The units to send to {@code worker} now, in order, at most {@code max}; empty if it has enough
   * or nothing is left for it. Called after {@link #workerReady} and after each {@link #unitDone}
   * of that worker, and for every worker after another one is lost.
   */
  List<WorkUnit> assign(String worker, int max);

  /**
   * {@code worker} finished {@code unitId}.
   *
   * @throws IllegalArgumentException if it did not hold that unit
   */
  void unitDone(String worker, int unitId);

  /**
   * {@code worker} is gone. Its held units that had not started either go back to the others
   * ({@link LostWork#requeued()}) or, in strategies where a unit belongs to one worker ({@code
   * each}, replay), are given up with the rest of its list ({@link LostWork#abandoned()}), for the
   * session to report as not run.
   *
   * @param startedUnitId the unit it was in the middle of, in neither list, or -1
   */
  LostWork workerLost(String worker, int startedUnitId);

  /**
   * Queues a unit the session made during the run (the rest of a crashed worker's unit) for the
   * others, in cost order.
   *
   * @return false if this strategy gives a lost worker's work to no one ({@code each}, replay): the
   *     unit will not run and the session reports it
   */
  boolean requeue(WorkUnit unit);

  /**
   * True if a unit may go to any worker; false in strategies where a unit belongs to one worker
   * ({@code each}, replay), whose {@link #requeue} takes nothing.
   */
  default boolean sharesWork() {
    return true;
  }

  /** Units not yet sent to any worker. */
  int pendingUnits();

  /** True when every unit has been sent and finished (or given up with its worker). */
  boolean isFinished();

  /**
   * Drops every unit not yet sent, including those waiting in per-worker lists (fail-fast,
   * interrupt), and returns them; held units still finish.
   */
  List<WorkUnit> drainPending();
}
