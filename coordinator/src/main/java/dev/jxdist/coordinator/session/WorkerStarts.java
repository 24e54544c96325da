package dev.jxdist.coordinator.session;

import java.util.Locale;

/**
 * How many workers a run of {@code -n auto} starts when it may start fewer than it may run (an
 * explicit {@code -n} starts that many): a worker is worth starting when the run has at least a
 * start's worth of work for it. Starting a JVM, connecting it and discovering the plan takes a
 * second or more; a suite of a second's tests is over sooner on one warm JVM than on several that
 * all start, discover and compile the same code on shared cores.
 *
 * <p>Before the plan, the work is what the run knows of it ({@link Basis}); the workers worth that
 * start at once. Once every suite's plan is agreed, the run's own estimate decides again, and more
 * start if it says so: a suite that grew since the last run is not stuck with its old share.
 *
 * @param least the fewest worth starting: one per suite (up to the run's workers)
 * @param startSeconds what a worker's start costs: from its launch to its plan, in earlier runs, or
 *     {@link #UNMEASURED_START_SECONDS} if no run measured it
 * @param knownWork the seconds of work known before the plan
 * @param basis where {@code knownWork} comes from
 */
public record WorkerStarts(int least, double startSeconds, double knownWork, Basis basis) {

  /** Where the work known before the plan comes from. */
  public enum Basis {
    /** The durations history: the work of the last run. */
    LAST_RUN,
    /**
     * The reports of an earlier {@code mvn test} in a project jxdist has no history of: the times
     * Surefire measured, every class's.
     */
    SUREFIRE_REPORTS
  }

  /**
   * What a worker's start is taken to cost where no run measured it: about what a local worker
   * takes on an idle machine of two cores (bench/RESULTS.md, "Time to the first test").
   */
  public static final double UNMEASURED_START_SECONDS = 1.0;

  public WorkerStarts {
    if (least < 1) {
      throw new IllegalArgumentException("at least 1 worker starts, not " + least);
    }
    if (!(startSeconds > 0) || !Double.isFinite(startSeconds)) {
      throw new IllegalArgumentException(
          "a worker's start takes a finite number of seconds above 0, not " + startSeconds);
    }
    if (!(knownWork >= 0) || !Double.isFinite(knownWork)) {
      throw new IllegalArgumentException(
          "the known work is a finite number of seconds of at least 0, not " + knownWork);
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

  /** How many of {@code most} workers start at once: those the known work is worth. */
  public int firstWave(int most) {
    return worth(knownWork, most);
  }

  /** The line that says why fewer than {@code most} workers start, and how to start them all. */
  String firstWaveLine(int most) {
    String known =
        switch (basis) {
          case LAST_RUN ->
              "the last run's tests took "
                  + seconds(knownWork)
                  + " in all, a worker "
                  + seconds(startSeconds)
                  + " to start";
          case SUREFIRE_REPORTS ->
              "mvn test's reports say the tests took "
                  + seconds(knownWork)
                  + ", a worker takes about "
                  + seconds(startSeconds)
                  + " to start";
        };
    return "starting "
        + firstWave(most)
        + " of "
        + most
        + " workers: "
        + known
        + "; more start if this run's plan has more work (-n "
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
