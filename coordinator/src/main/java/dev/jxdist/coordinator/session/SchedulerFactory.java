package dev.jxdist.coordinator.session;

import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.scheduler.Scheduler;

/** Makes a suite's scheduler once its workers agreed on the plan. */
@FunctionalInterface
public interface SchedulerFactory {

  /** The scheduler for {@code suite}, whose workers agreed on {@code plan}. */
  Scheduler create(SuiteSpec suite, TestPlanIndex plan);
}
