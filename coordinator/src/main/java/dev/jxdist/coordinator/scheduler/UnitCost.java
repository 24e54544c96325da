package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.WorkUnit;

/**
 * An estimate of how long a unit takes, in seconds (or any unit of time, as long as one estimate
 * uses one): strategies hand out the longest first and size their chunks by it. Only ratios matter.
 */
@FunctionalInterface
public interface UnitCost {

  /** The estimated duration of {@code unit}; never negative. */
  double seconds(WorkUnit unit);

  /** For runs without history: a unit costs as many seconds as it has tests. */
  static UnitCost byTestCount() {
    return WorkUnit::testCount;
  }
}
