package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.List;

/**
 * A distribution strategy. The session tells it what happens and sends whatever it assigns.
 * Called from the session thread only.
 */
public interface Scheduler {

  /** A worker agreed on the plan and can take work. */
  void workerReady(String workerId);

  /**
   * The units to send to {@code workerId} now, in order, at most {@code max}; empty if it has
   * enough or nothing is left. Called after {@link #workerReady} and after each {@link #unitDone}
   * of that worker.
   */
  List<WorkUnit> assign(String workerId, int max);

  /** {@code workerId} finished {@code unitId}. */
  void unitDone(String workerId, int unitId);

  /**
   * {@code workerId} is gone. Returns the units it held that had not started; they are queued again
   * (at the front) for the other workers.
   *
   * @param startedUnitId the unit it was in the middle of, not returned, or -1
   */
  List<WorkUnit> workerLost(String workerId, int startedUnitId);

  /** Puts a unit (e.g. the rest of a crashed worker's unit) at the front of the queue. */
  void requeue(WorkUnit unit);

  /** Units not yet assigned to anyone. */
  int pendingUnits();

  /** True when every unit has been assigned and finished. */
  boolean isFinished();

  /** Drops every unit not yet assigned (fail-fast, interrupt); returns them. */
  List<WorkUnit> drainPending();
}
