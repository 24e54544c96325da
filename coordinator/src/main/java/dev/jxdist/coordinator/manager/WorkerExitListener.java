package dev.jxdist.coordinator.manager;

/** Told when a worker's process ends, from whatever thread noticed it; must only enqueue. */
public interface WorkerExitListener {

  /** Worker {@code workerId}'s process ended with {@code exitCode}. */
  void exited(String workerId, int exitCode);

  /**
   * Worker {@code workerId}'s process could not be started (a start that runs in the background, as
   * on SSH hosts); {@code reason} names the host and says why.
   */
  void failedToStart(String workerId, String reason);
}
