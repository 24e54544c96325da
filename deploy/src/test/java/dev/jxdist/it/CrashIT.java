package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A test that ends its worker's JVM for real ({@code System.exit(3)}): the test in progress is
 * reported crashed with the exit code and the worker's last output, the rest of its class runs on
 * the other worker, and every test still ends with exactly one result.
 */
class CrashIT {

  @Test
  void aWorkerThatExitsCostsOnlyTheTestItWasRunning() {
    Path project = Fixtures.built("crash");
    Path json = Fixtures.runsDir().resolve("crash.json");

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

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    JsonReport report = JsonReport.read(json);
    assertThat(report.tests()).hasSize(12);
    assertThat(report.tests().stream().map(JsonReport.Entry::id).collect(Collectors.toSet()))
        .hasSize(12);
    assertThat(report.summary().crashed()).isEqualTo(1);
    assertThat(report.summary().passed()).isEqualTo(11);

    JsonReport.Entry crashed = report.test("[method:exitsTheJvm()]");
    assertThat(crashed.status()).isEqualTo("crashed");
    assertThat(crashed.message())
        .contains("worker " + crashed.worker(), "crashed", "exit code 3")
        .contains("last words before System.exit(3)")
        .contains("jxdist-worker.jar");

    JsonReport.Entry after = report.test("[method:afterExit()]");
    assertThat(after.status()).isEqualTo("passed");
    assertThat(after.worker()).isNotEqualTo(crashed.worker());

    List<String> states =
        report.workers().stream()
            .map(JsonReport.Worker::state)
            .sorted()
            .collect(Collectors.toList());
    assertThat(states).containsExactly("crashed", "finished");
    assertThat(run.output()).contains("crashed").contains("exit code 3");
  }
}
