package dev.jxdist.coordinator.session;

import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.scheduler.Scheduler;
import java.time.Instant;

/**
 * The session's record of one suite (one module of a build): what its workers are told, the plan
 * they agreed on, its results and its scheduler. Mutated by the session thread only.
 */
final class SuiteRun {

  final SuiteSpec spec;
  final CoordinatorCommand.Configure configure;
  final CoordinatorCommand.Discover discover;
  TestPlanIndex plan;
  String planFrom;
  /** When the first plan came. */
  Instant planAgreedAt;
  /**
   * Work has begun: every worker started for it so far sent its plan, or the wait for them is
   * over.
   */
  boolean collected;
  ResultBook book;
  Scheduler scheduler;
  int nextUnitId;
  /** Why the suite cannot be run (every worker failed to set it up), or null. */
  String failure;

  SuiteRun(SuiteSpec spec, CoordinatorCommand.Configure configure, CoordinatorCommand.Discover discover) {
    this.spec = spec;
    this.configure = configure;
    this.discover = discover.withSendPlan(true);
  }

  String id() {
    return spec.id();
  }

  /** True when nothing is left to do for it: its plan ran out, or it cannot be run at all. */
  boolean isDone() {
    return failure != null || (scheduler != null && scheduler.isFinished());
  }

  /** Units waiting for a worker; a suite without a plan yet counts as one (it needs a worker). */
  int demand() {
    if (isDone()) {
      return 0;
    }
    return scheduler == null ? 1 : scheduler.pendingUnits();
  }
}
