package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.it.hosts.TestHost;
import dev.jxdist.it.hosts.TestHosts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chaos: 300 short tests on 4 local workers and 2 SSH hosts of 2 workers each, while a loop kills
 * ({@code kill -9}) a random worker JVM every 2 s from the moment the tests are collected, five
 * times over. Whatever is killed when, the invariant holds every time: one result per discovered
 * test, distinct ids, and every test passed or crashed (the ones running where the kill struck, or
 * about to run when the kill took the worker's last events with it); a kill in a class's tear-down,
 * after its last test, is one crashed result of that class more.
 */
class ChaosIT {

  private static final Path WORK_DIR = Path.of("target", "test-hosts", "ChaosIT").toAbsolutePath();
  private static final String WORKER = "jxdist-worker";
  private static final int TESTS = 300;
  private static final int REPETITIONS = 5;

  private static TestHosts testHosts;

  @BeforeAll
  static void createHosts() {
    testHosts = TestHosts.create(2, WORK_DIR);
  }

  @AfterAll
  static void closeHosts() {
    if (testHosts != null) {
      testHosts.close();
    }
  }

  @Test
  void everyDiscoveredTestEndsOnceWhileWorkersAreKilledAtRandom() throws Exception {
    Path project = Fixtures.built("chaos");
    Random random = new Random(9);
    int killedInAll = 0;
    for (int i = 1; i <= REPETITIONS; i++) {
      Path log = Fixtures.runsDir().resolve("chaos-" + i + ".log");
      Path json = Fixtures.runsDir().resolve("chaos-" + i + ".json");
      Files.deleteIfExists(json);
      Process run = Jxdist.start(Fixtures.runsDir(), log, args(project, json));
      AtomicInteger killed = new AtomicInteger();
      Thread killer = new Thread(() -> killAtRandom(run, log, random, killed), "chaos-killer");
      killer.setDaemon(true);
      killer.start();
      try {
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).as("run %d ends; %s", i, read(log)).isTrue();
      } finally {
        killer.interrupt();
        killer.join(5_000);
        run.descendants().forEach(ProcessHandle::destroyForcibly);
        run.destroyForcibly();
      }
      String output = read(log);
      assertThat(run.exitValue()).as(output).isIn(0, 1);
      JsonReport report = JsonReport.read(json);
      // A kill in a class's tear-down, after its last test, is a result of that class's own.
      List<JsonReport.Entry> classes =
          report.tests().stream().filter(t -> !t.id().contains("/[method:")).toList();
      assertThat(classes)
          .as("run %d: class results are crashes in a tear-down; %s", i, output)
          .allMatch(t -> t.status().equals("crashed") && t.message().contains("tear-down"));
      List<String> ids =
          report.tests().stream()
              .map(JsonReport.Entry::id)
              .filter(id -> id.contains("/[method:"))
              .toList();
      assertThat(report.summary().total()).as(output).isEqualTo(TESTS + classes.size());
      assertThat(ids).as(output).hasSize(TESTS).doesNotHaveDuplicates();
      assertThat(report.summary().passed() + report.summary().crashed())
          .as("run %d: passed + crashed; %s", i, output)
          .isEqualTo(TESTS + classes.size());
      assertThat(report.tests())
          .filteredOn(t -> t.status().equals("crashed"))
          .as("run %d: crashed tests say why", i)
          .allMatch(t -> t.message().contains("crashed") || t.message().contains("not run"));
      killedInAll += killed.get();
    }
    assertThat(killedInAll).as("workers killed over the runs").isGreaterThanOrEqualTo(REPETITIONS);
  }

  private static String[] args(Path project, Path json) {
    List<String> args = new ArrayList<>();
    StringBuilder hosts = new StringBuilder();
    for (TestHost host : testHosts.hosts()) {
      hosts.append(hosts.length() == 0 ? "" : ",");
      hosts.append(host.user()).append('@').append(host.address()).append("*2");
    }
    args.addAll(
        List.of(
            "run",
            "-n",
            "4",
            "--hosts",
            hosts.toString(),
            "--ssh-key",
            testHosts.clientKey().toString(),
            "--known-hosts",
            testHosts.knownHosts().toString(),
            "--project",
            project.toString(),
            "--report-json",
            json.toString()));
    return args.toArray(String[]::new);
  }

  /**
   * Every 2 s once the tests are collected, while {@code run} lives, kills one of its worker JVMs
   * (local or remote).
   */
  private static void killAtRandom(Process run, Path log, Random random, AtomicInteger killed) {
    try {
      while (run.isAlive() && !read(log).contains("collected " + TESTS + " tests")) {
        Thread.sleep(50);
      }
      while (run.isAlive()) {
        Thread.sleep(2_000);
        List<Long> workers = new ArrayList<>();
        run.descendants()
            .filter(p -> p.info().commandLine().orElse("").contains(WORKER))
            .forEach(p -> workers.add(p.pid()));
        testHosts.hosts().forEach(h -> workers.addAll(h.processes(WORKER)));
        if (workers.isEmpty() || !run.isAlive()) {
          continue;
        }
        long pid = workers.get(random.nextInt(workers.size()));
        if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
          killed.incrementAndGet();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // A host closed under the loop at the end: the run is over.
    }
  }

  private static String read(Path log) throws Exception {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
