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
 */
public record UnitTime(String uniqueId, String className, double seconds) {

  public UnitTime {
    Objects.requireNonNull(uniqueId, "uniqueId");
    Objects.requireNonNull(className, "className");
  }
}
