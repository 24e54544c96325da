package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.List;

/**
 * {@code --dist loadclass} (the default): whole top-level classes, nested classes included, to
 * whichever worker asks, longest estimate first; a worker holds what the {@link Prefetch} rule
 * allows. The class is where {@code @BeforeAll}, {@code PER_CLASS} state and method order live, so
 * it is the safe unit. Short classes may go out packed, several in one launcher call ({@link
 * Packing}).
 */
public final class LoadClassScheduler extends PullScheduler {

  /**
   * Schedules {@code units} (normally {@link TestPlanIndex#unitsByTopLevelClass()}).
   *
   * @param expectedWorkers how many workers the run expects (see {@link Prefetch})
   */
  public LoadClassScheduler(List<WorkUnit> units, UnitCost cost, int expectedWorkers) {
    super(units, cost, expectedWorkers);
  }

  /**
   * Schedules {@code units}, packing short ones as {@code packing} says.
   *
   * @param expectedWorkers how many workers the run expects (see {@link Prefetch})
   */
  public LoadClassScheduler(
      List<WorkUnit> units, UnitCost cost, int expectedWorkers, Packing packing) {
    super(units, cost, expectedWorkers, packing);
  }

  /** Schedules the top-level classes of {@code plan}. */
  public static LoadClassScheduler of(TestPlanIndex plan, UnitCost cost, int expectedWorkers) {
    return new LoadClassScheduler(plan.unitsByTopLevelClass(), cost, expectedWorkers);
  }

  /**
   * Schedules the top-level classes of {@code plan}, packing short ones as {@code packing} says.
   */
  public static LoadClassScheduler of(
      TestPlanIndex plan, UnitCost cost, int expectedWorkers, Packing packing) {
    return new LoadClassScheduler(plan.unitsByTopLevelClass(), cost, expectedWorkers, packing);
  }
}
