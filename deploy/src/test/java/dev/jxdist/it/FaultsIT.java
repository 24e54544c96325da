package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.it.hosts.TestHost;
import dev.jxdist.it.hosts.TestHosts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One host of two (two workers each) fails in the middle of a run, for real: its link is cut, its
 * sshd dies (its workers live on), or its worker JVMs freeze ({@code kill -STOP}). Each time every
 * test ends passed (the tests that were running on the lost host run again on the other), no worker
 * of the healthy host is lost, the run ends within 30 s of the fault plus the work left, and the
 * failing host is named with the reason.
 */
class FaultsIT {

  private static final Path WORK_DIR = Path.of("target", "test-hosts", "FaultsIT").toAbsolutePath();
  private static final String WORKER = "jxdist-worker";

  /** The sleepy fixture: 64 tests of 500 ms. */
  private static final int TESTS = 64;

  /** The fixture's work, were it all left, on the healthy host's two workers. */
  private static final long WORK_LEFT_S = TESTS * 500 / 1000 / 2;

  private static TestHosts testHosts;
  private static TestHost a;
  private static TestHost b;

  @BeforeAll
  static void createHosts() {
    testHosts = TestHosts.create(2, WORK_DIR);
    a = testHosts.hosts().get(0);
    b = testHosts.hosts().get(1);
  }

  @AfterAll
  static void closeHosts() {
    if (testHosts != null) {
      testHosts.close();
    }
  }

  @Test
  void aHostCutOffCostsOnlyItsOwnTestsTime() throws Exception {
    FaultRun run;
    try {
      run = runWith("cut", b::cut);
    } finally {
      b.heal();
    }
    run.assertEveryTestPassedAndTheHealthyHostLostNoWorker();
    run.assertTheLostHostWasDropped("silent");
    // Its workers heard nothing more from the coordinator: they end by themselves.
    awaitNoWorkerLeft(b, 20);
  }

  @Test
  void aHostWhoseSshdDiesKeepsItsWorkersAndIsNamedAtTheEnd() throws Exception {
    FaultRun run;
    try {
      run = runWith("no-sshd", b::stopSshd);
    } finally {
      b.restartSshd();
    }
    run.assertEveryTestPassedAndTheHealthyHostLostNoWorker();
    // Its workers still work: nothing is lost, and they end when the run tells them to.
    assertThat(run.report().workers()).hasSize(4).allMatch(w -> w.state().equals("finished"));
    assertThat(run.output())
        .contains(b.address() + ": no longer answers over SSH")
        .contains("session directory is left for a later run to remove");
    awaitNoWorkerLeft(b, 15);
  }

  @Test
  void aHostWhoseWorkersFreezeIsDroppedAndTheFrozenJvmsAreKilled() throws Exception {
    FaultRun run = runWith("frozen", () -> assertThat(b.freeze(WORKER)).hasSize(2));
    run.assertEveryTestPassedAndTheHealthyHostLostNoWorker();
    run.assertTheLostHostWasDropped("silent");
    // The host still answers: the frozen JVMs were killed over SSH.
    awaitNoWorkerLeft(b, 10);
  }

  // ---- helpers ----

  /**
   * A run with a fault in the middle.
   *
   * @param secondsToEnd from the fault to the end of the run
   */
  private record FaultRun(String output, int exitCode, JsonReport report, double secondsToEnd) {

    void assertEveryTestPassedAndTheHealthyHostLostNoWorker() {
      assertThat(exitCode).as(output).isZero();
      assertThat(report.tests()).hasSize(TESTS);
      assertThat(report.tests().stream().map(JsonReport.Entry::id).collect(Collectors.toSet()))
          .hasSize(TESTS);
      assertThat(report.tests()).allMatch(t -> t.status().equals("passed"));
      Set<String> onA =
          report.tests().stream()
              .filter(t -> t.host().equals(a.address()))
              .map(JsonReport.Entry::worker)
              .collect(Collectors.toSet());
      assertThat(onA).hasSize(2);
      assertThat(report.workers())
          .filteredOn(w -> onA.contains(w.id()))
          .as("the healthy host's workers")
          .allMatch(w -> w.state().equals("finished"));
      assertThat(secondsToEnd).as(output).isLessThan(30 + WORK_LEFT_S);
    }

    void assertTheLostHostWasDropped(String why) {
      assertThat(output).containsPattern("host " + b.address() + " dropped: .*" + why);
      assertThat(report.workers()).filteredOn(w -> w.state().equals("crashed")).hasSize(2);
    }
  }

  /** Runs the sleepy fixture on a*2 and b*2, calling {@code fault} once both hosts are at work. */
  private static FaultRun runWith(String name, Runnable fault) throws Exception {
    Path project = Fixtures.built("sleepy");
    Path log = Fixtures.runsDir().resolve("faults-" + name + ".log");
    Path json = Fixtures.runsDir().resolve("faults-" + name + ".json");
    Files.deleteIfExists(json);
    String hosts = a.user() + "@" + a.address() + "*2," + b.user() + "@" + b.address() + "*2";
    Process run =
        Jxdist.start(
            Fixtures.runsDir(),
            log,
            "run",
            "--hosts",
            hosts,
            "--ssh-key",
            testHosts.clientKey().toString(),
            "--known-hosts",
            testHosts.knownHosts().toString(),
            "--project",
            project.toString(),
            "--report-json",
            json.toString());
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!read(log).contains("collected " + TESTS + " tests")
          && run.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      // Both hosts into their first classes.
      Thread.sleep(2000);
      assertThat(run.isAlive()).as("the run is still going; %s", read(log)).isTrue();
      assertThat(b.processes(WORKER)).as("workers on " + b).hasSize(2);
      long faultAt = System.nanoTime();
      fault.run();
      assertThat(run.waitFor(120, TimeUnit.SECONDS)).as("the run ends; %s", read(log)).isTrue();
      double seconds = (System.nanoTime() - faultAt) / 1e9;
      return new FaultRun(read(log), run.exitValue(), JsonReport.read(json), seconds);
    } finally {
      run.descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly();
    }
  }

  private static void awaitNoWorkerLeft(TestHost host, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!host.processes(WORKER).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(host.processes(WORKER)).as("worker JVMs left on " + host).isEmpty();
  }

  private static String read(Path log) throws Exception {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
