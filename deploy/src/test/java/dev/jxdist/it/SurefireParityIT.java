package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jxdist run --project DIR} against {@code mvn test} on every fixture project of the
 * end-to-end suite: the same report files in each module ({@code TEST-<top-level class>.xml}:
 * nested classes inside their outer class's, a JUnit 4 suite's tests in the suite's), the same
 * tests, failures, errors and skipped in each file, and the console and the JSON report counting
 * the same. The fixtures whose tests pass only when they run the way their Surefire configuration
 * runs them (argLine, extra classpath, system properties and environment, JUnit 4 only, their own
 * launcher, a multi-module reactor) are checked more closely: same exit, same tests on the console
 * and in the JSON report. Each fixture is built once, run by Surefire once and by jxdist once.
 */
class SurefireParityIT {

  private static final String SLEEP_ONLY =
      "plain classes of passing tests that only sleep, there to be timed or cut into (Scheduling,"
          + " Faults, ChaosIT): their shape is basics', and Surefire would sleep through them one"
          + " after the other for a minute or more of CI";

  /** Fixtures jxdist is not compared with Surefire on, and why. */
  private static final Map<String, String> NOT_COMPARED =
      Map.of(
          "crash",
          "a test calls System.exit: Surefire's fork dies and fails the build, by design (CrashIT)",
          "faults",
          "a test sleeps forever and one fails on its first attempt only: Surefire would hang, and"
              + " they are there for --test-timeout and --reruns (TimeoutIT, RerunIT)",
          "skewed",
          SLEEP_ONLY,
          "sleepy",
          SLEEP_ONLY,
          "chaos",
          SLEEP_ONLY);

  /** Fixtures that need other than two workers. */
  private static final Map<String, Integer> WORKERS =
      // Its one test is named after the worker that collects it: two workers differ by design.
      Map.of("mismatch", 1);

  private static final Pattern COLLECTED =
      Pattern.compile("collected \\d+ tests? in (\\d+) class(?:es)?");
  private static final Pattern PROGRESS = Pattern.compile("^\\[ *(\\d+)/(\\d+)(\\+?)\\]");

  private static final Map<String, Run> runs = new HashMap<>();

  /**
   * One fixture's jxdist run, next to what Surefire reported for it.
   *
   * @param fixture the fixture's name
   * @param project the built fixture, where Surefire ran too
   * @param result how {@code jxdist run} ended
   * @param json its {@code --report-json} file
   */
  private record Run(String fixture, Path project, ProcessResult result, Path json) {

    JsonReport report() {
      assertThat(json).as("JSON report; %s", result.describe()).isRegularFile();
      return JsonReport.read(json);
    }

    /** Surefire's totals over every module. */
    ReportTotals surefire() {
      return Fixtures.surefireTotals(fixture);
    }
  }

  private static synchronized Run run(String fixture) {
    Run run = runs.get(fixture);
    if (run == null) {
      Path project = Fixtures.surefireRun(fixture);
      // Other tests ran jxdist on this copy too: only this run's reports may be there.
      for (Path module : ReportTotals.moduleDirs(project)) {
        for (Path file : ReportTotals.reportFiles(module.resolve("target/jxdist-reports"))) {
          try {
            Files.delete(file);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
      Path json = Fixtures.runsDir().resolve("parity-" + fixture + ".json");
      // Started from another directory: each module's tests must still run in its own basedir.
      // The durations history goes elsewhere: it would change how later tests' runs are ordered.
      ProcessResult result =
          Jxdist.run(
              Fixtures.runsDir(),
              "run",
              "-n",
              Integer.toString(WORKERS.getOrDefault(fixture, 2)),
              "--project",
              project.toString(),
              "--report-json",
              json.toString(),
              "--durations",
              Fixtures.runsDir().resolve("parity-" + fixture + "-durations.json").toString());
      run = new Run(fixture, project, result, json);
      runs.put(fixture, run);
    }
    return run;
  }

  static Stream<String> comparedFixtures() {
    return Fixtures.names().stream().filter(name -> !NOT_COMPARED.containsKey(name));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("comparedFixtures")
  void writesTheReportsSurefireWrites(String fixture) {
    Run run = run(fixture);
    String how = run.result().describe();
    List<Path> files = new ArrayList<>();
    for (Path module : ReportTotals.moduleDirs(run.project())) {
      Path surefire = module.resolve("target/surefire-reports");
      Path jxdist = module.resolve("target/jxdist-reports");
      assertThat(ReportTotals.perFile(jxdist))
          .as("%s: report files and tests, failures, errors, skipped of each; %s", jxdist, how)
          .isEqualTo(ReportTotals.perFile(surefire));
      for (Path file : ReportTotals.reportFiles(jxdist)) {
        // Surefire's own attributes undercount nested classes: jxdist's state what the file holds.
        assertThat(ReportTotals.stated(file))
            .as(file.toString())
            .isEqualTo(ReportTotals.readFile(file));
        files.add(file);
      }
    }
    String output = run.result().output();
    if (files.isEmpty()) {
      assertThat(run.result().exitCode()).as("no tests found; %s", how).isEqualTo(5);
      return;
    }
    assertThat(SummaryLine.lastIn(output).totals()).as(how).isEqualTo(run.surefire());
    assertThat(run.report().summary().totals()).isEqualTo(run.surefire());
    // The console's class count is the reports': one line per module that found tests.
    int classes =
        output
            .lines()
            .map(COLLECTED::matcher)
            .filter(Matcher::find)
            .mapToInt(m -> Integer.parseInt(m.group(1)))
            .sum();
    assertThat(classes).as("classes the console counts; %s", how).isEqualTo(files.size());
    // Once the progress line's total has no +, it is final.
    String finalTotal = null;
    for (Matcher line : output.lines().map(PROGRESS::matcher).filter(Matcher::find).toList()) {
      if (finalTotal != null) {
        assertThat(line.group(2) + line.group(3))
            .as("%s; %s", line.group(), how)
            .isEqualTo(finalTotal);
      } else if (line.group(3).isEmpty()) {
        finalTotal = line.group(2);
      }
    }
  }

  @Test
  void everyFixtureIsComparedButThoseThatCannotBe() {
    assertThat(Fixtures.names()).containsAll(NOT_COMPARED.keySet()).containsAll(WORKERS.keySet());
    assertThat(comparedFixtures())
        .contains("report-shapes", "basics", "junit4-only", "multi-module")
        .hasSize(Fixtures.names().size() - NOT_COMPARED.size());
  }

  @ParameterizedTest(name = "{0}: {1} tests, {4} skipped, like Surefire")
  @CsvSource({
    "argline,         10, 0, 0, 0, junit-jupiter",
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
    assertThat(report.summary().assumptionFailures()).isEqualTo(1);
    // Its old name, kept for one version.
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
