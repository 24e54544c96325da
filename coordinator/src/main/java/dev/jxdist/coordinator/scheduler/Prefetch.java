package dev.jxdist.coordinator.scheduler;

/**
 * How many units a worker may hold (running plus queued), for every strategy that shares work.
 *
 * <p>A queued unit saves the worker the round trip between finishing one unit and getting the next,
 * so while plenty is left a worker holds {@value #DEPTH}. A queued unit is also work no one else
 * can take, so a worker holds one at a time near the tail (fewer units waiting than {@value #DEPTH}
 * per worker), and never queues behind what it holds when that alone is longer than a worker's
 * share of what is waiting: the next unit would start sooner anywhere else.
 *
 * <p>The workers counted are the ready ones, or the number the run expects if more: the first
 * worker to become ready must not take the share of those still starting.
 */
final class Prefetch {

  /** Units a worker holds while work is plentiful. */
  static final int DEPTH = 2;

  private Prefetch() {}

  /**
   * True if a worker holding {@code held} units of estimated {@code heldCost} may take one more.
   *
   * @param pendingUnits units not yet sent to anyone
   * @param pendingCost their estimated cost together
   * @param workers see {@link #workers}
   */
  static boolean mayTakeAnother(
      int held, double heldCost, int pendingUnits, double pendingCost, int workers) {
    if (held == 0) {
      return true;
    }
    return held < DEPTH && pendingUnits >= DEPTH * workers && heldCost <= pendingCost / workers;
  }

  /** The workers that share what is waiting: the ready ones or the expected number (at least 1). */
  static int workers(int readyWorkers, int expectedWorkers) {
    return Math.max(1, Math.max(readyWorkers, expectedWorkers));
  }
}
