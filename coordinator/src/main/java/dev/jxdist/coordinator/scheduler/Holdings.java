package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ready workers of a scheduler and the units each holds (sent, not yet done), in the order they
 * were sent, with their estimated cost.
 */
final class Holdings {

  /** A unit a worker holds, with the cost it was handed out at. */
  record Held(WorkUnit unit, double cost) {}

  private final Map<String, Map<Integer, Held>> byWorker = new LinkedHashMap<>();

  /** Adds a ready worker; false if it was ready already. */
  boolean join(String worker) {
    return byWorker.putIfAbsent(worker, new LinkedHashMap<>()) == null;
  }

  boolean isReady(String worker) {
    return byWorker.containsKey(worker);
  }

  int readyWorkers() {
    return byWorker.size();
  }

  /** How many units {@code worker} holds; 0 if it is not ready. */
  int count(String worker) {
    Map<Integer, Held> mine = byWorker.get(worker);
    return mine == null ? 0 : mine.size();
  }

  /** The estimated cost of what {@code worker} holds. */
  double cost(String worker) {
    Map<Integer, Held> mine = byWorker.get(worker);
    return mine == null ? 0 : mine.values().stream().mapToDouble(Held::cost).sum();
  }

  void hold(String worker, WorkUnit unit, double cost) {
    Map<Integer, Held> mine = byWorker.get(worker);
    if (mine == null) {
      throw new IllegalStateException(worker + " is not ready");
    }
    if (mine.putIfAbsent(unit.unitId(), new Held(unit, cost)) != null) {
      throw new IllegalStateException(worker + " already holds unit " + unit.unitId());
    }
  }

  /**
   * {@code worker} is done with {@code unitId}.
   *
   * @throws IllegalArgumentException if it did not hold it
   */
  Held release(String worker, int unitId) {
    Map<Integer, Held> mine = byWorker.get(worker);
    Held held = mine == null ? null : mine.remove(unitId);
    if (held == null) {
      throw new IllegalArgumentException(worker + " reported unit " + unitId + " it did not hold");
    }
    return held;
  }

  /**
   * {@code worker} is gone: returns what it held except {@code startedUnitId}, in the order sent.
   */
  List<Held> leave(String worker, int startedUnitId) {
    Map<Integer, Held> mine = byWorker.remove(worker);
    if (mine == null) {
      return List.of();
    }
    mine.remove(startedUnitId);
    return new ArrayList<>(mine.values());
  }

  boolean nothingHeld() {
    return byWorker.values().stream().allMatch(Map::isEmpty);
  }

  static List<WorkUnit> units(List<Held> held) {
    return held.stream().map(Held::unit).toList();
  }
}
