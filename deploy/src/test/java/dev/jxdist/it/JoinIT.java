package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jxdist.it.hosts.TestHost;
import dev.jxdist.it.hosts.TestHosts;
import dev.jxdist.proto.v1.JoinerMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Workers that join: {@code jxdist run --join N --listen ADDR:PORT --token-file FILE} with {@code
 * jxdist worker --coordinator ADDR:PORT --token-file FILE} started by the test as separate
 * processes, the way a CI fan-out job would start them. The joined worker gets the code over gRPC
 * into its own cache, runs its share, and leaves no worker JVM behind.
 */
class JoinIT {

  private static final Duration JOINER_END = Duration.ofSeconds(90);
  private static final Duration WAITING = Duration.ofSeconds(60);

  private final List<Background> background = new ArrayList<>();

  @AfterEach
  void stopBackground() {
    background.forEach(Background::close);
  }

  @Test
  void aJoinedWorkerGetsTheCodeOverGrpcAndRunsTheSuiteAndASecondRunFetchesNothing()
      throws Exception {
    Path project = Fixtures.built("basics");
    Path dir = freshDir("join-basics");
    Path token = writeToken(dir.resolve("token"));
    Path cache = dir.resolve("joiner-cache");
    String address = "127.0.0.1:" + freePort(InetAddress.getLoopbackAddress());

    // The worker first: it keeps trying until the coordinator is up.
    Background joiner = joiner(dir, "joiner1-first", address, token, cache, "joiner1");
    joiner.awaitOutput("waiting for the coordinator", WAITING);
    Path json = dir.resolve("first.json");
    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "--join",
            "1",
            "--listen",
            address,
            "--token-file",
            token.toString(),
            "--project",
            project.toString(),
            "--report-json",
            json.toString());

    assertThat(joiner.waitFor(JOINER_END)).as(joiner.describe()).isZero();
    // basics has one failing and one erroring test: every test ran, on the joined worker.
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    assertThat(run.output()).contains("waiting for 1 worker to join").contains(address);
    JsonObject first = read(json);
    assertEveryTestOnceOn(first, Set.of("joiner1"));
    JsonObject sync = hostSync(first, "joiner1");
    assertThat(sync.get("files").getAsInt()).isPositive();
    assertThat(sync.get("files_uploaded").getAsInt()).isPositive();
    assertThat(sync.get("bytes_uploaded").getAsLong()).isPositive();
    // The code is in the joiner's own store, the worker jar among it; its session is gone.
    Path workerJar = Path.of(System.getProperty("jxdist.home"), "lib", "jxdist-worker.jar");
    String workerHash = sha256(workerJar);
    assertThat(cache.resolve("blobs").resolve(workerHash.substring(0, 2)).resolve(workerHash))
        .isRegularFile()
        .hasSameBinaryContentAs(workerJar);
    assertThat(sessionsLeft(cache)).isEmpty();
    assertNoWorkerJvmUses(cache);

