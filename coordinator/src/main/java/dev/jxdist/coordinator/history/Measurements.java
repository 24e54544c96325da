package dev.jxdist.coordinator.history;

import dev.jxdist.coordinator.report.RunReport;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.report.TestStatus;
import dev.jxdist.coordinator.report.UnitTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run measured, as the {@link DurationHistory} records it: seconds by unique id.
 *
 * <p>A test counts when it really ran and JUnit reported its end: passed, failed, errors and flaky
 * tests (their last attempt). Skipped tests did not run; crashed and not-run tests have no duration
 * worth keeping (a crash cut them short); a test whose result was handed down from its failed class
 * ({@code @BeforeAll} threw) has no duration of its own. A top-level class counts with the worker's
 * time for the unit that ran it whole ({@link UnitTime}); a class that was split over several
 * units, or whose worker crashed, is known by its tests only. An id measured more than once in a
 * run (every worker runs every test) counts with the mean.
 */
public final class Measurements {

  private Measurements() {}

  /** The durations {@code report} measured, by unique id. */
  public static Map<String, Double> of(RunReport report) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (TestResult test : report.tests()) {
      if (ran(test)) {
        add(sums, test.uniqueId(), test.durationS());
      }
    }
    Map<String, double[]> units = new LinkedHashMap<>();
    for (UnitTime unit : report.units()) {
      if (Double.isFinite(unit.seconds()) && unit.seconds() >= 0) {
        add(units, unit.uniqueId(), unit.seconds());
      }
    }
    // A class container that became a result of its own (an @AfterAll failure) shares its id with
    // the class: the unit's time is the better measure of the class.
    sums.putAll(units);
    Map<String, Double> out = new LinkedHashMap<>();
    sums.forEach((id, sum) -> out.put(id, sum[0] / sum[1]));
    return out;
  }

  private static boolean ran(TestResult test) {
    boolean finished =
        test.status() == TestStatus.PASSED
            || test.status() == TestStatus.FAILED
            || test.status() == TestStatus.ERROR
            || test.status() == TestStatus.FLAKY;
    return finished
        && !test.junitStatus().isEmpty()
        && test.durationS() > 0
        && Double.isFinite(test.durationS());
  }

  private static void add(Map<String, double[]> sums, String id, double seconds) {
    double[] sum = sums.computeIfAbsent(id, k -> new double[2]);
    sum[0] += seconds;
    sum[1]++;
  }
}
