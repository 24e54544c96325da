package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code jxdist agent}: two agents, each in a network namespace of its own ({@code jxag-a}, {@code
 * jxag-b}, on 10.231.1.0/30 and 10.231.2.0/30; the coordinator is on the root side), used by runs
 * with {@code --agents} and no SSH. One lean suite, in order: a run on both agents and a second
 * that fetches nothing; two runs at once sharing one agent's slots; {@code kill -9} of the
 * coordinator reaped on both agents; SIGTERM draining an agent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentIT {

  private static final Duration REAP_DEADLINE = Duration.ofSeconds(20);
  private static final int PORT = 7171;

  private static Path dir;
  private static Path token;
  private static final List<Agent> agents = new ArrayList<>();
  private static Agent a;
  private static Agent b;

  /** One agent: its namespace, address, cache and process. */
  private record Agent(String name, String namespace, String address, Path cache, Background p) {
    String target(String slots) {
      return address + ":" + PORT + "*" + slots;
    }
  }

  @BeforeAll
  static void startAgents() throws Exception {
    dir = freshDir("agents");
    token = dir.resolve("agent-token");
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    Files.writeString(token, HexFormat.of().formatHex(secret) + "\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    a = startAgent("a", 1, 2);
    b = startAgent("b", 2, 2);
  }

  private static Agent startAgent(String name, int subnet, int slots) throws Exception {
    String ns = "jxag-" + name;
    String veth = "jxagv" + name;
    String root = "10.231." + subnet + ".1";
    String inside = "10.231." + subnet + ".2";
    sh("ip netns del " + ns + " 2>/dev/null; ip link del " + veth + " 2>/dev/null; true");
    sh(
        "ip netns add "
            + ns
            + " && ip link add "
            + veth
            + " type veth peer name "
            + veth
            + "i && ip link set "
            + veth
            + "i netns "
            + ns
            + " && ip addr add "
            + root
            + "/30 dev "
            + veth
            + " && ip link set "
            + veth
            + " up && ip -n "
            + ns
            + " addr add "
            + inside
            + "/30 dev "
            + veth
            + "i && ip -n "
            + ns
            + " link set "
            + veth
            + "i up && ip -n "
            + ns
            + " link set lo up");
    Path cache = dir.resolve("cache-" + name);
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    command.addAll(
        Jxdist.command(
            "agent",
            "--listen",
            inside + ":" + PORT,
            "--token-file",
            token.toString(),
            "--slots",
            Integer.toString(slots),
            "--cache",
            cache.toString(),
            "--cache-max",
            "512m",
            "--drain-grace",
            "2m",
            "--name",
            "agent-" + name));
    Background p =
        Background.start(command, Fixtures.runsDir(), dir.resolve("agent-" + name + ".log"));
    Agent agent = new Agent("agent-" + name, ns, inside, cache, p);
    agents.add(agent);
    p.awaitOutput("listening on", Jxdist.DEFAULT_TIMEOUT);
    return agent;
  }

  @AfterAll
  static void stopAgents() throws Exception {
    for (Agent agent : agents) {
      agent.p().close();
      sh("ip netns del " + agent.namespace() + " 2>/dev/null; true");
    }
  }

  @Test
  @Order(1)
  void aRunOnTwoAgentsIsGreenAndASecondRunFetchesNothing() throws Exception {
    Path project = Fixtures.built("junit6");
    Path json = dir.resolve("first.json");
    ProcessResult first = run(project, json, a.target("2") + "," + b.target("2"));

    assertThat(first.exitCode()).as(first.describe()).isZero();
    JsonObject report = read(json);
    assertEveryTestOnce(report);
    assertThat(testHosts(report)).isSubsetOf(Set.of(a.name(), b.name()));
    long fetched = uploaded(report, a.name()) + uploaded(report, b.name());
    assertThat(fetched).as("the agents fetched the code").isPositive();
    assertNothingLeftOn(a);
    assertNothingLeftOn(b);

    Path json2 = dir.resolve("second.json");
    ProcessResult second = run(project, json2, a.target("2") + "," + b.target("2"));
    assertThat(second.exitCode()).as(second.describe()).isZero();
    JsonObject report2 = read(json2);
    assertEveryTestOnce(report2);
    for (JsonElement host : report2.getAsJsonArray("hosts")) {
      assertThat(host.getAsJsonObject().getAsJsonObject("sync").get("bytes_uploaded").getAsLong())
          .as("second run, " + host)
          .isZero();
    }

    // hosts check asks each agent over the same authenticated session.
    ProcessResult check =
        Jxdist.run(
            Fixtures.runsDir(),
            "hosts",
            "check",
            "--agents",
            a.address() + ":" + PORT + "," + b.address() + ":" + PORT,
            "--agent-token-file",
            token.toString());
    assertThat(check.exitCode()).as(check.describe()).isZero();
    assertThat(check.output())
        .contains("agent-a", "agent-b", "2 of 2", System.getProperty("java.version"))
        .contains("2 of 2 agents usable");
  }

  @Test
  @Order(2)
  void twoRunsAtOnceShareAnAgentsSlots() throws Exception {
    // The first run holds one of agent a's two slots until the gate file appears.
    Path gate = dir.resolve("gate");
    Files.deleteIfExists(gate);
    Path json1 = dir.resolve("share-1.json");
    Background one =
        runInBackground(
            Fixtures.built("gate"), json1, a.target("1"), "share-1", "-Djxdist.gate=" + gate);
    a.p().awaitOutput("granted 1 of 1 slots", Jxdist.DEFAULT_TIMEOUT);
    Path json2 = dir.resolve("share-2.json");
    ProcessResult two = run(Fixtures.built("slow"), json2, a.target("2"));
    Files.writeString(gate, "open");

    assertThat(two.exitCode()).as(two.describe()).isZero();
    assertThat(two.output()).contains("granted 1 of 2 slots (1 of 2 slots are free)");
    assertThat(one.waitFor(Jxdist.DEFAULT_TIMEOUT)).as(one.describe()).isZero();
    assertThat(a.p().output()).contains("granted 1 of 2 slots");
    assertEveryTestOnce(read(json1));
    assertEveryTestOnce(read(json2));
    assertNothingLeftOn(a);
  }

  @Test
  @Order(3)
  void killingTheCoordinatorLeavesNoWorkerOnEitherAgent() throws Exception {
    Path project = Fixtures.built("slow");
    int startedA = count(a.p().output(), " started (pid ");
    int startedB = count(b.p().output(), " started (pid ");
    Background run =
        runInBackground(
            project, dir.resolve("killed.json"), a.target("2") + "," + b.target("2"), "killed");
    awaitCount(a.p(), " started (pid ", startedA + 1);
    awaitCount(b.p(), " started (pid ", startedB + 1);
    assertThat(workerJvms(a)).isNotEmpty();

    run.close(); // kill -9

    assertNothingLeftOn(a);
    assertNothingLeftOn(b);
    assertThat(a.p().output()).contains("is gone");
  }

  @Test
  @Order(4)
  void sigtermDrainsAnAgentItsRuningWorkersFinishAndItExitsZero() throws Exception {
    Path project = Fixtures.built("slow");
    Path json = dir.resolve("drained.json");
    int started = count(b.p().output(), " started (pid ");
    Background run = runInBackground(project, json, b.target("2"), "drained");
    awaitCount(b.p(), " started (pid ", started + 1);

    sh("kill -TERM " + b.p().pid());

    b.p().awaitOutput("stopping: refusing new runs", Jxdist.DEFAULT_TIMEOUT);
    ProcessResult refused = run(project, dir.resolve("refused.json"), b.target("1"));
    assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
    assertThat(refused.output()).contains("has no slot for this run (the agent is stopping)");
    assertThat(run.waitFor(Jxdist.DEFAULT_TIMEOUT)).as(run.describe()).isZero();
    assertEveryTestOnce(read(json));
    assertThat(b.p().waitFor(Duration.ofSeconds(60))).as(b.p().describe()).isZero();
    assertThat(b.p().output()).contains("stopped");
    assertNothingLeftOn(b);
  }

  // ---- helpers ----

  private static ProcessResult run(Path project, Path json, String agentList) {
    return Jxdist.run(
        Fixtures.runsDir(),
        "run",
        "--agents",
        agentList,
        "--agent-token-file",
        token.toString(),
        "--project",
        project.toString(),
        "--report-json",
        json.toString());
  }

  private static Background runInBackground(
      Path project, Path json, String agentList, String name, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--agents",
                agentList,
                "--agent-token-file",
                token.toString(),
                "--project",
                project.toString(),
                "--report-json",
                json.toString()));
    args.addAll(List.of(more));
    return Background.start(
        Jxdist.command(args.toArray(String[]::new)),
        Fixtures.runsDir(),
        dir.resolve("run-" + name + ".log"));
  }

  /** Within the deadline: no worker JVM runs from the agent's cache, and no session is left. */
  private static void assertNothingLeftOn(Agent agent) throws Exception {
    long deadline = System.nanoTime() + REAP_DEADLINE.toNanos();
    while (true) {
      List<String> jvms = workerJvms(agent);
      List<Path> sessions = sessionsLeft(agent.cache());
      if (jvms.isEmpty() && sessions.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        assertThat(jvms).as("worker JVMs left on " + agent.name()).isEmpty();
        assertThat(sessions).as("sessions left on " + agent.name()).isEmpty();
      }
      Thread.sleep(200);
    }
  }

  private static List<String> workerJvms(Agent agent) {
    String marker = agent.cache().toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .filter(p -> p.info().commandLine().map(c -> c.contains("jxdist-worker")).orElse(false))
        .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
        .collect(Collectors.toList());
  }

  private static List<Path> sessionsLeft(Path cache) throws IOException {
    Path sessions = cache.resolve("sessions");
    if (!Files.isDirectory(sessions)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(sessions)) {
      return children.collect(Collectors.toList());
    }
  }

  private static void awaitCount(Background p, String text, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Jxdist.DEFAULT_TIMEOUT.toNanos();
    while (count(p.output(), text) < n) {
      assertThat(System.nanoTime())
          .as("'%s' %d times in %s", text, n, p.describe())
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private static void assertEveryTestOnce(JsonObject report) {
    List<String> ids = new ArrayList<>();
    for (JsonElement test : report.getAsJsonArray("tests")) {
      ids.add(test.getAsJsonObject().get("id").getAsString());
    }
    assertThat(ids)
        .isNotEmpty()
        .doesNotHaveDuplicates()
        .hasSize(report.getAsJsonObject("summary").get("total").getAsInt());
    assertThat(report.getAsJsonObject("summary").get("crashed").getAsInt()).isZero();
  }

  private static Set<String> testHosts(JsonObject report) {
    Set<String> used = new TreeSet<>();
    for (JsonElement test : report.getAsJsonArray("tests")) {
      used.add(test.getAsJsonObject().get("host").getAsString());
    }
    return used;
  }

  private static long uploaded(JsonObject report, String name) {
    for (JsonElement host : report.getAsJsonArray("hosts")) {
      if (host.getAsJsonObject().get("name").getAsString().equals(name)) {
        return host.getAsJsonObject().getAsJsonObject("sync").get("bytes_uploaded").getAsLong();
      }
    }
    return 0;
  }

  private static JsonObject read(Path json) throws IOException {
    return JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  private static void sh(String script) throws Exception {
    Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("`" + script + "` failed: " + out);
    }
  }

  private static Path freshDir(String name) throws IOException {
    Path d = Fixtures.runsDir().resolve(name);
    if (Files.exists(d)) {
      try (Stream<Path> paths = Files.walk(d)) {
        paths
            .sorted((x, y) -> y.compareTo(x))
            .forEach(
                p -> {
                  p.toFile().setWritable(true);
                  p.toFile().delete();
                });
      }
    }
    return Files.createDirectories(d);
  }
}
