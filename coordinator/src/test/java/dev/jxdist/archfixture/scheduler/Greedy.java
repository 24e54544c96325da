package dev.jxdist.archfixture.scheduler;

import dev.jxdist.archfixture.plan.Plan;
import dev.jxdist.archfixture.report.Report;

/** Violates "scheduler depends only on plan" (it knows a report) and closes a cycle with it. */
public final class Greedy {
  /** Plans and reports: the report dependency is the violation. */
  public String assign(Plan plan, Report report) {
    return plan.units() + report.line();
  }
}
