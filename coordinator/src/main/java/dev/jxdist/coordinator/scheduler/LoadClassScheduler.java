package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands out whole top-level classes to whichever worker asks, costliest first (by {@link
 * UnitCost}: measured durations when there is history, else the number of tests).
 *
 * <p>Each worker holds up to {@link #PREFETCH} units, so that it starts its next class without
 * waiting for a round trip; when fewer units are left than twice the workers, a worker gets one at
 * a time, so the tail of the run is not hoarded by one queue while another worker idles.
 */
public final class LoadClassScheduler implements Scheduler {

  /** Units a worker may hold (running plus queued) while work is plentiful. */
  static final int PREFETCH = 2;

  private final Deque<WorkUnit> pending = new ArrayDeque<>();
  private final Map<String, Map<Integer, WorkUnit>> held = new LinkedHashMap<>();

  /** Schedules {@code units}, larger ones (more tests) first, plan order among equals. */
  public LoadClassScheduler(List<WorkUnit> units) {
    this(units, UnitCost.byTestCount());
  }

  /** Schedules {@code units}, costlier ones first, plan order among equals. */
  public LoadClassScheduler(List<WorkUnit> units, UnitCost cost) {
    Map<Integer, Double> costs = new HashMap<>();
    units.forEach(u -> costs.put(u.unitId(), cost.seconds(u)));
    List<WorkUnit> ordered = new ArrayList<>(units);
    ordered.sort(
        Comparator.comparingDouble((WorkUnit u) -> costs.get(u.unitId())).reversed());
    pending.addAll(ordered);
  }

  @Override
  public void workerReady(String workerId) {
    held.putIfAbsent(workerId, new LinkedHashMap<>());
  }

  @Override
  public List<WorkUnit> assign(String workerId, int max) {
    Map<Integer, WorkUnit> mine = held.get(workerId);
    if (mine == null) {
      return List.of();
    }
    int limit = Math.min(max, pending.size() >= 2 * held.size() ? PREFETCH : 1);
    List<WorkUnit> out = new ArrayList<>();
    while (mine.size() < limit && !pending.isEmpty()) {
      WorkUnit u = pending.pollFirst();
      mine.put(u.unitId(), u);
      out.add(u);
    }
    return out;
  }

  @Override
  public void unitDone(String workerId, int unitId) {
    Map<Integer, WorkUnit> mine = held.get(workerId);
    if (mine == null || mine.remove(unitId) == null) {
      throw new IllegalArgumentException(workerId + " reported unit " + unitId + " it did not hold");
    }
  }

  @Override
  public List<WorkUnit> workerLost(String workerId, int startedUnitId) {
    Map<Integer, WorkUnit> mine = held.remove(workerId);
    if (mine == null) {
      return List.of();
    }
    mine.remove(startedUnitId);
    List<WorkUnit> back = new ArrayList<>(mine.values());
    for (int i = back.size() - 1; i >= 0; i--) {
      pending.addFirst(back.get(i));
    }
    return back;
  }

  @Override
  public void requeue(WorkUnit unit) {
    pending.addFirst(unit);
  }

  @Override
  public int pendingUnits() {
    return pending.size();
  }

  @Override
  public boolean isFinished() {
    return pending.isEmpty() && held.values().stream().allMatch(Map::isEmpty);
  }

  @Override
  public List<WorkUnit> drainPending() {
    List<WorkUnit> out = new ArrayList<>(pending);
    pending.clear();
    return out;
  }
}
