package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Runs the {@code basics} fixture (every JUnit Jupiter outcome) on two local workers and checks the
 * console, the JSON report and the XML reports against what Maven Surefire reports for the same
 * project. jxdist runs once; each test looks at one aspect of that run.
 */
class BasicsIT {

  private static Path project;
  private static ReportTotals surefire;
  private static ProcessResult run;
  private static Path jsonFile;

  @BeforeAll
  static void runBasicsOnTwoWorkers() {
    project = Fixtures.built("basics");
    surefire = Fixtures.surefireTotals("basics");
    jsonFile = Fixtures.runsDir().resolve("basics-report.json");
    // Started from another directory: the tests' working directory must still be the project.
    run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "2",
            "--project",
            project.toString(),
            "--report-json",
            jsonFile.toString());
  }

  private static JsonReport json() {
    assertThat(jsonFile).as("JSON report; %s", run.describe()).isRegularFile();
    return JsonReport.read(jsonFile);
  }

  @Test
  void exitsOneBecauseTestsFailed() {
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
  }

  @Test
  void consoleSummaryCountsLikeSurefire() {
    SummaryLine summary = SummaryLine.lastIn(run.output());
    assertThat(surefire).isEqualTo(new ReportTotals(34, 1, 1, 2));
    assertThat(summary.totals()).as(run.describe()).isEqualTo(surefire);
    assertThat(summary.passed())
        .isEqualTo(summary.total() - summary.failed() - summary.errors() - summary.skipped());
    assertThat(summary.workers()).isEqualTo(2);
  }

  @Test
  void jsonReportListsEveryTestExactlyOnce() {
    JsonReport report = json();
    List<String> ids =
        report.tests().stream().map(JsonReport.Entry::id).collect(Collectors.toList());
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(ids).hasSize(report.summary().total());
    assertThat(report.summary().totals()).isEqualTo(surefire);
    assertThat(report.summary().exitCode()).isEqualTo(1);
    assertThat(report.summary().crashed()).isZero();
    assertThat(report.tests().stream().filter(t -> t.status().equals("failed")))
        .hasSize(report.summary().failed());
    assertThat(report.tests().stream().filter(t -> t.status().equals("error")))
        .hasSize(report.summary().errors());
    assertThat(report.tests().stream().filter(t -> t.status().equals("skipped")))
        .hasSize(report.summary().skipped());
    assertThat(report.tests().stream().filter(t -> t.status().equals("passed")))
        .hasSize(report.summary().passed());
  }

  @Test
  void parameterizedInvocationsAndDynamicTestsAreTheirOwnEntries() {
    JsonReport report = json();
    assertThat(report.testsOf("fx.ValuesTest"))
        .extracting(JsonReport.Entry::id)
        .hasSize(3)
        .allMatch(id -> id.contains("[test-template:isPositive(int)]"))
        .anyMatch(id -> id.endsWith("[test-template-invocation:#1]"))
        .anyMatch(id -> id.endsWith("[test-template-invocation:#2]"))
        .anyMatch(id -> id.endsWith("[test-template-invocation:#3]"));
    assertThat(report.testsOf("fx.DynamicTestsTest"))
        .extracting(JsonReport.Entry::id)
        .hasSize(3)
        .allMatch(id -> id.contains("[test-factory:squares()]"))
        .anyMatch(id -> id.endsWith("[dynamic-test:#1]"))
        .anyMatch(id -> id.endsWith("[dynamic-test:#2]"))
        .anyMatch(id -> id.endsWith("[dynamic-test:#3]"));
    assertThat(report.testsOf("fx.ValuesTest")).allMatch(t -> t.status().equals("passed"));
    assertThat(report.testsOf("fx.DynamicTestsTest")).allMatch(t -> t.status().equals("passed"));
  }

  @Test
  void nestedClassesRunWithTheirOuterClass() {
    JsonReport report = json();
    List<JsonReport.Entry> nested =
        report.tests().stream()
            .filter(t -> t.id().contains("[class:fx.NestedTest]"))
            .collect(Collectors.toList());
    assertThat(nested).hasSize(5).allMatch(t -> t.status().equals("passed"));
    assertThat(nested.stream().map(JsonReport.Entry::worker).collect(Collectors.toSet()))
        .hasSize(1);
  }

  @Test
  void bothWorkersRanTests() {
    JsonReport report = json();
    Set<String> used =
        report.tests().stream()
            .filter(t -> !t.status().equals("skipped"))
            .map(JsonReport.Entry::worker)
            .collect(Collectors.toSet());
    assertThat(used).containsExactlyInAnyOrder("w1", "w2");
    assertThat(report.workers())
        .extracting(JsonReport.Worker::id)
        .containsExactlyInAnyOrder("w1", "w2");
    assertThat(report.workers()).allMatch(w -> w.tests() > 0, "ran at least one test");
    assertThat(report.workers().stream().mapToInt(JsonReport.Worker::tests).sum())
        .isLessThanOrEqualTo(report.summary().total());
  }

  @Test
  void orderedPerClassTestsRanInOrderOnOneWorker() {
    List<JsonReport.Entry> ordered = json().testsOf("fx.OrderedStateTest");
    assertThat(ordered).hasSize(4).allMatch(t -> t.status().equals("passed"));
    Set<String> workers =
        ordered.stream().map(JsonReport.Entry::worker).collect(Collectors.toSet());
    assertThat(workers).hasSize(1);
    String worker = workers.iterator().next();
    // The tests print JXDIST_WORKER_ID: the worker's environment reached them, and agrees.
    String xml = systemOut(reportsDir().resolve("TEST-fx.OrderedStateTest.xml"));
    for (String step : List.of("open", "write", "read", "close")) {
      assertThat(xml).contains("fx.OrderedStateTest " + step + " on worker " + worker);
    }
  }

  @Test
  void xmlReportCarriesTheTestsOutput() {
    Path file = reportsDir().resolve("TEST-fx.OutputTest.xml");
    assertThat(file).as(run.describe()).isRegularFile();
    assertThat(systemOut(file)).contains("hello from fx.OutputTest");
    assertThat(text(ReportTotals.parse(file).getElementsByTagName("system-err")))
        .contains("warning from fx.OutputTest");
  }

  @Test
  void xmlReportsCountLikeSurefire() {
    assertThat(ReportTotals.read(reportsDir())).as(run.describe()).isEqualTo(surefire);
  }

  @Test
  void failuresAndErrorsCarryTheirMessages() {
    JsonReport report = json();
    JsonReport.Entry failed = report.test("[method:answerIsFortyTwo()]");
    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.message()).contains("the answer must be 42");
    JsonReport.Entry error = report.test("[method:throwsIllegalState()]");
    assertThat(error.status()).isEqualTo("error");
    assertThat(error.message()).contains("boom from fx.ErroringTest");
  }

  @Test
  void disabledAndAbortedTestsAreSkipped() {
    JsonReport report = json();
    assertThat(report.test("[class:fx.SkippedTest]/[method:disabled()]").status())
        .isEqualTo("skipped");
    assertThat(report.test("[class:fx.SkippedTest]/[method:aborted()]").status())
        .isEqualTo("skipped");
    assertThat(report.test("[class:fx.SkippedTest]/[method:runs()]").status()).isEqualTo("passed");
  }

  @Test
  void suiteSeesItsOwnDependenciesAndWorkingDirectory() {
    JsonReport report = json();
    assertThat(report.testsOf("fx.IsolationTest"))
        .hasSize(2)
        .allSatisfy(
            t -> assertThat(t.status()).as(t.id() + ": " + t.message()).isEqualTo("passed"));
    JsonReport.Entry workingDir = report.test("[method:readsDataRelativeToTheWorkingDirectory()]");
    assertThat(workingDir.status()).as(workingDir.message()).isEqualTo("passed");
  }

  private static Path reportsDir() {
    return project.resolve("target/jxdist-reports");
  }

  private static String systemOut(Path file) {
    Document doc = ReportTotals.parse(file);
    return text(doc.getElementsByTagName("system-out"));
  }

  private static String text(NodeList nodes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < nodes.getLength(); i++) {
      sb.append(nodes.item(i).getTextContent()).append('\n');
    }
    return sb.toString();
  }
}
