package dev.jxdist.coordinator.session;

import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.manager.WorkerProcess;
import java.util.Optional;

/**
 * How the session gets a new worker JVM for a suite, and tells where workers go (the WorkerManager,
 * in a real run). Every method returns at once: nothing here may wait on the network.
 */
@FunctionalInterface
public interface WorkerStarter {

  /**
   * Starts worker {@code workerId} in slot {@code slot} ({@code JXDIST_WORKER}: {@code w1} ...,
   * which a later JVM may fill again), configured for {@code suite} (its JVM arguments, working
   * directory and environment), where the fewest places are taken; the process dials in by itself.
   *
   * @throws RuntimeException if the process cannot be started; the message says why
   */
  WorkerProcess start(String workerId, String slot, SuiteSpec suite);

  /**
   * Starts worker {@code workerId} to replace {@code predecessorId} (lost) in its slot: where the
   * predecessor ran if that place is still used, else wherever a place is free. Empty if no place
   * is free anywhere.
   *
   * @throws RuntimeException if the process cannot be started; the message says why
   */
  default Optional<WorkerProcess> replace(
      String predecessorId, String workerId, String slot, SuiteSpec suite) {
    return Optional.of(start(workerId, slot, suite));
  }

  /**
   * Stops using the place {@code workerId} ran on (its host), because of {@code why}: no worker
   * starts there again, and its workers still alive are left as they are. Returns the place's name
   * if it was given up now; empty if it already was, or cannot be given up alone.
   */
  default Optional<String> dropPlaceOf(String workerId, String why) {
    return Optional.empty();
  }

  /** Worker {@code workerId} has ended, one way or another: its place counts as free. */
  default void ended(String workerId) {}
}
