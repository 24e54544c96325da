package dev.jxdist.coordinator.history;

import dev.jxdist.coordinator.report.RunReport;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.report.TestStatus;
import dev.jxdist.coordinator.report.UnitTime;
import dev.jxdist.coordinator.report.WorkerSummary;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

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
 *
 * <p>The first unit of every worker is the exception: its launcher call also carried the worker
 * JVM's warm-up (the engine's execution path loaded and compiled for the first time: from a tenth
 * of a second on an idle machine to a second on a busy one), which is no part of the class. Taken
 * as the class's time it would make whichever classes happened to come first look longer than they
 * are, and reorder the next run. Such a class counts with the sum of its tests' times in this run
 * instead (its {@code @BeforeAll} and {@code @AfterAll} are left out, once).
 */
public final class Measurements {

  /** The host name of the workers this machine starts. */
  private static final String LOCAL_HOST = "localhost";

  private Measurements() {}

  /** The durations {@code report} measured, by unique id. */
  public static Map<String, Double> of(RunReport report) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (TestResult test : report.tests()) {
      if (ran(test)) {
        add(sums, test.uniqueId(), test.durationS());
      }
    }
    Map<String, Integer> firsts = firstUnits(report);
    Map<String, Double> testSums = testSums(firsts.keySet(), sums);
    Map<String, double[]> units = new LinkedHashMap<>();
    for (UnitTime unit : report.units()) {
      if (firsts.getOrDefault(unit.uniqueId(), 0) > 0) {
        firsts.merge(unit.uniqueId(), -1, Integer::sum);
        double tests = testSums.getOrDefault(unit.uniqueId(), 0.0);
        if (tests > 0) {
          add(units, unit.uniqueId(), tests);
        }
      } else if (Double.isFinite(unit.seconds()) && unit.seconds() >= 0) {
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

  /**
   * How long {@code report}'s local workers took from their start to their plan, the median of
   * those that sent one; empty if none did. Workers on other hosts start at another cost.
   */
  public static OptionalDouble workerStart(RunReport report) {
    double[] starts =
        report.workers().stream()
            .filter(w -> LOCAL_HOST.equals(w.host()) && Double.isFinite(w.readyS()))
            .mapToDouble(WorkerSummary::readyS)
            .sorted()
            .toArray();
    if (starts.length == 0) {
      return OptionalDouble.empty();
    }
    int mid = starts.length / 2;
    return OptionalDouble.of(
        starts.length % 2 == 1 ? starts[mid] : (starts[mid - 1] + starts[mid]) / 2);
  }

  /** How many workers ran each class as their first unit, by the class's unique id. */
  private static Map<String, Integer> firstUnits(RunReport report) {
    Map<String, Integer> out = new HashMap<>();
    for (WorkerSummary w : report.workers()) {
      if (!w.units().isEmpty() && w.units().get(0).size() == 1) {
        out.merge(w.units().get(0).get(0), 1, Integer::sum);
      }
    }
    return out;
  }

  /** The sum of the (mean) times of the tests below each of {@code classIds}. */
  private static Map<String, Double> testSums(Set<String> classIds, Map<String, double[]> tests) {
    Map<String, Double> out = new HashMap<>();
    for (Map.Entry<String, double[]> e : tests.entrySet()) {
      String id = e.getKey();
      for (int cut = id.indexOf("/["); cut > 0; cut = id.indexOf("/[", cut + 1)) {
        if (classIds.contains(id.substring(0, cut))) {
          out.merge(id.substring(0, cut), e.getValue()[0] / e.getValue()[1], Double::sum);
          break;
        }
      }
    }
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
