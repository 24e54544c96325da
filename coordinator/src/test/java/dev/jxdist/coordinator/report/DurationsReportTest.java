package dev.jxdist.coordinator.report;

import static dev.jxdist.coordinator.report.SampleRuns.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DurationsReportTest {

  static TestResult timed(String cls, String name, TestStatus status, double seconds) {
    TestResult r = result(cls, name, status);
    return new TestResult(
        r.uniqueId(),
        r.className(),
        r.name(),
        r.status(),
        r.aborted(),
        seconds,
        r.worker(),
        r.host(),
        r.startS(),
        r.endS(),
        r.attempts(),
        r.message(),
        r.throwable(),
        r.stdout(),
        r.stderr());
  }

  static RunReport report(List<TestResult> tests, List<UnitTime> units) {
    return new RunReport(
        new RunSummary(tests.size(), tests.size(), 0, 0, 0, 0, 0, 1.0, 0),
        List.of(),
        List.of(),
        tests,
        units);
  }

  @Test
  void listsTheSlowestTestsAndClassesLongestFirstWithAlignedSeconds() {
    RunReport run =
        report(
            List.of(
                timed("fx.SlowTest", "waits()", TestStatus.PASSED, 12.3),
                timed("fx.SlowTest", "quick()", TestStatus.PASSED, 0.01),
                timed("fx.CalcTest", "add()", TestStatus.FAILED, 1.234),
                timed("fx.CalcTest", "sub()", TestStatus.PASSED, 0.5),
                timed("fx.Outer$Inner", "deep()", TestStatus.PASSED, 0.7),
                timed("fx.Outer", "own()", TestStatus.PASSED, 0.2),
                timed("fx.SkipTest", "skipped()", TestStatus.SKIPPED, 0)),
            List.of(
                new UnitTime("[engine:junit-jupiter]/[class:fx.SlowTest]", "fx.SlowTest", 13.0),
                new UnitTime("[engine:junit-jupiter]/[class:fx.CalcTest]", "fx.CalcTest", 2.0)));

    assertThat(DurationsReport.render(run, 3))
        .isEqualTo(
            "slowest 3 tests:\n"
                + "12.30s fx.SlowTest > waits()\n"
                + " 1.23s fx.CalcTest > add()\n"
                + " 0.70s fx.Outer$Inner > deep()\n"
                + "slowest 3 classes:\n"
                + "13.00s fx.SlowTest\n"
                + " 2.00s fx.CalcTest\n"
                // No unit time: the sum of its tests', nested ones included.
                + " 0.90s fx.Outer\n");
  }

  @Test
  void fewerThanAskedAreListedAsTheyAreAndTestsThatDidNotRunNever() {
    RunReport run =
        report(
            List.of(
                timed("fx.A", "a()", TestStatus.PASSED, 0.25),
                timed("fx.A", "b()", TestStatus.SKIPPED, 0)),
            List.of());

    assertThat(DurationsReport.render(run, 5))
        .isEqualTo("slowest 1 test:\n0.25s fx.A > a()\nslowest 1 class:\n0.25s fx.A\n");
    assertThat(DurationsReport.render(run, 0)).isEmpty();
    assertThat(DurationsReport.render(report(List.of(), List.of()), 5)).isEmpty();
  }

  @Test
  void tiesAreBrokenByNameAndNamesAreMadePrintable() {
    RunReport run =
        report(
            List.of(
                timed("fx.B", "b()", TestStatus.PASSED, 1.0),
                timed("fx.A", "a\u001b[2J()", TestStatus.PASSED, 1.0)),
            List.of());

    assertThat(DurationsReport.render(run, 2))
        .startsWith("slowest 2 tests:\n1.00s fx.A > a?[2J()\n1.00s fx.B > b()\n");
  }
}
