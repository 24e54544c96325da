package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands out a fixed set of units on demand, from one queue, longest estimate first, to whichever
 * worker asks, within the {@link Prefetch} rule. A lost worker's unstarted units go back into the
 * queue in cost order. The strategies that differ only in how the plan is cut extend it.
 */
abstract class PullScheduler implements Scheduler {

  private final CostQueue pending;
  private final Holdings holdings = new Holdings();
  private final int expectedWorkers;
  private final Packing packing;

  PullScheduler(List<WorkUnit> units, UnitCost cost, int expectedWorkers) {
    this(units, cost, expectedWorkers, Packing.NONE);
  }

  /**
   * @param packing whether short units go out packed into one ({@link Packing})
   */
  PullScheduler(List<WorkUnit> units, UnitCost cost, int expectedWorkers, Packing packing) {
    this.expectedWorkers = expectedWorkers;
    this.packing = packing;
    pending = new CostQueue(cost);
    units.forEach(pending::add);
  }

  @Override
  public final void workerReady(String worker) {
    holdings.join(worker);
  }

  @Override
  public final List<WorkUnit> assign(String worker, int max) {
    if (!holdings.isReady(worker)) {
      return List.of();
    }
    List<WorkUnit> out = new ArrayList<>();
    while (out.size() < max
        && !pending.isEmpty()
        && Prefetch.mayTakeAnother(
            holdings,
            worker,
            pending.peekFirst().cost(),
            pending.size(),
            pending.totalCost(),
            expectedWorkers)) {
      double limit =
          packing.limit(
              pending.totalCost(), Prefetch.workers(holdings.readyWorkers(), expectedWorkers));
      CostQueue.Entry e = pending.pollFirst();
      List<WorkUnit> pack = new ArrayList<>(List.of(e.unit()));
      double cost = e.cost();
      while (!pending.isEmpty() && packing.takes(cost, pending.peekFirst().cost(), limit)) {
        CostQueue.Entry next = pending.pollFirst();
        pack.add(next.unit());
        cost += next.cost();
      }
      WorkUnit unit = Packing.merge(pack);
      holdings.hold(worker, unit, cost);
      out.add(unit);
    }
    return out;
  }

  @Override
  public final void unitDone(String worker, int unitId) {
    holdings.release(worker, unitId);
  }

  @Override
  public final LostWork workerLost(String worker, int startedUnitId) {
    List<Holdings.Held> back = holdings.leave(worker, startedUnitId);
    back.forEach(h -> pending.add(h.unit(), h.cost()));
    return new LostWork(Holdings.units(back), List.of());
  }

  @Override
  public final boolean requeue(WorkUnit unit) {
    pending.add(unit);
    return true;
  }

  @Override
  public final int pendingUnits() {
    return pending.size();
  }

  @Override
  public final boolean isFinished() {
    return pending.isEmpty() && holdings.nothingHeld();
  }

  @Override
  public final List<WorkUnit> drainPending() {
    return pending.drain();
  }
}
