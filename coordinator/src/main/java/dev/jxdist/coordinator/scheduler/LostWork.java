package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.List;

/**
 * What became of a lost worker's work (see {@link Scheduler#workerLost}).
 *
 * @param requeued units it held, not started, that the other workers will run
 * @param abandoned units that were its own and will not run anywhere ({@code each}, replay), for
 *     the session to report as not run
 */
record LostWork(List<WorkUnit> requeued, List<WorkUnit> abandoned) {

  public LostWork {
    requeued = List.copyOf(requeued);
    abandoned = List.copyOf(abandoned);
  }

  /** Nothing was held or owned. */
  public static LostWork none() {
    return new LostWork(List.of(), List.of());
  }
}
