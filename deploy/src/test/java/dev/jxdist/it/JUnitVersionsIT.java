package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The suite's own JUnit runs it: a JUnit 6 suite (Platform 6) and a JUnit 4 suite (Platform 1.14
 * with the vintage engine) both pass under jxdist with the counts Surefire gives.
 */
class JUnitVersionsIT {

  @ParameterizedTest(name = "{0} runs on the {1} engine")
  @CsvSource({"junit6, junit-jupiter", "junit4, junit-vintage"})
  void passesWithSurefiresCounts(String fixture, String engine) {
    Path project = Fixtures.built(fixture);
    ReportTotals surefire = Fixtures.surefireTotals(fixture);
    assertThat(surefire.tests()).isEqualTo(10);
    Path json = Fixtures.runsDir().resolve(fixture + "-report.json");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "2",
            "--project",
            project.toString(),
            "--report-json",
            json.toString());

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(SummaryLine.lastIn(run.output()).totals()).as(run.describe()).isEqualTo(surefire);
    JsonReport report = JsonReport.read(json);
    assertThat(report.summary().totals()).isEqualTo(surefire);
    assertThat(report.tests())
        .hasSize(surefire.tests())
        .allSatisfy(t -> assertThat(t.id()).startsWith("[engine:" + engine + "]"))
        .allSatisfy(t -> assertThat(t.status()).as(t.id()).isEqualTo("passed"));
  }
}
