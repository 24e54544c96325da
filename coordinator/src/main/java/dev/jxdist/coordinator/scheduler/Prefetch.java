package dev.jxdist.coordinator.scheduler;

/**
 * How many units a worker may hold (running plus queued), for every strategy that shares work.
 *
 * <p>A queued unit saves the worker the round trip between finishing one unit and getting the next,
 * so while plenty is left a worker holds {@value #DEPTH}. But a queued unit is work no one else can
 * take, and handed out longest first it is the longest work left, so a worker takes a second unit
 * only when that cannot delay the run:
 *
 * <ul>
 *   <li>never while another ready worker holds nothing: the first wave is one unit each, so the
 *       longest units go to as many different workers (whatever order the workers ask in);
 *   <li>never near the tail (fewer units waiting than {@value #DEPTH} per worker): there every unit
 *       goes to whoever is free first;
 *   <li>never behind what it holds when that alone is longer than a worker's share of what is
 *       waiting: the next unit would start sooner anywhere else;
 *   <li>never when what it would then hold is more than a worker's share of all the work not yet
 *       done (waiting, and held by anyone): every other worker, those still starting included, is
 *       waiting for its part of the same work, and a worker that holds more than its share ends
 *       last.
 * </ul>
 *
 * <p>The workers counted in a share are the ready ones, or the number the run expects if more: the
 * first workers to become ready must not take the share of those still starting.
 */
final class Prefetch {

  /** Units a worker holds while work is plentiful. */
  static final int DEPTH = 2;

  private Prefetch() {}

  /**
   * True if {@code worker} may be sent one more unit, of estimated cost {@code nextCost}.
   *
   * @param pendingUnits units not yet sent to anyone (the next one included)
   * @param pendingCost their estimated cost together
   * @param expectedWorkers how many workers the run expects (see {@link #workers})
   */
  static boolean mayTakeAnother(
      Holdings holdings,
      String worker,
      double nextCost,
      int pendingUnits,
      double pendingCost,
      int expectedWorkers) {
    int held = holdings.count(worker);
    if (held == 0) {
      return true;
    }
    if (held >= DEPTH || holdings.idleWorkers() > 0) {
      return false;
    }
    int workers = workers(holdings.readyWorkers(), expectedWorkers);
    double heldCost = holdings.cost(worker);
    return pendingUnits >= DEPTH * workers
        && heldCost <= pendingCost / workers
        && heldCost + nextCost <= (pendingCost + holdings.totalCost()) / workers;
  }

  /** The workers that share what is waiting: the ready ones or the expected number (at least 1). */
  static int workers(int readyWorkers, int expectedWorkers) {
    return Math.max(1, Math.max(readyWorkers, expectedWorkers));
  }
}
