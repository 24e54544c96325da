package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.it.hosts.TestHost;
import dev.jxdist.it.hosts.TestHosts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What leaves the machine, and what a run leaves behind, seen as an attacker would: one run on a
 * local worker, a real SSH host and a real joiner (each its own network namespace and user), of a
 * project that holds a {@code .env}, the run's own token file and a log being appended to all the
 * while. The run passes; the token is found in no process's command line or environment while it
 * runs, nor in any log, report or file on the host's and the joiner's stores afterwards; the {@code
 * .env} and the token file never reach them; the stores are their owner's only.
 */
class UploadIT {

  private static final Path WORK_DIR = Path.of("target", "test-hosts", "UploadIT").toAbsolutePath();
  private static final Duration JOINER_END = Duration.ofSeconds(90);

  @Test
  void secretsStayHomeALogBeingWrittenTravelsAndTheTokenIsNowhere() throws Exception {
    Path project = Fixtures.freshCopy("junit6", "upload-secrets");
    ProcessResult build =
        Fixtures.runMaven(
            project, "upload-secrets-build", Map.of(), "-B", "-q", "-o", "test-compile");
    assertThat(build.exitCode()).as(build.describe()).isZero();
    String token = randomHex(32);
    String envSecret = "DB_PASSWORD=upload-it-" + randomHex(8);
    Files.writeString(project.resolve(".env"), envSecret + "\n");
    Files.createDirectories(project.resolve("config"));
    Files.writeString(project.resolve("config/db.secret"), envSecret + "\n");
    Path tokenFile = ownerOnly(Files.writeString(project.resolve("ci-token"), token + "\n"));
    Path log = project.resolve("run.log");
    Path json = Fixtures.runsDir().resolve("upload-secrets.json");
    Files.deleteIfExists(json);

    try (TestHosts testHosts = TestHosts.create(2, WORK_DIR);
        Appender appender = new Appender(log);
        ProcScanner scanner = new ProcScanner(token.getBytes(StandardCharsets.UTF_8))) {
      TestHost sshHost = testHosts.hosts().get(0);
      TestHost joinerHost = testHosts.hosts().get(1);
      String remoteCache = ".cache/jxdist-upload-it";
      deleteTree(sshHost.home().resolve(remoteCache));
      Path joinerCache = joinerHost.home().resolve(".cache/jxdist-upload-it");
      deleteTree(joinerCache);
      int port = freePort();
      Path theirs = joinerHost.home().resolve("run-token");
      Files.copy(tokenFile, theirs, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      UserPrincipal user =
          theirs
              .getFileSystem()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName(joinerHost.user());
      Files.setOwner(theirs, user);
      ownerOnly(theirs);
      Path joinerLog = Fixtures.runsDir().resolve("upload-secrets-joiner.log");
      try (Background joiner =
          Background.start(
              joinerHost.asUser(
                  Jxdist.commandForAnotherUser(
                      "worker",
                      "--coordinator",
                      testHosts.rootAddress(joinerHost) + ":" + port,
                      "--token-file",
                      theirs.toString(),
                      // Started before the run writes its pin into the token file, as in CI.
                      "--coordinator-cert-sha256",
                      TestCertificate.SHA256,
                      "--cache",
                      joinerCache.toString(),
                      "--name",
                      joinerHost.address())),
              Fixtures.runsDir(),
              joinerLog)) {
        ProcessResult run =
            Jxdist.run(
                Fixtures.runsDir(),
                "run",
                "-n",
                "1",
                "--hosts",
                sshHost.user() + "@" + sshHost.address(),
                "--ssh-key",
                testHosts.clientKey().toString(),
                "--known-hosts",
                testHosts.knownHosts().toString(),
                "--remote-cache",
                "~/" + remoteCache,
                "--join",
                "1",
                "--listen",
                "0.0.0.0:" + port,
                "--token-file",
                tokenFile.toString(),
                "--tls-cert",
                TestCertificate.cert().toString(),
                "--tls-key",
                TestCertificate.key().toString(),
                "--exclude-upload",
                "*.secret",
                "--project",
                project.toString(),
                "--report-json",
                json.toString());
        assertThat(joiner.waitFor(JOINER_END)).as(joiner.describe()).isZero();
        scanner.stop();
        appender.stop();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(appender.lines()).as("lines appended to run.log during the run").isPositive();
        JsonReport report = JsonReport.read(json);
        assertThat(report.tests()).hasSize(report.summary().total()).isNotEmpty();
        assertThat(report.hosts())
            .extracting(JsonReport.Host::name)
            .contains(sshHost.address(), joinerHost.address());
        assertThat(report.hosts())
            .filteredOn(h -> !h.name().equals("localhost"))
            .hasSize(2)
            .allSatisfy(h -> assertThat(h.files()).isPositive());

        assertThat(scanner.scans()).as("process scans during the run").isGreaterThan(3);
        assertThat(scanner.found()).as("processes showing the token").isEmpty();

        List<Path> everything = new ArrayList<>();
        everything.add(json);
        everything.add(joinerLog);
        everything.add(run.log());
        everything.addAll(files(project.resolve("target/jxdist-reports")));
        List<Path> hostFiles = files(sshHost.home().resolve(remoteCache));
        List<Path> joinerFiles = files(joinerCache);
        assertThat(hostFiles).as("the SSH host's store").isNotEmpty();
        assertThat(joinerFiles).as("the joiner's store").isNotEmpty();
        everything.addAll(hostFiles);
        everything.addAll(joinerFiles);
        for (Path file : everything) {
          String content = Files.readString(file, StandardCharsets.ISO_8859_1);
          assertThat(content).as("%s", file).doesNotContain(token).doesNotContain(envSecret);
        }
        // The log travelled (each store has a blob that is a prefix of it), the secrets did not.
        // The project travels under its directory's own name.
        String name = project.getFileName() + "/";
        String manifests = manifests(hostFiles) + manifests(joinerFiles);
        assertThat(manifests)
            .contains(name + "run.log")
            .contains(name + "pom.xml")
            .doesNotContain(name + ".env")
            .doesNotContain("db.secret")
            .doesNotContain("ci-token");

        for (Path store : List.of(sshHost.home().resolve(remoteCache), joinerCache)) {
          assertPrivate(store);
        }
      }
    }
  }

  /** The store and its directories are 0700, and no file in it is open to group or others. */
  private static void assertPrivate(Path store) throws IOException {
    for (String dir : List.of("", "blobs")) {
      assertThat(mode(store.resolve(dir))).as("%s/%s", store, dir).isEqualTo("rwx------");
    }
    if (Files.exists(store.resolve("sessions"))) {
      assertThat(mode(store.resolve("sessions"))).as("%s/sessions", store).isEqualTo("rwx------");
    }
    try (Stream<Path> paths = Files.walk(store)) {
      for (Path p : paths.toList()) {
        Set<PosixFilePermission> perms =
            Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        assertThat(perms)
            .as("%s (%s)", p, PosixFilePermissions.toString(perms))
            .doesNotContain(
                PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE);
        if (Files.isDirectory(p) && p.startsWith(store.resolve("blobs"))) {
          assertThat(perms).doesNotContain(PosixFilePermission.OTHERS_EXECUTE);
        }
      }
    }
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static String manifests(List<Path> files) throws IOException {
    StringBuilder out = new StringBuilder();
    for (Path f : files) {
      if (f.getParent().getFileName().toString().equals("manifests")) {
        out.append(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return out.toString();
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).toList();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(p);
      }
    }
  }

  private static Path ownerOnly(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
      return socket.getLocalPort();
    }
  }

  /** Appends a line to a file every few milliseconds until closed, as a build's log would grow. */
  private static final class Appender implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicLong lines =
        new java.util.concurrent.atomic.AtomicLong();

    Appender(Path file) throws IOException {
      OutputStream out =
          Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      thread =
          new Thread(
              () -> {
                try (out) {
                  while (!stop.get()) {
                    out.write(
                        ("a line of a log being written " + lines.get() + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lines.incrementAndGet();
                    Thread.sleep(2);
                  }
                } catch (IOException | InterruptedException e) {
                  // ends the appending
                }
              },
              "upload-it-appender");
      thread.start();
    }

    long lines() {
      return lines.get();
    }

    /** Stops and waits for the thread. Idempotent. */
    void stop() {
      stop.set(true);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      stop();
    }
  }

  /**
   * Reads every process's command line and environment from {@code /proc} over and over until
   * closed, and remembers those that contain the secret.
   */
  private static final class ProcScanner implements AutoCloseable {
    private final byte[] secret;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Map<Long, String> found = new ConcurrentHashMap<>();
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicInteger scans =
        new java.util.concurrent.atomic.AtomicInteger();

    ProcScanner(byte[] secret) {
      this.secret = secret.clone();
      thread = new Thread(this::loop, "upload-it-proc-scanner");
      thread.start();
    }

    private void loop() {
      while (!stop.get()) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
          for (Path p : procs.toList()) {
            String name = p.getFileName().toString();
            if (!name.chars().allMatch(Character::isDigit)) {
              continue;
            }
            for (String what : List.of("cmdline", "environ")) {
              try {
                if (contains(Files.readAllBytes(p.resolve(what)), secret)) {
                  found.put(
                      Long.parseLong(name),
                      what
                          + ": "
                          + new String(
                                  Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                              .replace('\0', ' '));
                }
              } catch (IOException e) {
                // gone meanwhile
              }
            }
          }
          scans.incrementAndGet();
          Thread.sleep(100);
        } catch (IOException e) {
          // try again
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
      outer:
      for (int i = 0; i + needle.length <= hay.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (hay[i + j] != needle[j]) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }

    int scans() {
      return scans.get();
    }

    Map<Long, String> found() {
      return Map.copyOf(found);
    }

    /** Stops and waits for the thread. Idempotent. */
    void stop() {
      stop.set(true);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      stop();
    }
  }
}
