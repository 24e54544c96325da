package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A test that ends its worker's JVM for real ({@code System.exit(3)}): the test in progress is
 * reported crashed with the exit code and the worker's last output, the rest of its class runs on
 * another worker, and every test still ends with exactly one result. With {@code -n 1} the worker
 * is replaced in its slot and every other test runs; with {@code --max-worker-restart 0} the rest
 * is not run, for want of a worker. The crashed test's message shows the command that started its
 * worker, and with it how the worker JVM compiled: C1 alone once a history says the suite is short,
 * unless the suite chose otherwise.
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
        .contains("jxdist-worker.jar")
        // Every worker of this run is local: plaintext on loopback (its log's first line).
        .contains("in plaintext (loopback)");

    JsonReport.Entry after = report.test("[method:afterExit()]");
    assertThat(after.status()).isEqualTo("passed");
    assertThat(after.worker()).isNotEqualTo(crashed.worker());

    List<String> states =
        report.workers().stream()
            .map(JsonReport.Worker::state)
            .sorted()
            .collect(Collectors.toList());
    // The crashed worker may have been replaced (the run has 2 restarts) if work was waiting.
    assertThat(states).startsWith("crashed", "finished").containsOnlyOnce("crashed");
    assertThat(run.output()).contains("crashed").contains("exit code 3");
  }

  @Test
  void withOneWorkerTheCrashedOneIsReplacedInItsSlotAndEveryOtherTestRuns() {
    Path project = Fixtures.built("crash");
    Path json = Fixtures.runsDir().resolve("crash-n1.json");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "1",
            "--project",
            project.toString(),
            "--report-json",
            json.toString());

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    JsonReport report = JsonReport.read(json);
    assertThat(report.tests()).hasSize(12);
    assertThat(report.summary().crashed()).isEqualTo(1);
    assertThat(report.summary().passed()).isEqualTo(11);
    assertThat(report.test("[method:exitsTheJvm()]").message()).contains("exit code 3");
    assertThat(report.workers())
        .extracting(JsonReport.Worker::state, JsonReport.Worker::slot)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("crashed", "w1"),
            org.assertj.core.groups.Tuple.tuple("finished", "w1"));
    assertThat(run.output()).contains("worker w2 replaces w1 in slot w1 (1 of 1 restarts)");
  }

  /**
   * In each mode every worker runs every test and keeps its own results: a worker lost without a
   * replacement leaves its own rest not run, and the run still ends with its reports.
   */
  @Test
  void inEachModeALostWorkersRestIsItsOwnNotRunAndTheReportsAreWritten() {
    Path project = Fixtures.built("crash");
    Path json = Fixtures.runsDir().resolve("crash-each.json");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "2",
            "--dist",
            "each",
            "--max-worker-restart",
            "0",
            "--project",
            project.toString(),
            "--report-json",
            json.toString());

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    assertThat(run.output()).doesNotContain("internal error");
    JsonReport report = JsonReport.read(json);
    // Both workers crash in ExitTest: each has one crashed test, and its own rest not run.
    assertThat(report.tests()).hasSize(24);
    assertThat(report.tests())
        .filteredOn(t -> t.id().endsWith("[method:exitsTheJvm()]"))
        .extracting(JsonReport.Entry::status)
        .containsExactly("crashed", "crashed");
    assertThat(report.tests())
        .filteredOn(t -> t.status().equals("crashed") && t.message().startsWith("not run"))
        .allSatisfy(t -> assertThat(t.message()).matches("not run: worker w\\d+ was lost .*"));
  }

  /**
   * A JVM halted in a test may take the news that the test started with it. Either way the run
   * fails with one crash in that class: the test's, or, when its start never arrived, the first
   * test of its class without a result (the one its worker most likely ran), or the class's own
   * when only the class's start arrived.
   */
  @Test
  void aTestThatHaltsItsJvmOnceFailsTheRunEvenWhenItsStartWasLostWithIt() throws IOException {
    Path halts = Fixtures.runsDir().resolve("halt-once.txt");
    Files.deleteIfExists(halts);
    Path json = Fixtures.runsDir().resolve("halt-once.json");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "1",
            "--project",
            Fixtures.built("faults").toString(),
            "--select-class",
            "fx.HaltOnceTest",
            "--select-class",
            "fx.SteadyTest",
            "--jvm-arg=-Dfx.haltsFile=" + halts,
            "--report-json",
            json.toString());

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    assertThat(halts).exists();
    JsonReport report = JsonReport.read(json);
    assertThat(report.summary().crashed()).as(run.describe()).isEqualTo(1);
    assertThat(report.tests())
        .filteredOn(t -> t.status().equals("crashed"))
        .singleElement()
        // The test, or, when its class's start arrived and its own did not, the class's set-up.
        .satisfies(t -> assertThat(t.id()).contains("[class:fx.HaltOnceTest]"));
    assertThat(report.testsOf("fx.SteadyTest"))
        .hasSize(3)
        .allSatisfy(t -> assertThat(t.status()).isEqualTo("passed"));
  }

  /**
   * A class whose set-up ends its JVM is crashed once, as a failing @BeforeAll is one error: its
   * tests do not go on to end every other worker, and the rest of the run passes on them.
   */
  @Test
  void aClassWhoseSetUpEndsItsJvmCostsOneWorkerNotEveryOne() {
    Path json = Fixtures.runsDir().resolve("before-all-exit.json");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "2",
            "--project",
            Fixtures.built("faults").toString(),
            "--select-class",
            "fx.BeforeAllExitTest",
            "--select-class",
            "fx.SteadyTest",
            "--report-json",
            json.toString());

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    JsonReport report = JsonReport.read(json);
    assertThat(report.testsOf("fx.BeforeAllExitTest"))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.id()).endsWith("[class:fx.BeforeAllExitTest]");
              assertThat(t.status()).isEqualTo("crashed");
              assertThat(t.message())
                  .contains("exit code 5", "in the set-up of fx.BeforeAllExitTest")
                  .contains("BeforeAllExitTest: System.exit(5) in @BeforeAll");
            });
    assertThat(report.testsOf("fx.SteadyTest"))
        .hasSize(3)
        .allSatisfy(t -> assertThat(t.status()).isEqualTo("passed"));
    assertThat(report.workers()).extracting(JsonReport.Worker::state).containsOnlyOnce("crashed");
  }

  @Test
  void withoutRestartsTheRestIsNotRunForWantOfAWorker() {
    Path project = Fixtures.built("crash");
    Path json = Fixtures.runsDir().resolve("crash-n1-no-restart.json");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "1",
            "--max-worker-restart",
            "0",
            "--project",
            project.toString(),
            "--report-json",
            json.toString());

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    JsonReport report = JsonReport.read(json);
    assertThat(report.tests()).hasSize(12);
    assertThat(report.summary().passed() + report.summary().crashed()).isEqualTo(12);
    assertThat(report.test("[method:exitsTheJvm()]").status()).isEqualTo("crashed");
    // afterExit, at least, was left: it comes after the crash in its class.
    assertThat(report.test("[method:afterExit()]").message())
        .isEqualTo("not run: no worker was left to run it");
    assertThat(report.workers()).extracting(JsonReport.Worker::state).containsExactly("crashed");
  }

  @Test
  void aShortSuitesWorkersRunC1AloneOnceItsHistorySaysSoUnlessItChoosesItsOwn() throws IOException {
    Path project = Fixtures.built("crash");
    Path history = Fixtures.runsDir().resolve("crash-jit-durations.json");
    Files.deleteIfExists(history);

    assertThat(workerCommand(project, history, "first"))
        .as("no history: HotSpot's default")
        .contains("jxdist-worker.jar")
        .doesNotContain("TieredStopAtLevel");
    assertThat(workerCommand(project, history, "second"))
        .as("a history of a second of tests: C1 alone")
        .contains("-XX:TieredStopAtLevel=1");
    assertThat(workerCommand(project, history, "own", "--jvm-arg=-XX:TieredStopAtLevel=4"))
        .as("the suite's own choice")
        .contains("-XX:TieredStopAtLevel=4")
        .doesNotContain("-XX:TieredStopAtLevel=1");
  }

  /** A run of the crash fixture with the {@code history}; the message of the crashed test. */
  private static String workerCommand(Path project, Path history, String name, String... more) {
    Path json = Fixtures.runsDir().resolve("crash-jit-" + name + ".json");
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "-n",
                "2",
                "--project",
                project.toString(),
                "--durations",
                history.toString(),
                "--report-json",
                json.toString()));
    args.addAll(List.of(more));
    ProcessResult run = Jxdist.run(Fixtures.runsDir(), args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    JsonReport report = JsonReport.read(json);
    assertThat(report.summary().passed()).as(run.describe()).isEqualTo(11);
    return report.test("[method:exitsTheJvm()]").message();
  }
}
