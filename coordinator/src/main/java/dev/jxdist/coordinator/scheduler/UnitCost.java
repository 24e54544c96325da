package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.WorkUnit;

/**
 * What a unit of work is expected to cost, so that strategies can hand out the longest work first
 * and keep the tail of a run short. Only the order of the costs matters to a strategy; an
 * implementation backed by measured durations returns seconds.
 */
public interface UnitCost {

  /** The expected cost of {@code unit}, in seconds (or in a unit proportional to them). */
  double seconds(WorkUnit unit);

  /** The cost without history: a unit's number of tests. */
  static UnitCost byTestCount() {
    return WorkUnit::testCount;
  }
}
