package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.List;

/**
 * {@code --dist each}: every worker that becomes ready runs every unit (top-level classes), longest
 * estimate first. The run is finished when every worker that became ready has done all of them or
 * is lost. A lost worker's remaining units are abandoned (the session reports them as not run on
 * it); its key, ready again, gets nothing more, and nor does a worker first ready after {@link
 * #drainPending}.
 */
final class EachScheduler extends OwnListScheduler {

  private final List<WorkUnit> ordered;

  /** Schedules {@code units} (normally {@link TestPlanIndex#unitsByTopLevelClass()}) on all. */
  public EachScheduler(List<WorkUnit> units, UnitCost cost) {
    CostQueue q = new CostQueue(cost);
    units.forEach(q::add);
    ordered = q.drain();
  }

  /** Schedules the top-level classes of {@code plan}. */
  public static EachScheduler of(TestPlanIndex plan, UnitCost cost) {
    return new EachScheduler(plan.unitsByTopLevelClass(), cost);
  }

  @Override
  List<WorkUnit> listFor(String worker) {
    return ordered;
  }

  /** Not before any worker became ready (until then no one has run anything), unless drained. */
  @Override
  public boolean isFinished() {
    return (anyWasReady() || drained()) && super.isFinished();
  }
}
