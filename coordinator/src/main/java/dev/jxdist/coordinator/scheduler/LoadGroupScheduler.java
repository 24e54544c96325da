package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.List;

/**
 * {@code --dist loadgroup}: the tests tagged {@code jxdist-group=NAME} run as one unit per name,
 * one after the other on one worker in one launcher call, whatever classes they are in; everything
 * else as {@code loadclass} (see {@link TestPlanIndex#unitsByGroup()} for classes that are partly
 * grouped or must stay whole). Units go out longest estimate first, on demand.
 */
final class LoadGroupScheduler extends PullScheduler {

  /**
   * Schedules {@code units} (normally {@link TestPlanIndex#unitsByGroup()}).
   *
   * @param expectedWorkers how many workers the run expects (see {@link Prefetch})
   */
  public LoadGroupScheduler(List<WorkUnit> units, UnitCost cost, int expectedWorkers) {
    super(units, cost, expectedWorkers);
  }

  /** Schedules the groups and remaining classes of {@code plan}. */
  public static LoadGroupScheduler of(TestPlanIndex plan, UnitCost cost, int expectedWorkers) {
    return new LoadGroupScheduler(plan.unitsByGroup(), cost, expectedWorkers);
  }
}