    // Forty days on: the worker jar's blob, and one of a file no run sends any more, are that old.
    FileTime fortyDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(40)));
    Path workerBlob =
        cache.resolve("blobs").resolve(workerHash.substring(0, 2)).resolve(workerHash);
    Path unusedBlob = cache.resolve("blobs/ab").resolve("ab".repeat(32));
    Files.createDirectories(unusedBlob.getParent());
    Files.writeString(unusedBlob, "a jar no run uses any more");
    Files.setLastModifiedTime(unusedBlob, fortyDaysAgo);
    Files.setLastModifiedTime(workerBlob, fortyDaysAgo);

    // The same run again with the same cache: nothing to fetch.
    Background again = joiner(dir, "joiner1-second", address, token, cache, "joiner1");
    Path json2 = dir.resolve("second.json");
    ProcessResult rerun =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "--join",
            "1",
            "--listen",
            address,
            "--token-file",
            token.toString(),
            "--project",
            project.toString(),
            "--report-json",
            json2.toString());

    assertThat(again.waitFor(JOINER_END)).as(again.describe()).isZero();
    assertThat(rerun.exitCode()).as(rerun.describe()).isEqualTo(1);
    JsonObject second = read(json2);
    assertEveryTestOnceOn(second, Set.of("joiner1"));
    JsonObject sync2 = hostSync(second, "joiner1");
    assertThat(sync2.get("files").getAsInt()).isEqualTo(sync.get("files").getAsInt());
    assertThat(sync2.get("files_uploaded").getAsInt()).isZero();
    assertThat(sync2.get("bytes_uploaded").getAsLong()).isZero();
    assertNoWorkerJvmUses(cache);
    // What the run used is marked used and kept; what no run used for 30 days is gone.
    assertThat(unusedBlob).doesNotExist();
    assertThat(again.output()).contains("deleted 1 blob no run used for 30 days from " + cache);
    assertThat(Files.getLastModifiedTime(workerBlob).toInstant())
        .isAfter(Instant.now().minus(Duration.ofHours(1)));
  }

  @Test
  void aJoinerRunningTwoWorkersAndALocalWorkerShareTheRun() throws Exception {
    // Four classes of 2.1 s: the joined workers are up long before the local one is through. The
    // joiner runs two workers at once (--workers 2), sharing its cache.
    Path project = Fixtures.built("slow");
    Path dir = freshDir("join-with-local");
    Path token = writeToken(dir.resolve("token"));
    Path cache = dir.resolve("joiner-cache");
    String address = "127.0.0.1:" + freePort(InetAddress.getLoopbackAddress());
    Background joiner =
        joiner(dir, "joiner2", address, token, cache, "joiner2", List.of("--workers", "2"));
    Path json = dir.resolve("report.json");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "1",
            "--join",
            "2",
            "--listen",
            address,
            "--token-file",
            token.toString(),
            "--project",
            project.toString(),
            "--report-json",
            json.toString());

    assertThat(joiner.waitFor(JOINER_END)).as(joiner.describe()).isZero();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonObject report = read(json);
    assertEveryTestOnceOn(report, Set.of("localhost", "joiner2"));
    assertThat(testHosts(report)).as(run.describe()).contains("localhost", "joiner2");
    assertThat(SummaryLine.lastIn(run.output()).workers()).isEqualTo(3);
    assertThat(hostWorkers(report, "joiner2")).as("the joiner's workers").isEqualTo(2);
    assertNoWorkerJvmUses(cache);
  }

  @Test
  void aJoinerWithAnotherTokenIsRefusedAndTheRunGoesOn() throws Exception {
    Path project = Fixtures.built("slow");
    Path dir = freshDir("join-wrong-token");
    Path token = writeToken(dir.resolve("token"));
    Path wrong = writeToken(dir.resolve("someone-elses-token"));
    Path cache = dir.resolve("joiner-cache");
    int port = freePort(InetAddress.getLoopbackAddress());
    String address = "127.0.0.1:" + port;
    Path json = dir.resolve("report.json");
    Background run =
        background(
            Jxdist.command(
                "run",
                "-n",
                "1",
                "--listen",
                address,
                "--token-file",
                token.toString(),
                "--project",
                project.toString(),
                "--report-json",
                json.toString()),
            dir.resolve("run.log"));
    awaitListening(port, run);
    // The run's port speaks TLS with the certificate whose pin the run wrote into its token file.
    String pinLine = Files.readAllLines(token).get(1);
    ProcessResult openssl =
        ProcessResult.run(
            List.of(
                "bash",
                "-c",
                "openssl s_client -connect "
                    + address
                    + " -alpn h2 </dev/null 2>/dev/null | openssl x509 -noout -fingerprint"
                    + " -sha256"),
            dir,
            dir.resolve("openssl.log"),
            Duration.ofSeconds(30));
    assertThat(openssl.output())
        .as(openssl.describe())
        .contains("sha256 Fingerprint=" + pinLine.substring(pinLine.indexOf('=') + 1));
    // The intruder dials the right coordinator (its certificate pin copied from the run's file)
    // with another token.
    Files.writeString(wrong, Files.readAllLines(token).get(1) + "\n", StandardOpenOption.APPEND);

    Background intruder = joiner(dir, "intruder", address, wrong, cache, "intruder");

    assertThat(intruder.waitFor(JOINER_END)).as(intruder.describe()).isEqualTo(4);
    // The run cannot prove it knows the intruder's token: the intruder stops before it sends it.
    assertThat(intruder.output())
        .contains("refused the coordinator at " + address)
        .contains("the token in " + wrong)
        .contains("a proof that does not check")
        .contains("copy the file given to jxdist run --token-file");
    assertThat(run.waitFor(Jxdist.DEFAULT_TIMEOUT)).as(run.describe()).isZero();
    JsonObject report = read(json);
    assertEveryTestOnceOn(report, Set.of("localhost"));
    assertThat(Files.exists(cache.resolve("blobs"))).as("the intruder fetched nothing").isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ImpostorCoordinator.Answer.class)
  void aJoinerRefusesACoordinatorThatCannotProveItKnowsTheTokenAndSendsItNothing(
      ImpostorCoordinator.Answer answer) throws Exception {
    Path dir = freshDir("join-impostor-" + answer.name().toLowerCase(java.util.Locale.ROOT));
    Path token = writeToken(dir.resolve("token"));
    String secret = Files.readAllLines(token).get(0);
    Path cache = dir.resolve("joiner-cache");
    int port = freePort(InetAddress.getLoopbackAddress());
    String address = "127.0.0.1:" + port;
    try (ImpostorCoordinator impostor =
        new ImpostorCoordinator(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), answer)) {
      // It holds the certificate the joiner pins: TLS alone does not stop it.
      Background joiner =
          background(
              Jxdist.command(
                  "worker",
                  "--coordinator",
                  address,
                  "--token-file",
                  token.toString(),
                  "--coordinator-cert-sha256",
                  TestCertificate.SHA256,
                  "--cache",
                  cache.toString(),
                  "--name",
                  "joiner-of-secret-project"),
              dir.resolve("joiner.log"));

      assertThat(joiner.waitFor(JOINER_END)).as(joiner.describe()).isEqualTo(4);
      assertThat(joiner.output())
          .as(joiner.describe())
          .contains("refused the coordinator at " + address)
          .contains(answer.joinerSays)
          .contains("sent it nothing")
          .doesNotContain(secret);
      // All it got is the challenge: no token, no name, no blob request, nothing run.
      List<JoinerMessage> got = impostor.received();
      assertThat(got).hasSize(1);
      assertThat(got.get(0).hasChallenge()).as(got.toString()).isTrue();
      assertThat(got.get(0).getChallenge().getNonce().size()).isEqualTo(32);
      String bytes = new String(got.get(0).toByteArray(), StandardCharsets.ISO_8859_1);
      assertThat(bytes).doesNotContain(secret).doesNotContain("joiner-of-secret-project");
      assertThat(impostor.blobRequests()).isZero();
      assertThat(Files.exists(cache.resolve("blobs"))).as("blobs fetched").isFalse();
      assertThat(Files.exists(cache.resolve("sessions"))).as("work laid out").isFalse();
    }
  }

  @Test
  void aJoinerInAnotherNetworkNamespaceJoinsOverARealLink() throws Exception {
    Path project = Fixtures.built("junit6");
    Path dir = freshDir("join-netns");
    Path token = writeToken(dir.resolve("token"));
    try (TestHosts hosts = TestHosts.create(1, Path.of("target", "test-hosts", "JoinIT"))) {
      TestHost host = hosts.hosts().get(0);
      String root = hosts.rootAddress(host);
      String address = root + ":" + freePort(InetAddress.getByName(root));
      // The joiner's user gets its own copy of the token file, in its home, before the run starts:
      // so the run uses a certificate of its own and the joiner is told its fingerprint.
      Path cert = TestCertificate.cert();
      Path key = TestCertificate.key();
      Path theirs =
          Files.copy(
              token,
              host.home().resolve("run-token"),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      UserPrincipal user =
          theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(host.user());
      Files.setOwner(theirs, user);
      Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rw-------"));
      Path cache = host.home().resolve(".cache/jxdist");
      Background joiner =
          background(
              host.asUser(
                  Jxdist.commandForAnotherUser(
                      "worker",
                      "--coordinator",
                      address,
                      "--token-file",
                      theirs.toString(),
                      "--coordinator-cert-sha256",
                      TestCertificate.SHA256,
                      "--cache",
                      cache.toString(),
                      "--name",
                      host.address())),
              dir.resolve("joiner.log"));
      Path json = dir.resolve("report.json");

      ProcessResult run =
          Jxdist.run(
              Fixtures.runsDir(),
              "run",
              "--join",
              "1",
              "--listen",
              address,
              "--token-file",
              token.toString(),
              "--tls-cert",
              cert.toString(),
              "--tls-key",
              key.toString(),
              "--project",
              project.toString(),
              "--report-json",
              json.toString());

      assertThat(joiner.waitFor(JOINER_END)).as(joiner.describe()).isZero();
      assertThat(run.exitCode()).as(run.describe()).isZero();
      JsonObject report = read(json);
      assertEveryTestOnceOn(report, Set.of(host.address()));
      assertThat(hostSync(report, host.address()).get("bytes_uploaded").getAsLong()).isPositive();
      assertThat(host.processes("jxdist-worker")).as("worker JVMs left on " + host).isEmpty();
    }
  }

  @Test
  void ctrlCOnAJoinerKillsItsWorkerJvmAndTheRunReportsWhatItWasRunning() throws Exception {
    Path project = Fixtures.built("slow");
    Path dir = freshDir("join-interrupted");
    Path token = writeToken(dir.resolve("token"));
    Path cache = dir.resolve("joiner-cache");
    String address = "127.0.0.1:" + freePort(InetAddress.getLoopbackAddress());
    Background joiner = joiner(dir, "joiner3", address, token, cache, "joiner3");
    Path json = dir.resolve("report.json");
    Background run =
        background(
            Jxdist.command(
                "run",
                "--join",
                "1",
                "--listen",
                address,
                "--token-file",
                token.toString(),
                "--project",
                project.toString(),
                "--report-json",
                json.toString(),
                // A replacement would wait (--join-timeout) for a joiner that never comes.
                "--max-worker-restart",
                "0"),
            dir.resolve("run.log"));
    joiner.awaitOutput("w1 started (pid ", Jxdist.DEFAULT_TIMEOUT);
    String out = joiner.output();
    int at = out.indexOf("w1 started (pid ") + "w1 started (pid ".length();
    long workerPid = Long.parseLong(out.substring(at, out.indexOf(')', at)));
    // Let it get into its first class.
    run.awaitOutput("collected ", Jxdist.DEFAULT_TIMEOUT);
    Thread.sleep(1000);

    joiner.interrupt();

    assertThat(joiner.waitFor(JOINER_END)).as(joiner.describe()).isNotZero();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (ProcessHandle.of(workerPid).map(ProcessHandle::isAlive).orElse(false)) {
      assertThat(System.nanoTime()).as("worker JVM %d still runs", workerPid).isLessThan(deadline);
      Thread.sleep(100);
    }
    assertThat(sessionsLeft(cache)).as("its session directory is removed").isEmpty();
    // Its worker is gone without goodbye: what it was running is reported, nothing is lost.
    assertThat(run.waitFor(Jxdist.DEFAULT_TIMEOUT)).as(run.describe()).isEqualTo(1);
    assertThat(run.output()).contains("worker w1 (pid " + workerPid + " on joiner3) crashed");
    JsonObject report = read(json);
    List<String> ids = new ArrayList<>();
    for (JsonElement test : report.getAsJsonArray("tests")) {
      ids.add(test.getAsJsonObject().get("id").getAsString());
    }
    assertThat(ids)
        .isNotEmpty()
        .doesNotHaveDuplicates()
        .hasSize(report.getAsJsonObject("summary").get("total").getAsInt());
    assertThat(report.getAsJsonObject("summary").get("crashed").getAsInt()).isPositive();
  }

  // ---- helpers ----

  private Background joiner(
      Path dir, String logName, String address, Path token, Path cache, String name) {
    return joiner(dir, logName, address, token, cache, name, List.of());
  }

  private Background joiner(
      Path dir,
      String logName,
      String address,
      Path token,
      Path cache,
      String name,
      List<String> more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "worker",
                "--coordinator",
                address,
                "--token-file",
                token.toString(),
                "--cache",
                cache.toString(),
                "--name",
                name,
                "--connect-timeout",
                "90s"));
    args.addAll(more);
    return background(Jxdist.command(args.toArray(String[]::new)), dir.resolve(logName + ".log"));
  }

  /** How many workers the report gives {@code host} (its hosts section). */
  private static int hostWorkers(JsonObject report, String host) {
    for (JsonElement h : report.getAsJsonArray("hosts")) {
      if (h.getAsJsonObject().get("name").getAsString().equals(host)) {
        return h.getAsJsonObject().get("workers").getAsInt();
      }
    }
    throw new AssertionError("no host " + host + " in the report's hosts: " + report.get("hosts"));
  }

  private Background background(List<String> command, Path log) {
    Background b = Background.start(command, Fixtures.runsDir(), log);
    background.add(b);
    return b;
  }

  private static Path freshDir(String name) throws IOException {
    Path dir = Fixtures.runsDir().resolve(name);
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths
            .sorted((a, b) -> b.compareTo(a))
            .forEach(
                p -> {
                  p.toFile().setWritable(true);
                  p.toFile().delete();
                });
      }
    }
    return Files.createDirectories(dir);
  }

  private static Path writeToken(Path file) throws IOException {
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    Files.writeString(file, HexFormat.of().formatHex(secret) + "\n");
    // A token file others can read is refused.
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private static int freePort(InetAddress on) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, on)) {
      return socket.getLocalPort();
    }
  }

  /** Waits until the coordinator accepts connections on {@code port}. */
  private static void awaitListening(int port, Background run) throws InterruptedException {
    long deadline = System.nanoTime() + Jxdist.DEFAULT_TIMEOUT.toNanos();
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the run never listened on " + port + ": " + run.describe());
        }
        Thread.sleep(100);
      }
    }
  }

  private static JsonObject read(Path json) throws IOException {
    return JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  /** Every test has exactly one result, and ran on one of {@code hosts}. */
  private static void assertEveryTestOnceOn(JsonObject report, Set<String> hosts) {
    List<String> ids = new ArrayList<>();
    for (JsonElement test : report.getAsJsonArray("tests")) {
      ids.add(test.getAsJsonObject().get("id").getAsString());
    }
    int total = report.getAsJsonObject("summary").get("total").getAsInt();
    assertThat(ids).isNotEmpty().doesNotHaveDuplicates().hasSize(total);
    assertThat(report.getAsJsonObject("summary").get("crashed").getAsInt()).isZero();
    assertThat(testHosts(report)).isSubsetOf(hosts);
  }

  private static Set<String> testHosts(JsonObject report) {
    Set<String> used = new java.util.TreeSet<>();
    for (JsonElement test : report.getAsJsonArray("tests")) {
      used.add(test.getAsJsonObject().get("host").getAsString());
    }
    return used;
  }

  private static JsonObject hostSync(JsonObject report, String name) {
    for (JsonElement host : report.getAsJsonArray("hosts")) {
      if (host.getAsJsonObject().get("name").getAsString().equals(name)) {
        return host.getAsJsonObject().getAsJsonObject("sync");
      }
    }
    throw new AssertionError("no host " + name + " in " + report.getAsJsonArray("hosts"));
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

  /** No process runs from the joiner's laid-out code any more. */
  private static void assertNoWorkerJvmUses(Path cache) throws InterruptedException {
    String marker = cache.toString();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<String> left;
    do {
      left =
          ProcessHandle.allProcesses()
              .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
              .filter(
                  p -> p.info().commandLine().map(c -> c.contains("jxdist-worker")).orElse(false))
              .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
              .collect(Collectors.toList());
      if (left.isEmpty()) {
        return;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    assertThat(left).as("worker JVMs left").isEmpty();
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
