package dev.jxdist.coordinator.session;

import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.scheduler.Scheduler;

/** Makes a suite's scheduler once its workers agreed on the plan. */
@FunctionalInterface
public interface SchedulerFactory {

  /** The scheduler for {@code suite}, whose workers agreed on {@code plan}. */
  Scheduler create(SuiteSpec suite, TestPlanIndex plan);

  /**
   * The part of {@code suite}'s agreed {@code plan} this run runs: all of it, or one shard's share
   * ({@code --shard}, see {@link TestPlanIndex#shareOf}). The session keeps results and cuts units
   * from what this returns.
   */
  default TestPlanIndex share(SuiteSpec suite, TestPlanIndex plan) {
    return plan;
  }
}
