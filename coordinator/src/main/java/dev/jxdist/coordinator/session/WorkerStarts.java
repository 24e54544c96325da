package dev.jxdist.coordinator.session;

import java.util.Locale;

/**
 * How many workers a run of {@code -n auto} starts when it may start fewer than it may run (an
 * explicit {@code -n} starts that many): a worker is worth starting when the run has at least a
 * start's worth of work for it. Starting a JVM, connecting it and discovering the plan takes a
 * second or more; a suite of a second's tests is over sooner on one warm JVM than on several that
 * all start, discover and compile the same code on shared cores.
 *
 * <p>Before the plan, the work is the last run's (the durations history); the workers worth that
 * start at once. Once every suite's plan is agreed, the run's own estimate decides again, and more
 * start if it says so: a suite that grew since the last run is not stuck with its old share.
 *
 * @param least the fewest worth starting: one per suite (up to the run's workers)
 * @param startSeconds what a worker's start costs: from its launch to its plan, in earlier runs
 * @param lastRunWork the seconds of work the last run measured
 */
public record WorkerStarts(int least, double startSeconds, double lastRunWork) {

  public WorkerStarts {
    if (least < 1) {
      throw new IllegalArgumentException("at least 1 worker starts, not " + least);
    }
    if (!(startSeconds > 0) || !Double.isFinite(startSeconds)) {
      throw new IllegalArgumentException(
          "a worker's start takes a finite number of seconds above 0, not " + startSeconds);
    }
    if (!(lastRunWork >= 0) || !Double.isFinite(lastRunWork)) {
      throw new IllegalArgumentException(
          "the last run's work is a finite number of seconds of at least 0, not " + lastRunWork);
    }
  }

  /**
   * How many of {@code most} workers {@code workSeconds} of work are worth: as many as get at least
   * a start's worth each, never fewer than {@link #least} (nor more than {@code most}).
   */
  public int worth(double workSeconds, int most) {
    double each = Math.floor(workSeconds / startSeconds);
    int worth = each >= most ? most : (int) each;
    return Math.min(most, Math.max(least, worth));
  }

  /** How many of {@code most} workers start at once: those the last run's work is worth. */
  public int firstWave(int most) {
    return worth(lastRunWork, most);
  }

  /** The line that says why fewer than {@code most} workers start, and how to start them all. */
  String firstWaveLine(int most) {
    return "starting "
        + firstWave(most)
        + " of "
        + most
        + " workers: the last run's tests took "
        + seconds(lastRunWork)
        + " in all, a worker "
        + seconds(startSeconds)
        + " to start; more start if this run's plan has more work (-n "
        + most
        + " starts every one)";
  }

  /** The line that says more workers start, now that the plans are known. */
  static String moreLine(int more, double workSeconds) {
    return "starting "
        + more
        + (more == 1 ? " more worker" : " more workers")
        + ": this run's plan has "
        + seconds(workSeconds)
        + " of tests";
  }

  /** The line that says more workers start: a suite has no history to estimate its work by. */
  static String moreLine(int more) {
    return "starting "
        + more
        + (more == 1 ? " more worker" : " more workers")
        + ": a suite of this run has no history to estimate its work by";
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.1f s", s);
  }
}
