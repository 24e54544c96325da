package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.it.hosts.TestHost;
import dev.jxdist.it.hosts.TestHosts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --test-timeout} for real: a test that sleeps forever is reported as an error "timed out
 * after 5s" with a thread dump that shows where it sleeps (JSON {@code message}, XML {@code error}
 * and {@code system-err}), its worker is killed, the rest of its class runs on the other worker,
 * and the run ends. Locally and on an SSH host (a network namespace); and a malformed duration is a
 * usage error that names the option and the value.
 */
class TimeoutIT {

  private static final Path WORK_DIR =
      Path.of("target", "test-hosts", "TimeoutIT").toAbsolutePath();

  private static TestHosts testHosts;

  @AfterAll
  static void closeHosts() {
    if (testHosts != null) {
      testHosts.close();
    }
  }

  @Test
  void aTestThatSleepsForeverTimesOutWithAThreadDumpLocally() throws Exception {
    Path project = Fixtures.built("faults");

    Path json = Fixtures.runsDir().resolve("timeout-local.json");
    ProcessResult run = Jxdist.run(Fixtures.runsDir(), args(project, json, "-n", "2"));

    assertTimedOutAndTheRestPassed(run, project, json, "localhost");
  }

  @Test
  void aTestThatSleepsForeverTimesOutWithAThreadDumpOnAnSshHost() throws Exception {
    testHosts = TestHosts.create(1, WORK_DIR);
    TestHost host = testHosts.hosts().get(0);
    Path project = Fixtures.built("faults");

    Path json = Fixtures.runsDir().resolve("timeout-remote.json");
    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            args(
                project,
                json,
                "--hosts",
                host.user() + "@" + host.address() + "*2",
                "--ssh-key",
                testHosts.clientKey().toString(),
                "--known-hosts",
                testHosts.knownHosts().toString()));

    assertTimedOutAndTheRestPassed(run, project, json, host.address());
    assertThat(host.processes("jxdist-worker")).as("worker JVMs left on " + host).isEmpty();
  }

  /**
   * Every test of the class passed, and then its all-tests tear-down ended the JVM, or never
   * returned: the class fails the run with a result of its own, as a throwing tear-down does.
   */
  @Test
  void aClassWhoseTearDownEndsOrHangsTheWorkerAfterItsTestsPassedFailsTheRun() throws Exception {
    Path project = Fixtures.built("faults");
    Path json = Fixtures.runsDir().resolve("teardown.json");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "2",
            "--project",
            project.toString(),
            "--select-class",
            "fx.AfterAllExitTest",
            "--select-class",
            "fx.AfterAllHangTest",
            "--select-class",
            "fx.SteadyTest",
            "--test-timeout",
            "3s",
            "--report-json",
            json.toString());

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    JsonReport report = JsonReport.read(json);
    // Six tests passed; the two classes are one result more each.
    assertThat(report.tests()).hasSize(8);
    assertThat(report.summary().passed()).isEqualTo(6);
    JsonReport.Entry exited = classEntry(report, "fx.AfterAllExitTest");
    assertThat(exited.status()).isEqualTo("crashed");
    assertThat(exited.message())
        .contains("exit code 7", "after every test of fx.AfterAllExitTest had ended")
        .contains("AfterAllExitTest: System.exit(7) in @AfterAll");
    JsonReport.Entry hung = classEntry(report, "fx.AfterAllHangTest");
    assertThat(hung.status()).isEqualTo("error");
    assertThat(hung.message())
        .startsWith("timed out after 3s")
        .contains("after every test of fx.AfterAllHangTest had ended")
        .contains("fx.AfterAllHangTest.neverReturns(AfterAllHangTest.java:");

    String xml =
        Files.readString(
            project.resolve("target/jxdist-reports/TEST-fx.AfterAllExitTest.xml"),
            StandardCharsets.UTF_8);
    assertThat(xml).contains("tests=\"3\"").contains("errors=\"1\"");
  }

  @Test
  void aMalformedDurationIsAUsageErrorNamingTheOptionAndTheValue() {
    Path project = Fixtures.built("junit6");
    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "1",
            "--project",
            project.toString(),
            "--unit-timeout",
            "5x");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(4);
    assertThat(run.output()).contains("--unit-timeout 5x").doesNotContain("\tat ");
  }

  /** The result of the class {@code name} itself (not of a test of it). */
  private static JsonReport.Entry classEntry(JsonReport report, String name) {
    return report.tests().stream()
        .filter(t -> t.id().endsWith("[class:" + name + "]"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no result of the class " + name));
  }

  private static String[] args(Path project, Path json, String... workers) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--project",
                project.toString(),
                "--select-class",
                "fx.HangTest",
                "--select-class",
                "fx.SteadyTest",
                "--test-timeout",
                "5s",
                "--report-json",
                json.toString()));
    args.addAll(List.of(workers));
    return args.toArray(String[]::new);
  }

  private static void assertTimedOutAndTheRestPassed(
      ProcessResult run, Path project, Path json, String host) throws Exception {
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    assertThat(run.output())
        .contains("fx.HangTest > sleepsForever() on worker")
        .contains("timed out after 5s: taking a thread dump, then the worker is killed");
    JsonReport report = JsonReport.read(json);
    assertThat(report.tests()).hasSize(6);
    assertThat(report.summary().errors()).isEqualTo(1);
    assertThat(report.summary().passed()).isEqualTo(5);

    JsonReport.Entry hung = report.test("[method:sleepsForever()]");
    assertThat(hung.status()).isEqualTo("error");
    assertThat(hung.host()).isEqualTo(host);
    assertThat(hung.message())
        .startsWith("timed out after 5s\n")
        .contains("\"main\"")
        .contains("java.lang.Thread.sleep")
        .contains("fx.HangTest.sleepsForever(HangTest.java:");
    JsonReport.Entry after = report.test("[method:afterHang()]");
    assertThat(after.status()).isEqualTo("passed");
    assertThat(after.worker()).isNotEqualTo(hung.worker());
    assertThat(report.workers())
        .filteredOn(w -> w.id().equals(hung.worker()))
        .extracting(JsonReport.Worker::state)
        .containsExactly("crashed");

    String xml =
        Files.readString(
            project.resolve("target/jxdist-reports/TEST-fx.HangTest.xml"), StandardCharsets.UTF_8);
    assertThat(xml)
        .contains(
            "<error message=\"timed out after 5s\" type=\"java.util.concurrent.TimeoutException\">")
        .contains("<system-err>")
        .contains("at fx.HangTest.sleepsForever(HangTest.java:");
  }
}
