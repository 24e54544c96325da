package dev.jxdist.coordinator.manager;

/** Told when a worker's process ends, from whatever thread noticed it; must only enqueue. */
@FunctionalInterface
public interface WorkerExitListener {

  /** Worker {@code workerId}'s process ended with {@code exitCode}. */
  void exited(String workerId, int exitCode);
}
