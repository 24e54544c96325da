package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C in the middle of a run, as a terminal sends it: SIGINT to the foreground process group.
 * The workers live in sessions of their own, so only the coordinator hears it; it stops them in
 * order, reports what never ran as skipped, writes the reports, removes its worker logs and exits
 * with 2.
 */
class InterruptIT {

  @Test
  void ctrlCStopsTheRunInOrderAndExitsTwo() throws Exception {
    Path project = Fixtures.built("slow");
    Path json = Fixtures.runsDir().resolve("interrupt.json");
    Path log = Fixtures.runsDir().resolve("interrupt.log");
    Files.deleteIfExists(json);
    // Its own temporary directory, to see that the run's worker logs are removed.
    Path tmp = Files.createTempDirectory(Fixtures.runsDir(), "interrupt-tmp-");
    Process run =
        Jxdist.start(
            Fixtures.runsDir(),
            log,
            List.of("-Djava.io.tmpdir=" + tmp),
            "run",
            "-n",
            "2",
            "--project",
            project.toString(),
            "--report-json",
            json.toString());
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log, StandardCharsets.UTF_8)
              .contains("collected 12 tests in 4 classes")
          && run.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      // The plan is agreed; let the workers get into their first class (2.1 s each).
      Thread.sleep(1200);
      assertThat(run.isAlive()).as("the run is still going when Ctrl-C comes").isTrue();

      int kill = new ProcessBuilder("kill", "-INT", "--", "-" + run.pid()).start().waitFor();
      assertThat(kill).isZero();

      assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("jxdist ends after Ctrl-C").isTrue();
    } finally {
      run.descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(run.exitValue()).as(output).isEqualTo(2);
    assertThat(output).contains("interrupted");

    JsonReport report = JsonReport.read(json);
    assertThat(report.tests()).hasSize(12);
    assertThat(report.summary().crashed()).as("workers were stopped, not killed").isZero();
    assertThat(report.summary().passed()).isPositive();
    assertThat(report.summary().skipped()).isPositive();
    assertThat(report.summary().passed() + report.summary().skipped()).isEqualTo(12);
    assertThat(report.tests())
        .filteredOn(t -> t.status().equals("skipped"))
        .allMatch(t -> t.message().contains("interrupted"));
    assertThat(report.workers()).extracting(JsonReport.Worker::state).containsOnly("finished");
    assertThat(report.summary().exitCode()).isEqualTo(2);
    // The shutdown hook halts only once the run's worker-log directory is removed.
    try (var left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString())).as("left in " + tmp).isEmpty();
    }
  }
}
