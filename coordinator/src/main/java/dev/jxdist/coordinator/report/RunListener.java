package dev.jxdist.coordinator.report;

import java.time.Duration;

/**
 * Hears about a run while it goes. Called from the session thread only, in order; an implementation
 * must return quickly and must not block.
 */
public interface RunListener {

  /** The plan is agreed: {@code totalTests} tests will run on {@code workers} workers. */
  default void planned(int totalTests, int workers) {}

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
