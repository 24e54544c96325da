package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.SurefireReportParser;
import org.junit.jupiter.api.Test;

/**
 * {@code --reruns} for real, read back by Surefire's own report parser (what Surefire's report
 * plugin reads its XML with): a test that fails only on its first attempt is flaky, the run exits 0
 * and the parser counts one flake and no failure; a test that fails every time is failed after two
 * attempts, each in the JSON with its worker, host, status and duration, the parser counting one
 * failure and no flake; and a test that ends its worker's JVM is, with {@code --reruns 2}, tried on
 * a second worker and not a third: once it was in progress on two workers that were lost, it is the
 * cause, not a victim.
 */
class RerunIT {

  private static final String FLAKY = "fx.FirstAttemptFailsTest";
  private static final String ALWAYS = "fx.AlwaysFailsTest";

  @Test
  void aTestThatFailsOnlyOnItsFirstAttemptIsFlakyAndSurefiresParserCountsOneFlake()
      throws IOException {
    Path attemptsFile = Fixtures.runsDir().resolve("rerun-attempts.txt");
    Files.deleteIfExists(attemptsFile);
    Path reports = emptyDir("rerun-flaky-reports");
    Path json = Fixtures.runsDir().resolve("rerun-flaky.json");

    ProcessResult run =
        run(reports, json, List.of("-Dfx.attemptsFile=" + attemptsFile), FLAKY, "fx.SteadyTest");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.output())
        .contains(
            "rerunning fx.FirstAttemptFailsTest > passesOnItsSecondAttempt() (attempt 2 of 2):"
                + " it failed on worker w");
    assertThat(Files.readAllLines(attemptsFile, StandardCharsets.UTF_8)).hasSize(2);
    JsonReport report = JsonReport.read(json);
    assertThat(report.summary().total()).isEqualTo(4);
    // Each test has one status: the flaky one is counted as flaky, not passed (a pass all the same
    // for the exit code and for Surefire).
    assertThat(report.summary().passed()).isEqualTo(3);
    assertThat(report.summary().flaky()).isEqualTo(1);
    assertThat(report.summary().failed()).isZero();
    JsonReport.Entry flaky = report.test("[method:passesOnItsSecondAttempt()]");
    assertThat(flaky.status()).isEqualTo("flaky");
    assertThat(flaky.attempts())
        .extracting(JsonReport.Attempt::status)
        .containsExactly("failed", "passed");
    assertThat(flaky.attempts())
        .allSatisfy(
            a -> {
              assertThat(a.worker()).startsWith("w");
              assertThat(a.host()).isEqualTo("localhost");
              assertThat(a.durationS()).isNotNegative();
            });
    assertThat(flaky.attempts().get(1).worker()).isEqualTo(flaky.worker());
    // Two workers: the rerun is held away from the one the test failed on.
    assertThat(flaky.attempts())
        .extracting(JsonReport.Attempt::worker)
        .as("each attempt on another worker")
        .doesNotHaveDuplicates();
    assertThat(report.testsOf("fx.SteadyTest"))
        .allSatisfy(t -> assertThat(t.attempts()).hasSize(1));

