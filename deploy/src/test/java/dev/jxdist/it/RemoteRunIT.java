package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.it.hosts.TestHost;
import dev.jxdist.it.hosts.TestHosts;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code jxdist run --hosts} on three real OpenSSH hosts (network namespaces): a suite runs there
 * as if local, code sync is incremental, bad hosts cost only themselves, no worker JVM outlives a
 * run however it ends, and workers dial back directly, at an advertised address or through an SSH
 * tunnel; each host's sync is reported in a line of its own.
 */
class RemoteRunIT {

  private static final Path WORK_DIR =
      Path.of("target", "test-hosts", "RemoteRunIT").toAbsolutePath();
  private static final String WORKER = "jxdist-worker";

  private static TestHosts testHosts;
  private static TestHost a;
  private static TestHost b;
  private static TestHost c;

  @BeforeAll
  static void createHosts() {
    testHosts = TestHosts.create(3, WORK_DIR);
    a = testHosts.hosts().get(0);
    b = testHosts.hosts().get(1);
    c = testHosts.hosts().get(2);
  }

  @AfterAll
  static void closeHosts() {
    if (testHosts != null) {
      testHosts.close();
    }
  }

  /**
   * The basics fixture (its own protobuf 3.25, a file read relative to the project, every JUnit
   * outcome) on a*2 and b*auto: the same results as Maven Surefire's, tests on both hosts, no
   * worker left; then an unchanged second run sends nothing, and after one test class changes only
   * that class and its source are sent.
   */
  @Test
  void aSuiteRunsOnTwoHostsAsIfLocalAndSyncsOnlyWhatChanged() throws Exception {
    Path project = Fixtures.freshCopy("basics", "basics-remote");
    build(project, "basics-remote-test-compile");
    String hosts = spec(a) + "*2," + spec(b) + "*auto";

    BasicsRun firstRun = runOn(project, hosts, "remote-basics-1.json");
    JsonReport first = firstRun.report();
    assertThat(first.summary().totals()).isEqualTo(Fixtures.surefireTotals("basics"));
    List<String> ids = first.tests().stream().map(JsonReport.Entry::id).toList();
    assertThat(ids).doesNotHaveDuplicates().hasSize(first.summary().total());
    assertThat(first.tests().stream().map(JsonReport.Entry::host).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(a.address(), b.address());
    assertThat(first.testsOf("fx.IsolationTest"))
        .isNotEmpty()
        .allMatch(t -> t.status().equals("passed"));
    assertThat(first.testsOf("fx.WorkingDirTest"))
        .isNotEmpty()
        .allMatch(t -> t.status().equals("passed"));
    // *auto: one worker per core of the host (a namespace sees the machine's cores).
    int cores = Integer.parseInt(b.exec("getconf", "_NPROCESSORS_ONLN").stdout().strip());
    assertThat(hostNamed(first, b).workers()).isEqualTo(cores);
    assertThat(hostNamed(first, a).workers()).isEqualTo(2);
    for (JsonReport.Host host : first.hosts()) {
      assertThat(host.files()).as(host.toString()).isPositive();
      assertThat(host.bytesUploaded()).as(host.toString()).isPositive();
    }
    assertNoWorkerLeft(a, b);
    assertThat(sessions(a)).as("session directories left on " + a).isEmpty();

    // Off a terminal, each host's sync says how it went in one line as soon as it is over.
    for (TestHost host : List.of(a, b)) {
      assertThat(firstRun.output())
          .containsPattern(
              "(?m)^sync "
                  + Pattern.quote(host.address())
                  + ": [1-9][0-9]* files, [0-9]+ uploaded, [0-9.]+ [KM]?i?B in [0-9]+\\.[0-9]s$");
    }

    JsonReport unchanged = runOn(project, hosts, "remote-basics-2.json").report();
    assertThat(unchanged.summary().totals()).isEqualTo(first.summary().totals());
    assertThat(unchanged.hosts())
        .hasSize(2)
        .allSatisfy(
            h -> {
              assertThat(h.bytesUploaded()).as(h.toString()).isZero();
              assertThat(h.filesUploaded()).as(h.toString()).isZero();
            });

    Path source = project.resolve("src/test/java/fx/PassingTest.java");
    String code = Files.readString(source, StandardCharsets.UTF_8);
    Files.writeString(
        source,
        code.replace(
            "class PassingTest {", "class PassingTest {\n  static final String CHANGED = \"yes\";"),
        StandardCharsets.UTF_8);
    build(project, "basics-remote-recompile");
    Path changedClass = project.resolve("target/test-classes/fx/PassingTest.class");
    long expectedBytes = Files.size(changedClass) + Files.size(source);
    JsonReport oneChanged = runOn(project, hosts, "remote-basics-3.json").report();
    assertThat(oneChanged.hosts())
        .hasSize(2)
        .allSatisfy(
            h -> {
              assertThat(h.filesUploaded()).as(h.toString()).isEqualTo(2);
              assertThat(h.bytesUploaded()).as(h.toString()).isEqualTo(expectedBytes);
            });
    String classBlob =
        ".cache/jxdist/blobs/" + sha256(changedClass).substring(0, 2) + "/" + sha256(changedClass);
    assertThat(a.exec("test", "-f", classBlob).exitCode())
        .as("the changed class's blob on " + a)
        .isZero();
  }

  /**
   * A short suite's workers on a host run C1 alone once its history says so, as local ones do
   * (CrashIT): the crashed test's message carries the command that started its worker there.
   */
  @Test
  void aShortSuitesWorkersOnAHostRunC1AloneOnceItsHistorySaysSo() throws Exception {
    Path project = Fixtures.built("crash");
    Path history = Fixtures.runsDir().resolve("remote-crash-durations.json");
    Files.deleteIfExists(history);

    assertThat(crashedWorkersCommand(project, history, "remote-crash-1.json"))
        .as("no history: HotSpot's default")
        .contains("jxdist-worker.jar")
        .doesNotContain("TieredStopAtLevel")
        // A worker on a host speaks TLS to the pinned certificate (its log's first line).
        .contains("over TLS, accepting only the certificate ")
        .doesNotContain("plaintext");
    assertThat(crashedWorkersCommand(project, history, "remote-crash-2.json"))
        .as("a history of a second of tests: C1 alone")
        .contains("-XX:TieredStopAtLevel=1");
  }

  /** A run of the crash fixture on host a with {@code history}: the crashed test's message. */
  private static String crashedWorkersCommand(Path project, Path history, String jsonName)
      throws Exception {
    Path json = Fixtures.runsDir().resolve(jsonName);
    Files.deleteIfExists(json);
    List<String> args =
        new ArrayList<>(List.of(remoteArgs(project, spec(a) + "*2", testHosts.knownHosts(), json)));
    args.addAll(List.of("--durations", history.toString()));
    ProcessResult run = Jxdist.run(Fixtures.runsDir(), args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    JsonReport report = JsonReport.read(json);
    assertThat(report.summary().passed()).as(run.describe()).isEqualTo(11);
    return report.test("[method:exitsTheJvm()]").message();
  }

  /**
   * A host's worker whose JVM ends by itself where no test of it was known to run is told from a
   * connection that broke by its exit code, written down on the host: a class whose set-up calls
   * System.exit is crashed once (with that exit code) rather than ending every worker in turn, and
   * a test that halts its JVM on its first attempt fails the run even when its start was lost with
   * it (it ran again and passed on the next worker, as if nothing had happened).
   */
  @Test
  void aWorkerThatEndsItselfOnAHostIsToldFromACutConnection() throws Exception {
    Path halts = a.home().resolve("halt-once.txt");
    Files.deleteIfExists(halts);
    Path json = Fixtures.runsDir().resolve("remote-faults.json");
    Files.deleteIfExists(json);
    List<String> args =
        new ArrayList<>(
            List.of(
                remoteArgs(
                    Fixtures.built("faults"), spec(a) + "*2", testHosts.knownHosts(), json)));
    args.addAll(
        List.of(
            "--select-class",
            "fx.BeforeAllExitTest",
            "--select-class",
            "fx.HaltOnceTest",
            "--select-class",
            "fx.SteadyTest",
            "--jvm-arg=-Dfx.haltsFile=" + halts));

    ProcessResult run = Jxdist.run(Fixtures.runsDir(), args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    assertThat(halts).exists();
    JsonReport report = JsonReport.read(json);
    assertThat(report.testsOf("fx.BeforeAllExitTest"))
        .as(run.describe())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.id()).endsWith("[class:fx.BeforeAllExitTest]");
              assertThat(t.status()).isEqualTo("crashed");
              assertThat(t.host()).isEqualTo(a.address());
              assertThat(t.message()).contains("exit code 5", "in the set-up of");
            });
    assertThat(report.testsOf("fx.HaltOnceTest"))
        .as(run.describe())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.status()).isEqualTo("crashed");
              assertThat(t.message()).contains("exit code 1");
            });
    assertThat(report.testsOf("fx.SteadyTest"))
        .hasSize(3)
        .allSatisfy(t -> assertThat(t.status()).isEqualTo("passed"));
    assertNoWorkerLeft(a);
  }

  /**
   * A host list with a dead address and a host whose known_hosts key is wrong: both are named with
   * the reason and the suite passes on the good host; with {@code --require-all-hosts} nothing runs
   * and the exit code is 3.
   */
  @Test
  void badHostsAreNamedAndTheRunGoesOnWithoutThemUnlessAllAreRequired() throws Exception {
    Path project = Fixtures.built("junit6");
    Path knownHosts = WORK_DIR.resolve("known_hosts-wrong-key");
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(testHosts.knownHosts(), StandardCharsets.UTF_8)) {
      lines.add(line.startsWith(c.address() + " ") ? c.address() + " " + a.hostKey() : line);
    }
    Files.write(knownHosts, lines, StandardCharsets.UTF_8);
    Path json = Fixtures.runsDir().resolve("remote-bad-hosts.json");
    Files.deleteIfExists(json);
    String hosts = spec(a) + "," + spec(b) + "," + spec(c);
    ProcessResult run;
    ProcessResult strict;
    b.cut();
    try {
      run = Jxdist.run(Fixtures.runsDir(), remoteArgs(project, hosts, knownHosts, json));
      List<String> args = new ArrayList<>(List.of(remoteArgs(project, hosts, knownHosts, json)));
      args.add("--require-all-hosts");
      strict = Jxdist.run(Fixtures.runsDir(), args.toArray(String[]::new));
    } finally {
      b.heal();
    }

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.output())
        .contains("host " + b.address() + ": unreachable")
        .contains("host " + c.address() + ": host key does not match");
    // Their places are gone with them: the good host runs its one worker.
    assertThat(SummaryLine.lastIn(run.output()).workers()).isEqualTo(1);
    JsonReport report = JsonReport.read(json);
    assertThat(report.tests())
        .isNotEmpty()
        .allMatch(t -> t.host().equals(a.address()) && t.status().equals("passed"));

    assertThat(strict.exitCode()).as(strict.describe()).isEqualTo(3);
    assertThat(strict.output())
        .contains("host " + b.address() + ": unreachable")
        .contains("host " + c.address() + ": host key does not match")
        .contains("2 hosts could not be used")
        .contains("--require-all-hosts");
    assertNoWorkerLeft(a);
  }

  /**
   * No worker JVM outlives its coordinator: after Ctrl-C the coordinator stops them and removes its
   * session directories; after {@code kill -9} of the coordinator they exit by themselves.
   */
  @Test
  void noWorkerOutlivesAnInterruptedOrKilledCoordinator() throws Exception {
    Path project = Fixtures.built("slow");
    String hosts = spec(a) + "*2," + spec(b) + "*2";

    Process interrupted = startMidRun(project, hosts, "remote-interrupt.log");
    assertThat(new ProcessBuilder("kill", "-INT", "--", "-" + interrupted.pid()).start().waitFor())
        .isZero();
    assertThat(interrupted.waitFor(60, TimeUnit.SECONDS)).as("jxdist ends after Ctrl-C").isTrue();
    assertThat(interrupted.exitValue()).as(log("remote-interrupt.log")).isEqualTo(2);
    assertNoWorkerLeft(a, b);
    assertThat(sessions(a)).isEmpty();
    assertThat(sessions(b)).isEmpty();

    Process killed = startMidRun(project, hosts, "remote-kill.log");
    long killedAt = System.nanoTime();
    assertThat(new ProcessBuilder("kill", "-KILL", "--", "-" + killed.pid()).start().waitFor())
        .isZero();
    assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
    // Within the heartbeat deadline (5 missed pings of 2 s), plus time to exit.
    long deadline = killedAt + TimeUnit.SECONDS.toNanos(15);
    while ((!a.processes(WORKER).isEmpty() || !b.processes(WORKER).isEmpty())
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertNoWorkerLeft(a, b);
  }

  /**
   * Workers dial back at {@code --advertise HOST:PORT} (the coordinator listens on that port), or,
   * with {@code --tunnel}, through a port their SSH connection forwards: the coordinator then
   * listens on loopback only, so no worker could reach it any other way.
   */
  @Test
  void workersDialBackAtAnAdvertisedAddressOrThroughAnSshTunnel() throws Exception {
    Path project = Fixtures.built("junit6");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path json = Fixtures.runsDir().resolve("remote-advertise.json");
    List<String> advertised =
        new ArrayList<>(List.of(remoteArgs(project, spec(a), testHosts.knownHosts(), json)));
    advertised.addAll(List.of("--advertise", testHosts.rootAddress(a) + ":" + port));
    ProcessResult run = Jxdist.run(Fixtures.runsDir(), advertised.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(JsonReport.read(json).tests())
        .isNotEmpty()
        .allMatch(t -> t.host().equals(a.address()));

    Path tunnelJson = Fixtures.runsDir().resolve("remote-tunnel.json");
    List<String> tunnelled =
        new ArrayList<>(
            List.of(remoteArgs(project, spec(a) + "*2", testHosts.knownHosts(), tunnelJson)));
    tunnelled.add("--tunnel");
    ProcessResult tunnel = Jxdist.run(Fixtures.runsDir(), tunnelled.toArray(String[]::new));
    assertThat(tunnel.exitCode()).as(tunnel.describe()).isZero();
    JsonReport report = JsonReport.read(tunnelJson);
    assertThat(report.tests())
        .isNotEmpty()
        .allMatch(t -> t.host().equals(a.address()) && t.status().equals("passed"));
    assertThat(report.workers()).hasSize(2).allMatch(w -> w.state().equals("finished"));
    assertNoWorkerLeft(a);
  }

  // ---- helpers ----

  private static String spec(TestHost host) {
    return host.user() + "@" + host.address();
  }

  private static String[] remoteArgs(Path project, String hosts, Path knownHosts, Path json) {
    return new String[] {
      "run",
      "--hosts",
      hosts,
      "--ssh-key",
      testHosts.clientKey().toString(),
      "--known-hosts",
      knownHosts.toString(),
      "--project",
      project.toString(),
      "--report-json",
      json.toString()
    };
  }

  /** A run of the basics fixture: what it printed and its JSON report. */
  private record BasicsRun(String output, JsonReport report) {}

  private static BasicsRun runOn(Path project, String hosts, String jsonName) throws Exception {
    Path json = Fixtures.runsDir().resolve(jsonName);
    Files.deleteIfExists(json);
    ProcessResult run =
        Jxdist.run(Fixtures.runsDir(), remoteArgs(project, hosts, testHosts.knownHosts(), json));
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1); // basics has a failing test
    return new BasicsRun(run.output(), JsonReport.read(json));
  }

  private static void build(Path project, String logName) {
    ProcessResult build =
        Fixtures.runMaven(project, logName, Map.of(), "-B", "-q", "-o", "test-compile");
    assertThat(build.exitCode()).as(build.describe()).isZero();
  }

  /** Starts a run of the slow fixture and returns once its workers are into their first class. */
  private static Process startMidRun(Path project, String hosts, String logName) throws Exception {
    Path log = Fixtures.runsDir().resolve(logName);
    Path json = Fixtures.runsDir().resolve(logName + ".json");
    Process run =
        Jxdist.start(
            Fixtures.runsDir(), log, remoteArgs(project, hosts, testHosts.knownHosts(), json));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(log, StandardCharsets.UTF_8)
            .contains("collected 12 tests in 4 classes")
        && run.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(1000);
    assertThat(run.isAlive()).as("the run is still going; %s", log(logName)).isTrue();
    assertThat(a.processes(WORKER)).as("workers running on " + a).isNotEmpty();
    return run;
  }

  private static String log(String name) throws Exception {
    return Files.readString(Fixtures.runsDir().resolve(name), StandardCharsets.UTF_8);
  }

  private static void assertNoWorkerLeft(TestHost... hosts) {
    for (TestHost host : hosts) {
      assertThat(host.processes(WORKER)).as("worker JVMs left on " + host).isEmpty();
    }
  }

  /** The session directories in the host's jxdist cache. */
  private static Set<String> sessions(TestHost host) {
    String out = host.exec("sh", "-c", "ls -A .cache/jxdist/sessions 2>/dev/null; true").stdout();
    return out.lines().filter(l -> !l.isBlank()).collect(Collectors.toSet());
  }

  private static JsonReport.Host hostNamed(JsonReport report, TestHost host) {
    return report.hosts().stream()
        .filter(h -> h.name().equals(host.address()))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no host " + host.address() + " in " + report.hosts()));
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
