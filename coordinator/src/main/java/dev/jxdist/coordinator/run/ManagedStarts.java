package dev.jxdist.coordinator.run;

import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.manager.WorkerManager;
import dev.jxdist.coordinator.manager.WorkerProcess;
import dev.jxdist.coordinator.session.WorkerStarter;
import java.util.Optional;

/**
 * The session's {@link WorkerStarter} in a real run: the {@link WorkerManager}, which the session
 * package does not know.
 */
final class ManagedStarts implements WorkerStarter {

  private final WorkerManager manager;

  ManagedStarts(WorkerManager manager) {
    this.manager = manager;
  }

  @Override
  public WorkerProcess start(String workerId, String slot, SuiteSpec suite) {
    return manager.start(workerId, slot, suite);
  }

  @Override
  public Optional<WorkerProcess> replace(
      String predecessorId, String workerId, String slot, SuiteSpec suite) {
    return manager.replace(predecessorId, workerId, slot, suite);
  }

  @Override
  public Optional<String> dropPlaceOf(String workerId, String why) {
    return manager.drop(workerId);
  }

  @Override
  public void ended(String workerId) {
    manager.ended(workerId);
  }
}
