package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strategies where every worker has a list of its own that no one else runs: a worker gets its list
 * the first time it becomes ready (not after {@link #drainPending}) and is sent it in order, {@link
 * Prefetch#DEPTH} units at a time (there is nothing to balance, so no tail rule). A lost worker's
 * list is given up with what it held; its key, ready again, gets nothing more.
 */
abstract class OwnListScheduler implements Scheduler {

  private final Map<String, Deque<WorkUnit>> lists = new LinkedHashMap<>();
  private final Set<String> everReady = new HashSet<>();
  private final Holdings holdings = new Holdings();
  private boolean drained;

  /** The list of {@code worker}, asked once, when it first becomes ready. */
  abstract List<WorkUnit> listFor(String worker);

  @Override
  public final void workerReady(String worker) {
    if (holdings.join(worker) && everReady.add(worker) && !drained) {
      lists.put(worker, new ArrayDeque<>(listFor(worker)));
    }
  }

  @Override
  public final List<WorkUnit> assign(String worker, int max) {
    Deque<WorkUnit> mine = lists.get(worker);
    if (mine == null || !holdings.isReady(worker)) {
      return List.of();
    }
    List<WorkUnit> out = new ArrayList<>();
    while (out.size() < max && !mine.isEmpty() && holdings.count(worker) < Prefetch.DEPTH) {
      WorkUnit u = mine.pollFirst();
      holdings.hold(worker, u, 0);
      out.add(u);
    }
    return out;
  }

  @Override
  public final void unitDone(String worker, int unitId) {
    holdings.release(worker, unitId);
  }

  /** Nothing goes to the others: what it held and what was left of its list is abandoned. */
  @Override
  public final LostWork workerLost(String worker, int startedUnitId) {
    List<WorkUnit> abandoned =
        new ArrayList<>(Holdings.units(holdings.leave(worker, startedUnitId)));
    Deque<WorkUnit> rest = lists.get(worker);
    if (rest != null) {
      abandoned.addAll(rest);
      rest.clear();
    }
    return new LostWork(List.of(), abandoned);
  }

  /** No one else runs a lost worker's units. */
  @Override
  public final boolean requeue(WorkUnit unit) {
    return false;
  }

  @Override
  public final boolean sharesWork() {
    return false;
  }

  /** Units not yet sent, summed over the lists handed out. */
  @Override
  public final int pendingUnits() {
    return lists.values().stream().mapToInt(Deque::size).sum();
  }

  /** True when every list handed out is empty and every unit sent is done. */
  @Override
  public boolean isFinished() {
    return pendingUnits() == 0 && holdings.nothingHeld();
  }

  /** Returns every list's unsent units (a unit once per list that had it). */
  @Override
  public final List<WorkUnit> drainPending() {
    drained = true;
    List<WorkUnit> out = new ArrayList<>();
    for (Deque<WorkUnit> list : lists.values()) {
      out.addAll(list);
      list.clear();
    }
    return out;
  }

  /** True if {@code worker} has been ready at some point (and so was given its list). */
  final boolean wasReady(String worker) {
    return everReady.contains(worker);
  }

  /** True if any worker has been ready. */
  final boolean anyWasReady() {
    return !everReady.isEmpty();
  }

  /** True after {@link #drainPending}. */
  final boolean drained() {
    return drained;
  }
}
