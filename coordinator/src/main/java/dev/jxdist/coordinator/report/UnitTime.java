package dev.jxdist.coordinator.report;

import java.util.Objects;

/**
 * How long a worker took to run one top-level class as one unit: its launcher call for the class,
 * with class set-up and tear-down ({@code @BeforeAll}, {@code @AfterAll}) included, as the worker
 * measured it.
 *
 * @param uniqueId the class's JUnit unique id
 * @param className the class's name
 * @param seconds how long the unit took
 * @param worker the worker that ran it, empty when unknown
 * @param endS when the worker said it was done, in seconds since the run started; not a number when
 *     unknown. The unit started {@code seconds} before.
 */
public record UnitTime(
    String uniqueId, String className, double seconds, String worker, double endS) {

  public UnitTime {
    Objects.requireNonNull(uniqueId, "uniqueId");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(worker, "worker");
  }

  /** A unit time of unknown worker and end. */
  public UnitTime(String uniqueId, String className, double seconds) {
    this(uniqueId, className, seconds, "", Double.NaN);
  }
}
