package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Units waiting to be sent, longest estimate first; among equal estimates, lower unit id (earlier
 * in the plan) first. Each unit's cost is estimated once, when it first enters a queue.
 */
final class CostQueue {

  /** A waiting unit with its estimate; {@code seq} keeps equal entries apart. */
  record Entry(WorkUnit unit, double cost, long seq) {}

  private static final Comparator<Entry> LONGEST_FIRST =
      Comparator.comparingDouble(Entry::cost)
          .reversed()
          .thenComparingInt(e -> e.unit().unitId())
          .thenComparingLong(Entry::seq);

  private final UnitCost cost;
  private final TreeSet<Entry> entries = new TreeSet<>(LONGEST_FIRST);
  private long nextSeq;
  private double total;

  CostQueue(UnitCost cost) {
    this.cost = cost;
  }

  /** Queues {@code unit} with its estimate; returns the entry. */
  Entry add(WorkUnit unit) {
    return add(unit, cost.seconds(unit));
  }

  /** Queues {@code unit} with a known estimate (moving it between queues). */
  Entry add(WorkUnit unit, double seconds) {
    Entry e = new Entry(unit, seconds, nextSeq++);
    entries.add(e);
    total += seconds;
    return e;
  }

  /** The longest waiting unit, left in the queue; null if none. */
  Entry peekFirst() {
    return entries.isEmpty() ? null : entries.first();
  }

  /** The longest waiting unit, removed; null if none. */
  Entry pollFirst() {
    Entry e = entries.pollFirst();
    if (e != null) {
      remove(e);
    }
    return e;
  }

  /** Removes {@code e} (an entry of this queue). */
  void take(Entry e) {
    if (entries.remove(e)) {
      remove(e);
    }
  }

  /** The waiting entries, longest first (a copy). */
  List<Entry> entries() {
    return new ArrayList<>(entries);
  }

  int size() {
    return entries.size();
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The estimated cost of everything waiting. */
  double totalCost() {
    return entries.isEmpty() ? 0 : total;
  }

  /** Empties the queue; returns its units, longest first. */
  List<WorkUnit> drain() {
    List<WorkUnit> out = entries.stream().map(Entry::unit).toList();
    entries.clear();
    total = 0;
    return out;
  }

  private void remove(Entry e) {
    total -= e.cost();
  }
}
