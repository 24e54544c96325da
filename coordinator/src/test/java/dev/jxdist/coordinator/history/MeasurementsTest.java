package dev.jxdist.coordinator.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.report.RunReport;
import dev.jxdist.coordinator.report.RunSummary;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.report.TestStatus;
import dev.jxdist.coordinator.report.UnitTime;
import dev.jxdist.coordinator.report.WorkerSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeasurementsTest {

  static final String CLASS = "[engine:junit-jupiter]/[class:fx.A]";

  static TestResult result(String method, TestStatus status, double seconds, String junitStatus) {
    return new TestResult(
        CLASS + "/[method:" + method + "]",
        "fx.A",
        method,
        status,
        false,
        seconds,
        "w1",
        "localhost",
        0,
        seconds,
        1,
        "",
        Optional.empty(),
        "",
        "",
        "classpath",
        junitStatus);
  }

  static RunReport report(List<TestResult> tests, List<UnitTime> units) {
    return report(List.of(), tests, units);
  }

  static RunReport report(
      List<WorkerSummary> workers, List<TestResult> tests, List<UnitTime> units) {
    return new RunReport(
        new RunSummary(tests.size(), 0, 0, 0, 0, 0, 0, 1.0, 1), workers, List.of(), tests, units);
  }

  /** A worker that ran these classes, one unit each, in this order. */
  static WorkerSummary worker(String id, String... classIds) {
    List<List<String>> units = new ArrayList<>();
    for (String c : classIds) {
      units.add(List.of(c));
    }
    return new WorkerSummary(
        id, id, "localhost", 1, 0, "finished", "classpath", List.of(classIds), units, 1.5);
  }

  @Test
  void aWorkersStartIsTheMedianOfTheLocalWorkersThatSentAPlan() {
    RunReport run =
        report(
            List.of(
                new WorkerSummary(
                    "w1",
                    "w1",
                    "localhost",
                    1,
                    0,
                    "finished",
                    "classpath",
                    List.of(),
                    List.of(),
                    1.0),
                new WorkerSummary(
                    "w2",
                    "w2",
                    "localhost",
                    2,
                    0,
                    "finished",
                    "classpath",
                    List.of(),
                    List.of(),
                    3.0),
                new WorkerSummary(
                    "w3",
                    "w3",
                    "localhost",
                    3,
                    0,
                    "crashed",
                    "classpath",
                    List.of(),
                    List.of(),
                    Double.NaN),
                new WorkerSummary(
                    "w4",
                    "w4",
                    "build7",
                    4,
                    0,
                    "finished",
                    "classpath",
                    List.of(),
                    List.of(),
                    9.0)),
            List.of(),
            List.of());

    // w3 never sent its plan; w4 started on another host, at another cost.
    assertThat(Measurements.workerStart(run)).hasValue(2.0);
    assertThat(Measurements.workerStart(report(List.of(), List.of()))).isEmpty();
  }

  @Test
  void testsThatRanAndClassesThatRanWholeAreMeasured() {
    RunReport run =
        report(
            List.of(
                result("passed()", TestStatus.PASSED, 0.5, "successful"),
                result("failed()", TestStatus.FAILED, 0.25, "failed"),
                result("error()", TestStatus.ERROR, 0.125, "failed"),
                result("flaky()", TestStatus.FLAKY, 0.75, "successful"),
                result("skipped()", TestStatus.SKIPPED, 0, "skipped"),
                result("aborted()", TestStatus.SKIPPED, 0.1, "aborted"),
                result("crashed()", TestStatus.CRASHED, 3.0, ""),
                result("unreported()", TestStatus.ERROR, 0, ""),
                // Handed down from a failed @BeforeAll: no time of its own.
                result("inherited()", TestStatus.ERROR, 0, "failed")),
            List.of(new UnitTime(CLASS, "fx.A", 2.0)));

    assertThat(Measurements.of(run))
        .containsOnlyKeys(
            CLASS + "/[method:passed()]",
            CLASS + "/[method:failed()]",
            CLASS + "/[method:error()]",
            CLASS + "/[method:flaky()]",
            CLASS)
        .containsEntry(CLASS + "/[method:passed()]", 0.5)
        .containsEntry(CLASS, 2.0);
  }

  @Test
  void anIdMeasuredTwiceCountsWithTheMeanAndAUnitTimeWinsOverAClassResult() {
    TestResult classResult =
        new TestResult(
            CLASS,
            "fx.A",
            "fx.A",
            TestStatus.FAILED,
            false,
            0.1,
            "w1",
            "localhost",
            0,
            0.1,
            1,
            "@AfterAll failed",
            Optional.empty(),
            "",
            "",
            "classpath",
            "failed");
    RunReport run =
        report(
            List.of(
                result("a()", TestStatus.PASSED, 1.0, "successful"),
                result("a()", TestStatus.PASSED, 3.0, "successful"),
                classResult),
            List.of(new UnitTime(CLASS, "fx.A", 4.0), new UnitTime(CLASS, "fx.A", 6.0)));

    assertThat(Measurements.of(run))
        .containsEntry(CLASS + "/[method:a()]", 2.0)
        .containsEntry(CLASS, 5.0);
  }

  @Test
  void aWorkersFirstUnitCountsWithItsTestsNotWithTheWarmUpItCarried() {
    String other = "[engine:junit-jupiter]/[class:fx.B]";
    String nested = CLASS + "/[nested-class:Inner]/[method:n()]";
    TestResult inNested =
        new TestResult(
            nested,
            "fx.A$Inner",
            "n()",
            TestStatus.PASSED,
            false,
            0.125,
            "w1",
            "localhost",
            0,
            0.125,
            1,
            "",
            Optional.empty(),
            "",
            "",
            "classpath",
            "successful");
    RunReport run =
        report(
            List.of(worker("w1", CLASS, other), worker("w2", "[engine:junit-jupiter]/[class:C]")),
            List.of(
                result("a()", TestStatus.PASSED, 0.5, "successful"),
                result("b()", TestStatus.PASSED, 0.25, "successful"),
                inNested),
            List.of(new UnitTime(CLASS, "fx.A", 1.5), new UnitTime(other, "fx.B", 2.0)));

    assertThat(Measurements.of(run))
        .as("fx.A ran first on w1: its tests' 0.875 s, not the 1.5 s of its launcher call")
        .containsEntry(CLASS, 0.875)
        .containsEntry(other, 2.0);
  }

  @Test
  void underEachEveryWorkersFirstUnitIsTheSameClass() {
    RunReport run =
        report(
            List.of(worker("w1", CLASS), worker("w2", CLASS)),
            List.of(
                result("a()", TestStatus.PASSED, 0.5, "successful"),
                result("a()", TestStatus.PASSED, 0.7, "successful")),
            List.of(new UnitTime(CLASS, "fx.A", 1.5), new UnitTime(CLASS, "fx.A", 1.1)));

    assertThat(Measurements.of(run)).containsEntry(CLASS, 0.6);
  }
}
