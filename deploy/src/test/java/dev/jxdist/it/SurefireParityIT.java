package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code jxdist run -n 2 --project DIR} against {@code mvn test} on the fixtures whose tests pass
 * only when they run the way their Surefire configuration runs them (argLine, extra classpath,
 * system properties and environment, JUnit 4 only, their own launcher, a multi-module reactor):
 * same exit, same tests, failures, errors and skipped on the console, in the JSON report and in the
 * XML reports. Each fixture is built once, run by Surefire once and by jxdist once.
 */
class SurefireParityIT {

  private static final Map<String, Run> runs = new HashMap<>();

  /**
   * One fixture's jxdist run, next to what Surefire reported for it.
   *
   * @param project the built fixture
   * @param surefire Surefire's totals
   * @param result how {@code jxdist run} ended
   * @param json its {@code --report-json} file
   */
  private record Run(Path project, ReportTotals surefire, ProcessResult result, Path json) {

    JsonReport report() {
      assertThat(json).as("JSON report; %s", result.describe()).isRegularFile();
      return JsonReport.read(json);
    }
  }

  private static synchronized Run run(String fixture) {
    Run run = runs.get(fixture);
    if (run == null) {
      Path project = Fixtures.built(fixture);
      ReportTotals surefire = Fixtures.surefireTotals(fixture);
      Path json = Fixtures.runsDir().resolve("parity-" + fixture + ".json");
      // Started from another directory: each module's tests must still run in its own basedir.
      ProcessResult result =
          Jxdist.run(
              Fixtures.runsDir(),
              "run",
              "-n",
              "2",
              "--project",
              project.toString(),
              "--report-json",
              json.toString());
      run = new Run(project, surefire, result, json);
      runs.put(fixture, run);
    }
    return run;
  }

  @ParameterizedTest(name = "{0}: {1} tests, {4} skipped, like Surefire")
  @CsvSource({
    "argline,          9, 0, 0, 0, junit-jupiter",
    "extra-classpath,  5, 0, 0, 0, junit-jupiter",
    "props-env,        7, 0, 0, 0, junit-jupiter",
    "junit4-only,      9, 0, 0, 1, junit-vintage",
    "own-launcher,     8, 0, 0, 0, junit-jupiter",
    "multi-module,    16, 0, 0, 0, junit-jupiter"
  })
  void countsLikeSurefire(
      String fixture, int tests, int failures, int errors, int skipped, String engine) {
    Run run = run(fixture);
    // The fixture itself: every test passes under Surefire (or is skipped on purpose).
    assertThat(run.surefire()).isEqualTo(new ReportTotals(tests, failures, errors, skipped));

    assertThat(run.result().exitCode()).as(run.result().describe()).isZero();
    SummaryLine summary = SummaryLine.lastIn(run.result().output());
    assertThat(summary.totals()).as(run.result().describe()).isEqualTo(run.surefire());

    JsonReport report = run.report();
    assertThat(report.summary().totals()).isEqualTo(run.surefire());
    assertThat(report.summary().exitCode()).isZero();
    assertThat(report.summary().crashed()).isZero();
    assertThat(report.tests().stream().map(JsonReport.Entry::id).collect(Collectors.toList()))
        .hasSize(tests)
        .doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(id).startsWith("[engine:" + engine + "]"));
    assertThat(report.tests())
        .filteredOn(t -> !t.status().equals("passed"))
        .as("tests that did not pass")
        .hasSize(skipped)
        .allSatisfy(
            t -> assertThat(t.status()).as(t.id() + ": " + t.message()).isEqualTo("skipped"));

    // The XML reports, summed over the modules like Surefire's.
    assertThat(ReportTotals.readModules(run.project(), "target/jxdist-reports"))
        .as(run.result().describe())
        .isEqualTo(run.surefire());
  }

  @Test
  void everyWorkerGetsTheArgLine() {
    // Four classes on two workers: both JVMs must have been started with the argLine, or the
    // classes one of them ran would have failed (countsLikeSurefire checks they all passed).
    Run run = run("argline");
    JsonReport report = run.report();
    assertThat(report.tests())
        .allSatisfy(
            t -> assertThat(t.status()).as(t.id() + ": " + t.message()).isEqualTo("passed"));
    Set<String> workers =
        report.tests().stream().map(JsonReport.Entry::worker).collect(Collectors.toSet());
    assertThat(workers).as(run.result().describe()).containsExactlyInAnyOrder("w1", "w2");
    assertThat(SummaryLine.lastIn(run.result().output()).workers()).isEqualTo(2);
  }

  @Test
  void junit4AssumptionIsSkippedForSurefireAndAbortedForTheJunitPlatform() {
    JsonReport report = run("junit4-only").report();
    JsonReport.Entry assumption = report.test("skippedByAFailedAssumption");
    assertThat(assumption.status()).isEqualTo("skipped");
    assertThat(assumption.junitStatus()).isEqualTo("aborted");
    assertThat(report.summary().aborted()).isEqualTo(1);
    assertThat(report.summary().skipped()).isEqualTo(1);
    assertThat(report.tests())
        .filteredOn(t -> !t.id().equals(assumption.id()))
        .allSatisfy(t -> assertThat(t.junitStatus()).as(t.id()).isEqualTo("successful"));
    // The three parameters of the @RunWith(Parameterized.class) class are three tests.
    assertThat(report.testsOf("fx.SquareTest")).hasSize(3);
  }

  @Test
  void eachModulesReportsLandInThatModule() {
    Run run = run("multi-module");
    Path root = run.project();
    for (String module : List.of("alpha", "beta")) {
      Path reports = root.resolve(module).resolve("target/jxdist-reports");
      assertThat(ReportTotals.reportFiles(reports))
          .as("%s; %s", reports, run.result().describe())
          .extracting(p -> p.getFileName().toString())
          .hasSize(3)
          .allSatisfy(name -> assertThat(name).startsWith("TEST-fx." + module + "."));
      assertThat(ReportTotals.read(reports))
          .isEqualTo(ReportTotals.read(root.resolve(module).resolve("target/surefire-reports")));
    }
    assertThat(ReportTotals.reportFiles(root.resolve("common/target/jxdist-reports"))).isEmpty();
    assertThat(ReportTotals.reportFiles(root.resolve("target/jxdist-reports"))).isEmpty();
  }

  @Test
  void jsonNamesEachTestsModule() {
    JsonReport report = run("multi-module").report();
    Map<String, List<String>> modulesByPackage =
        report.tests().stream()
            .collect(
                Collectors.groupingBy(
                    t -> t.className().substring(0, t.className().lastIndexOf('.')),
                    Collectors.mapping(JsonReport.Entry::module, Collectors.toList())));
    assertThat(modulesByPackage).containsOnlyKeys("fx.alpha", "fx.beta");
    assertThat(modulesByPackage.get("fx.alpha")).hasSize(8).containsOnly("fx:alpha");
    assertThat(modulesByPackage.get("fx.beta")).hasSize(8).containsOnly("fx:beta");
    // A worker JVM is started for one module's configuration: it never runs another's tests.
    Map<String, Set<String>> modulesByWorker =
        report.tests().stream()
            .collect(
                Collectors.groupingBy(
                    JsonReport.Entry::worker,
                    Collectors.mapping(JsonReport.Entry::module, Collectors.toSet())));
    assertThat(modulesByWorker)
        .isNotEmpty()
        .allSatisfy((worker, modules) -> assertThat(modules).as(worker).hasSize(1));
  }
}