    List<ReportTestSuite> suites = surefireParse(reports);
    ReportTestSuite suite = suite(suites, FLAKY);
    assertThat(suite.getNumberOfTests()).isEqualTo(1);
    assertThat(suite.getNumberOfFlakes()).isEqualTo(1);
    assertThat(suite.getNumberOfFailures()).isZero();
    assertThat(suite.getNumberOfErrors()).isZero();
    ReportTestCase test = suite.getTestCases().get(0);
    assertThat(test.hasFlakes()).isTrue();
    assertThat(test.isSuccessful()).isTrue();
    assertThat(test.getFlakyFailures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getType()).isEqualTo("org.opentest4j.AssertionFailedError");
              assertThat(f.getMessage()).contains("first attempt fails");
              assertThat(f.getStackTrace()).contains("FirstAttemptFailsTest.java");
            });
    Map<String, Object> summary = new SurefireReportParser(List.of(), logger()).getSummary(suites);
    assertThat(summary).containsEntry("totalTests", 4).containsEntry("totalFailures", 0);
  }

  @Test
  void aTestThatFailsEveryTimeIsFailedWithTwoAttemptsAndSurefiresParserCountsOneFailure()
      throws IOException {
    Path reports = emptyDir("rerun-failed-reports");
    Path json = Fixtures.runsDir().resolve("rerun-failed.json");

    ProcessResult run = run(reports, json, List.of(), ALWAYS);

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    JsonReport report = JsonReport.read(json);
    assertThat(report.summary().failed()).isEqualTo(1);
    assertThat(report.summary().flaky()).isZero();
    JsonReport.Entry failed = report.test("[method:failsEveryTime()]");
    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.attempts())
        .extracting(JsonReport.Attempt::status)
        .containsExactly("failed", "failed");
    assertThat(failed.attempts()).allSatisfy(a -> assertThat(a.host()).isEqualTo("localhost"));
    assertThat(failed.attempts())
        .extracting(JsonReport.Attempt::worker)
        .as("each attempt on another worker")
        .doesNotHaveDuplicates();

    ReportTestSuite suite = suite(surefireParse(reports), ALWAYS);
    assertThat(suite.getNumberOfTests()).isEqualTo(1);
    assertThat(suite.getNumberOfFailures()).isEqualTo(1);
    assertThat(suite.getNumberOfFlakes()).isZero();
    assertThat(suite.getTestCases().get(0).hasFailure()).isTrue();
    assertThat(suite.getTestCases().get(0).getFailureMessage()).contains("always wrong");
    assertThat(Files.readString(reports.resolve("TEST-" + ALWAYS + ".xml")))
        .containsOnlyOnce("<failure ")
        .containsOnlyOnce("<rerunFailure ");
  }

  @Test
  void aTestThatEndsItsWorkersJvmIsTriedOnASecondWorkerAndNotAThird() {
    Path project = Fixtures.built("crash");
    Path json = Fixtures.runsDir().resolve("rerun-crash.json");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "2",
            "--reruns",
            "2",
            "--project",
            project.toString(),
            "--select-class",
            "fx.ExitTest",
            "--report-json",
            json.toString());

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    JsonReport report = JsonReport.read(json);
    assertThat(report.tests()).hasSize(3);
    JsonReport.Entry exits = report.test("[method:exitsTheJvm()]");
    assertThat(exits.status()).isEqualTo("crashed");
    assertThat(exits.attempts())
        .extracting(JsonReport.Attempt::status)
        .containsExactly("crashed", "crashed");
    String first = exits.attempts().get(0).worker();
    String second = exits.attempts().get(1).worker();
    assertThat(first).isNotEqualTo(second);
    assertThat(exits.message()).contains("exit code 3");
    assertThat(run.output())
        .contains(
            "fx.ExitTest > exitsTheJvm() was running on two workers that were lost ("
                + (first.compareTo(second) < 0 ? first + ", " + second : second + ", " + first)
                + "): it is the cause, not the victim; not tried again");
    assertThat(report.test("[method:beforeExit()]").status()).isEqualTo("passed");
    assertThat(report.test("[method:afterExit()]").status()).isEqualTo("passed");
  }

  /**
   * {@code jxdist run} on the faults fixture: the classes given, two workers, one rerun, and the
   * {@code extra} options.
   */
  private static ProcessResult run(Path reports, Path json, List<String> extra, String... classes) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "run",
                "-n",
                "2",
                "--reruns",
                "1",
                "--project",
                Fixtures.built("faults").toString(),
                "--reports-dir",
                reports.toString(),
                "--report-json",
                json.toString()));
    args.addAll(extra);
    for (String cls : classes) {
      args.add("--select-class");
      args.add(cls);
    }
    return Jxdist.run(Fixtures.runsDir(), args.toArray(String[]::new));
  }

  private static Path emptyDir(String name) throws IOException {
    Path dir = Fixtures.runsDir().resolve(name);
    if (Files.isDirectory(dir)) {
      for (Path file : ReportTotals.reportFiles(dir)) {
        Files.delete(file);
      }
    }
    return Files.createDirectories(dir);
  }

  private static List<ReportTestSuite> surefireParse(Path reports) {
    return new SurefireReportParser(List.of(reports.toFile()), logger()).parseXMLReportFiles();
  }

  private static ReportTestSuite suite(List<ReportTestSuite> suites, String className) {
    return suites.stream()
        .filter(s -> s.getFullClassName().equals(className))
        .findFirst()
        .orElseThrow(() -> new AssertionError("Surefire's parser found no " + className));
  }

  private static NullConsoleLogger logger() {
    return new NullConsoleLogger();
  }
}
