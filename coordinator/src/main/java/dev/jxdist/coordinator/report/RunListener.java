package dev.jxdist.coordinator.report;

import java.time.Duration;

/**
 * Hears about a run while it goes. Called from the session thread only, in order; an implementation
 * must return quickly and must not block.
 */
public interface RunListener {

  /**
   * How far the run is: {@code done} of the {@code known} tests are settled. Until {@code
   * complete}, more tests may become known (a module not discovered yet, parameterized or dynamic
   * tests still to come); once complete, {@code known} is final. Told whenever a number changes.
   */
  default void progress(int done, int known, boolean complete) {}

  /**
   * What a worker is doing now, in a few words: {@code starting}, {@code discovering}, a class
   * name, {@code idle}, {@code finished}, {@code crashed}.
   */
  default void workerActivity(String workerId, String activity) {}

  /** A test has its final result. */
  default void testFinished(TestResult result) {}

  /**
   * The run is estimated to end in {@code remaining}, from the durations of earlier runs: told when
   * the plan is agreed and each time a unit finishes; never told without history.
   */
  default void estimate(Duration remaining) {}

  /** A line of information for the user (a worker crashed, a host failed). */
  default void notice(String message) {}

  /** The run is over; {@code report} is complete. */
  default void runFinished(RunReport report) {}
}
