package dev.jxdist.coordinator.session;

import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.manager.WorkerProcess;

/** How the session gets a new worker JVM for a suite (the WorkerManager, in a real run). */
@FunctionalInterface
public interface WorkerStarter {

  /**
   * Starts worker {@code workerId} in slot {@code slot} ({@code JXDIST_WORKER}: {@code w1} ...,
   * which a later JVM may fill again), configured for {@code suite} (its JVM arguments, working
   * directory and environment); the process dials in by itself.
   *
   * @throws RuntimeException if the process cannot be started; the message says why
   */
  WorkerProcess start(String workerId, String slot, SuiteSpec suite);
}
