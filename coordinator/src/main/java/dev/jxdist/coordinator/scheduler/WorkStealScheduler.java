package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --dist worksteal}: the units (top-level classes) are split evenly by estimated cost up
 * front, one share per expected worker (longest first, each to the share with the least so far); a
 * worker that becomes ready takes a share and runs it longest first. The shares are kept here, in
 * the coordinator; a worker is sent only what the {@link Prefetch} rule allows. A worker whose
 * share is empty steals, once it holds nothing, from the share with the most estimated cost not yet
 * sent: half of it by cost (the largest units that fit in half, at least one unit), so it and the
 * victim end about together. Shares of workers that never come, or were lost, are stolen like any
 * other.
 *
 * <p>The rule that "the victim gives back all it was asked for or none" holds trivially
 * here: only units not yet sent are stolen, and they are moved between lists inside the session
 * thread, so a unit is sent to exactly one worker and nothing can run twice.
 */
final class WorkStealScheduler implements Scheduler {

  /** One worker's list of units, and who has it. */
  private static final class Share {
    final CostQueue units;
    String owner;
    String lastOwner;

    Share(UnitCost cost) {
      units = new CostQueue(cost);
    }
  }

  private final UnitCost cost;
  private final List<Share> shares = new ArrayList<>();
  private final Map<String, Share> byWorker = new LinkedHashMap<>();
  private final Holdings holdings = new Holdings();
  private final int expectedWorkers;

  /**
   * @param units the units, normally {@link TestPlanIndex#unitsByTopLevelClass()}
   * @param expectedWorkers how many workers the run expects (shares to cut); at least 1 is used
   */
  public WorkStealScheduler(List<WorkUnit> units, UnitCost cost, int expectedWorkers) {
    this.cost = cost;
    this.expectedWorkers = expectedWorkers;
    for (int i = 0; i < Math.max(1, expectedWorkers); i++) {
      shares.add(new Share(cost));
    }
    CostQueue all = new CostQueue(cost);
    units.forEach(all::add);
    for (CostQueue.Entry e = all.pollFirst(); e != null; e = all.pollFirst()) {
      leastLoaded(shares).units.add(e.unit(), e.cost());
    }
  }

  /** Schedules the top-level classes of {@code plan}. */
  public static WorkStealScheduler of(TestPlanIndex plan, UnitCost cost, int expectedWorkers) {
    return new WorkStealScheduler(plan.unitsByTopLevelClass(), cost, expectedWorkers);
  }

  /**
   * The worker takes the share its slot had before it was lost, else one no one has had, else one
   * left by a lost worker, else an empty one (and steals).
   */
  @Override
  public void workerReady(String worker) {
    if (!holdings.join(worker)) {
      return;
    }
    Share mine = null;
    for (Share s : shares) {
      if (s.owner == null && worker.equals(s.lastOwner)) {
        mine = s;
        break;
      }
    }
    for (int pass = 0; pass < 2 && mine == null; pass++) {
      for (Share s : shares) {
        if (s.owner == null && (pass == 1 || s.lastOwner == null)) {
          mine = s;
          break;
        }
      }
    }
    if (mine == null) {
      mine = new Share(cost);
      shares.add(mine);
    }
    mine.owner = worker;
    byWorker.put(worker, mine);
  }

  @Override
  public List<WorkUnit> assign(String worker, int max) {
    Share own = byWorker.get(worker);
    if (own == null) {
      return List.of();
    }
    List<WorkUnit> out = new ArrayList<>();
    while (out.size() < max) {
      if (own.units.isEmpty() && holdings.count(worker) == 0) {
        stealFor(own);
      }
      CostQueue.Entry e = own.units.peekFirst();
      if (e == null
          || !Prefetch.mayTakeAnother(
              holdings, worker, e.cost(), pendingUnits(), pendingCost(), expectedWorkers)) {
        break;
      }
      own.units.take(e);
      holdings.hold(worker, e.unit(), e.cost());
      out.add(e.unit());
    }
    return out;
  }

  @Override
  public void unitDone(String worker, int unitId) {
    holdings.release(worker, unitId);
  }

  /** Its unstarted units go back to its share, which waits for its slot's return or thieves. */
  @Override
  public LostWork workerLost(String worker, int startedUnitId) {
    List<Holdings.Held> back = holdings.leave(worker, startedUnitId);
    Share share = byWorker.remove(worker);
    if (share != null) {
      back.forEach(h -> share.units.add(h.unit(), h.cost()));
      share.owner = null;
      share.lastOwner = worker;
    }
    return new LostWork(Holdings.units(back), List.of());
  }

  /** The unit goes to the share of the ready worker with the least estimated work waiting. */
  @Override
  public boolean requeue(WorkUnit unit) {
    List<Share> owned = new ArrayList<>(byWorker.values());
    leastLoaded(owned.isEmpty() ? shares : owned).units.add(unit);
    return true;
  }

  @Override
  public int pendingUnits() {
    return shares.stream().mapToInt(s -> s.units.size()).sum();
  }

  @Override
  public boolean isFinished() {
    return pendingUnits() == 0 && holdings.nothingHeld();
  }

  @Override
  public List<WorkUnit> drainPending() {
    List<WorkUnit> out = new ArrayList<>();
    shares.forEach(s -> out.addAll(s.units.drain()));
    return out;
  }

  private double pendingCost() {
    return shares.stream().mapToDouble(s -> s.units.totalCost()).sum();
  }

  /**
   * Moves half (by cost) of the not-yet-sent units of the share with the most cost waiting to
   * {@code thief}: the largest that fit in half, or the smallest one if none fits.
   */
  private void stealFor(Share thief) {
    Share victim = null;
    for (Share s : shares) {
      if (s != thief
          && !s.units.isEmpty()
          && (victim == null || s.units.totalCost() > victim.units.totalCost())) {
        victim = s;
      }
    }
    if (victim == null) {
      return;
    }
    List<CostQueue.Entry> waiting = victim.units.entries();
    double half = victim.units.totalCost() / 2;
    double taken = 0;
    List<CostQueue.Entry> loot = new ArrayList<>();
    for (CostQueue.Entry e : waiting) {
      if (taken + e.cost() <= half) {
        loot.add(e);
        taken += e.cost();
      }
    }
    if (loot.isEmpty()) {
      loot.add(waiting.get(waiting.size() - 1));
    }
    for (CostQueue.Entry e : loot) {
      victim.units.take(e);
      thief.units.add(e.unit(), e.cost());
    }
  }

  private static Share leastLoaded(List<Share> candidates) {
    Share best = candidates.get(0);
    for (Share s : candidates) {
      if (s.units.totalCost() < best.units.totalCost()) {
        best = s;
      }
    }
    return best;
  }
}
