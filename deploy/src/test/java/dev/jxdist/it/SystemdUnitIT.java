package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The systemd unit the distribution ships ({@code recipes/systemd/jxdist-agent.service}) does what
 * systemd would make of it, without systemd: its {@code ExecStart} line, from the tarball unpacked
 * as the unit's comment says ({@code /opt/jxdist} a link to {@code jxdist-VERSION}), run as a user
 * of its own (a {@link FreshUser}, as {@code DynamicUser} makes one) with {@code UMask}, {@code
 * HOME=/}, systemd's {@code PATH}, the token as a credential ({@code $CREDENTIALS_DIRECTORY}: a
 * directory and file of that user, read-only) and the store in {@code $STATE_DIRECTORY} (0700).
 * Only the address changes: loopback and a free port. A real run uses it through {@code --agents};
 * then SIGTERM to the process systemd started (the launcher's pid) drains it as {@code systemctl
 * stop} would: a second run that was going finishes green, and the agent exits 0.
 */
class SystemdUnitIT {

  private static final String SYSTEMD_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  @Test
  void theUnitsExecStartServesARunAndDrainsOnSigterm() throws Exception {
    Path work = Files.createTempDirectory("jxdist-systemd-it-");
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    cleanup.add(() -> deleteTree(work));
    FreshUser user = FreshUser.create(work.resolve("home"));
    cleanup.add(user);

    // Installed as the unit's comment says: root's files, readable by all, /opt/jxdist a link.
    Path opt = Files.createDirectories(work.resolve("opt"));
    String version = System.getProperty("jxdist.version");
    ProcessResult unpack =
        ProcessResult.run(
            List.of("tar", "xzf", System.getProperty("jxdist.tarball"), "-C", opt.toString()),
            work,
            Fixtures.runsDir().resolve("systemd-unpack.log"),
            Duration.ofMinutes(1));
    assertThat(unpack.exitCode()).as(unpack.describe()).isZero();
    Path install =
        Files.createSymbolicLink(opt.resolve("jxdist"), opt.resolve("jxdist-" + version));
    Path unit = install.resolve("recipes/systemd/jxdist-agent.service");

    // LoadCredential: the token, the service user's, read-only, in a directory of its own.
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String tokenText = HexFormat.of().formatHex(secret) + "\n";
    Path credentials = Files.createDirectories(work.resolve("credentials"));
    Path credential = Files.writeString(credentials.resolve(credentialName(unit)), tokenText);
    user.own(credentials);
    Files.setPosixFilePermissions(credential, PosixFilePermissions.fromString("r--------"));
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("r-x------"));
    // StateDirectory=, StateDirectoryMode=0700.
    Path state = Files.createDirectories(work.resolve("state/jxdist-agent"));
    user.own(state);
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
    // The coordinator's copy of the token.
    Path token = Files.writeString(work.resolve("coordinator-token"), tokenText);
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));

    int port = freePort();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOME", "/");
    env.put("PATH", SYSTEMD_PATH);
    env.put("LANG", "C.UTF-8");
    env.put("CREDENTIALS_DIRECTORY", credentials.toString());
    env.put("STATE_DIRECTORY", state.toString());
    List<String> execStart = execStart(unit, install, port, env);
    List<String> command =
        new ArrayList<>(
            List.of("/bin/sh", "-c", "umask " + setting(unit, "UMask") + " && exec \"$0\" \"$@\""));
    command.addAll(execStart);
    Background agent =
        Background.start(
            user.command(env, command), work, Fixtures.runsDir().resolve("systemd-agent.log"));
    cleanup.add(agent);
    agent.awaitOutput("listening on", Duration.ofSeconds(60));
    // systemd's main process: what runuser started (sh, then the launcher), now the JVM itself.
    ProcessHandle runuser = ProcessHandle.of(agent.pid()).orElseThrow();
    ProcessHandle main = runuser.children().findFirst().orElse(runuser);
    assertThat(main.info().command().orElse("")).as("the unit's main process").endsWith("/java");
    assertThat(main.children().toList()).as("the agent's processes before any run").isEmpty();

    Path project = Fixtures.built("slow");
    String agents = "127.0.0.1:" + port + "*2";
    Path firstJson = work.resolve("first.json");
    ProcessResult first =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "--agents",
            agents,
            "--agent-token-file",
            token.toString(),
            "--project",
            project.toString(),
            "--report-json",
            firstJson.toString());

    assertThat(first.exitCode()).as(first.describe()).isZero();
    assertAllPassedOnTwoWorkers(ReportPage.json(firstJson));
    assertThat(blobs(state)).as("the store in $STATE_DIRECTORY").isNotEmpty();

    // systemctl stop: SIGTERM to the main process only (KillMode=mixed) while a run is going.
    Path drainedJson = work.resolve("drained.json");
    Background drained =
        Background.start(
            Jxdist.command(
                "run",
                "--agents",
                agents,
                "--agent-token-file",
                token.toString(),
                "--project",
                project.toString(),
                "--report-json",
                drainedJson.toString()),
            Fixtures.runsDir(),
            Fixtures.runsDir().resolve("systemd-drained-run.log"));
    cleanup.add(drained);
    int started = count(agent.output(), " started (pid ");
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (count(agent.output(), " started (pid ") < started + 1) {
      assertThat(System.nanoTime())
          .as("a worker started: " + agent.describe())
          .isLessThan(deadline);
      Thread.sleep(100);
    }
    new ProcessBuilder("kill", "-TERM", Long.toString(main.pid())).start().waitFor();

    agent.awaitOutput("stopping: refusing new runs", Duration.ofSeconds(30));
    assertThat(drained.waitFor(Jxdist.DEFAULT_TIMEOUT)).as(drained.describe()).isZero();
    assertAllPassedOnTwoWorkers(ReportPage.json(drainedJson));
    assertThat(agent.waitFor(Duration.ofSeconds(60))).as(agent.describe()).isZero();
    assertThat(agent.output()).contains("stopped");
    assertThat(sessionsLeft(state)).as("sessions left in $STATE_DIRECTORY").isEmpty();
  }

  /**
   * The unit's ExecStart as systemd would run it: /opt/jxdist where it was unpacked, the
   * environment's directories for their variables (systemd substitutes ${VAR} in ExecStart), and
   * --listen on loopback at {@code port}.
   */
  private static List<String> execStart(Path unit, Path install, int port, Map<String, String> env)
      throws IOException {
    String line = setting(unit, "ExecStart");
    assertThat(line).as("ExecStart, split at blanks here").doesNotContain("\"", "'", "\\");
    List<String> words = new ArrayList<>();
    for (String word : line.split("\\s+")) {
      words.add(word.replace("/opt/jxdist/", install + "/"));
    }
    int listen = words.indexOf("--listen");
    assertThat(listen).as("ExecStart's --listen").isPositive();
    words.set(listen + 1, "127.0.0.1:" + port);
    assertThat(words.get(0)).isEqualTo(install.resolve("bin/jxdist").toString());
    List<String> substituted = new ArrayList<>();
    for (String word : words) {
      for (Map.Entry<String, String> variable : env.entrySet()) {
        word = word.replace("${" + variable.getKey() + "}", variable.getValue());
      }
      assertThat(word).as("a variable of ExecStart this test does not set").doesNotContain("$");
      substituted.add(word);
    }
    return substituted;
  }

  private static String credentialName(Path unit) throws IOException {
    return setting(unit, "LoadCredential").split(":", 2)[0];
  }

  private static String setting(Path unit, String key) throws IOException {
    List<String> values =
        Files.readAllLines(unit).stream()
            .filter(l -> l.startsWith(key + "="))
            .map(l -> l.substring(key.length() + 1).strip())
            .toList();
    assertThat(values).as(unit + " " + key + "=").hasSize(1);
    return values.get(0);
  }

  private static void assertAllPassedOnTwoWorkers(JsonObject report) {
    JsonObject summary = report.getAsJsonObject("summary");
    assertThat(summary.get("total").getAsInt()).isPositive();
    assertThat(summary.get("passed").getAsInt()).isEqualTo(summary.get("total").getAsInt());
    assertThat(report.getAsJsonArray("workers")).hasSize(2);
  }

  private static List<Path> blobs(Path state) throws IOException {
    Path blobs = state.resolve("blobs");
    if (!Files.isDirectory(blobs)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(blobs)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  private static List<Path> sessionsLeft(Path state) throws IOException {
    Path sessions = state.resolve("sessions");
    if (!Files.isDirectory(sessions)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(sessions)) {
      return list.toList();
    }
  }

  private static int count(String text, String part) {
    return (int) Arrays.stream(text.split("\n")).filter(l -> l.contains(part)).count();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
