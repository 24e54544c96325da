package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ready workers of a scheduler and the units each holds (sent, not yet done), in the order they
 * were sent, with their estimated cost; and, kept as they change, how many ready workers hold
 * nothing and the cost of everything held (so that asking costs the same with 500 workers as with
 * 2).
 */
final class Holdings {

  /** A unit a worker holds, with the cost it was handed out at. */
  record Held(WorkUnit unit, double cost) {}

  /** What one worker holds. */
  private static final class Mine {
    final Map<Integer, Held> units = new LinkedHashMap<>();
    double cost;
  }

  private final Map<String, Mine> byWorker = new LinkedHashMap<>();
  private int idle;
  private int heldUnits;
  private double heldCost;

  /** Adds a ready worker; false if it was ready already. */
  boolean join(String worker) {
    if (byWorker.putIfAbsent(worker, new Mine()) != null) {
      return false;
    }
    idle++;
    return true;
  }

  boolean isReady(String worker) {
    return byWorker.containsKey(worker);
  }

  int readyWorkers() {
    return byWorker.size();
  }

  /** Ready workers that hold nothing. */
  int idleWorkers() {
    return idle;
  }

  /** How many units {@code worker} holds; 0 if it is not ready. */
  int count(String worker) {
    Mine mine = byWorker.get(worker);
    return mine == null ? 0 : mine.units.size();
  }

  /** The estimated cost of what {@code worker} holds. */
  double cost(String worker) {
    Mine mine = byWorker.get(worker);
    return mine == null ? 0 : mine.cost;
  }

  /** The estimated cost of everything every worker holds. */
  double totalCost() {
    return heldUnits == 0 ? 0 : heldCost;
  }

  void hold(String worker, WorkUnit unit, double cost) {
    Mine mine = byWorker.get(worker);
    if (mine == null) {
      throw new IllegalStateException(worker + " is not ready");
    }
    if (mine.units.putIfAbsent(unit.unitId(), new Held(unit, cost)) != null) {
      throw new IllegalStateException(worker + " already holds unit " + unit.unitId());
    }
    if (mine.units.size() == 1) {
      idle--;
    }
    mine.cost += cost;
    heldUnits++;
    heldCost += cost;
  }

  /**
   * {@code worker} is done with {@code unitId}.
   *
   * @throws IllegalArgumentException if it did not hold it
   */
  Held release(String worker, int unitId) {
    Mine mine = byWorker.get(worker);
    Held held = mine == null ? null : mine.units.remove(unitId);
    if (held == null) {
      throw new IllegalArgumentException(worker + " reported unit " + unitId + " it did not hold");
    }
    forget(mine, held);
    return held;
  }

  /**
   * {@code worker} is gone: returns what it held except {@code startedUnitId}, in the order sent.
   */
  List<Held> leave(String worker, int startedUnitId) {
    Mine mine = byWorker.remove(worker);
    if (mine == null) {
      return List.of();
    }
    if (mine.units.isEmpty()) {
      idle--;
    }
    heldUnits -= mine.units.size();
    heldCost -= mine.cost;
    mine.units.remove(startedUnitId);
    return new ArrayList<>(mine.units.values());
  }

  boolean nothingHeld() {
    return heldUnits == 0;
  }

  static List<WorkUnit> units(List<Held> held) {
    return held.stream().map(Held::unit).toList();
  }

  private void forget(Mine mine, Held held) {
    mine.cost = mine.units.isEmpty() ? 0 : mine.cost - held.cost();
    if (mine.units.isEmpty()) {
      idle++;
    }
    heldUnits--;
    heldCost = heldUnits == 0 ? 0 : heldCost - held.cost();
  }
}
