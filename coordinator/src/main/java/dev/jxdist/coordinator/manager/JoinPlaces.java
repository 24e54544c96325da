package dev.jxdist.coordinator.manager;

import dev.jxdist.coordinator.config.SuiteSpec;

/**
 * Worker places that machines the coordinator does not start anything on fill by joining the run
 * ({@code jxdist run --join N}), as the {@link WorkerManager} sees them: a capacity, how many are
 * taken, and a way to ask for a worker there.
 */
public interface JoinPlaces extends AutoCloseable {

  /** How many workers may run on join places at once. */
  int capacity();

  /** How many workers are asked for or running on join places now. */
  long running();

  /**
   * Asks for worker {@code workerId} for {@code suite} on a join place: the next joiner without
   * work takes it. Returns at once; the worker dials in when a joiner has started it.
   *
   * @param onExit told when its JVM ends
   */
  WorkerProcess start(String workerId, String slot, SuiteSpec suite, WorkerExitListener onExit);

  /** Tells every joiner the run is over. Idempotent. */
  @Override
  void close();
}
