package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How work is spread and stopped: fail-fast, and workers that collect different tests.
 */
class SchedulingIT {

  @Test
  void exitFirstStopsAfterTheFirstFailureAndReportsTheRestSkippedWithTheReason() throws Exception {
    Path project = Fixtures.built("basics");
    Path json = Fixtures.runsDir().resolve("exitfirst.json");
    Files.deleteIfExists(json);

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(), "run", "-x", "-n", "2", "--project", project.toString(),
            "--report-json", json.toString());

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    assertThat(run.output()).contains("stopped after 1 failure (--maxfail 1)");
    JsonReport report = JsonReport.read(json);
    List<String> ids = report.tests().stream().map(JsonReport.Entry::id).toList();
    // Every test once; a template that never ran is one skipped entry (its invocations never existed).
    assertThat(ids).doesNotHaveDuplicates().hasSize(report.summary().total());
    assertThat(report.summary().total()).isGreaterThan(25);
    assertThat(report.summary().failed() + report.summary().errors()).isBetween(1, 2);
    List<JsonReport.Entry> notRun =
        report.tests().stream().filter(t -> t.message().equals("not run: stopped after 1 failure")).toList();
    assertThat(notRun).as(run.describe()).isNotEmpty().allMatch(t -> t.status().equals("skipped"));
  }

  @Test
  void workersThatCollectDifferentTestsRunNothingAndTheDifferenceIsNamed() throws Exception {
    Path project = Fixtures.built("mismatch");
    Path json = Fixtures.runsDir().resolve("mismatch.json");
    Files.deleteIfExists(json);

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(), "run", "-n", "2", "--project", project.toString(),
            "--report-json", json.toString());

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
    assertThat(run.output())
        .containsPattern("Different tests were collected between (w1 and w2|w2 and w1); nothing was run")
        .contains("only on w1: [engine:junit-vintage]/[runner:fx.PerWorkerTest]/[test:%5Bw1%5D]")
        .contains("only on w2: [engine:junit-vintage]/[runner:fx.PerWorkerTest]/[test:%5Bw2%5D]");
    JsonReport report = JsonReport.read(json);
    assertThat(report.tests()).isNotEmpty().allMatch(t -> t.status().equals("skipped"), "not run");
    assertThat(report.summary().exitCode()).isEqualTo(3);
  }
}
