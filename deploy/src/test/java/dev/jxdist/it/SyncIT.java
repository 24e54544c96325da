package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.files.FileTrees;
import dev.jxdist.common.sync.ContentHash;
import dev.jxdist.common.sync.ExcludeGlobs;
import dev.jxdist.common.sync.HashCache;
import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.common.sync.Manifest;
import dev.jxdist.common.sync.ManifestBuilder;
import dev.jxdist.coordinator.config.HostSpec;
import dev.jxdist.coordinator.config.SshOptions;
import dev.jxdist.coordinator.report.SyncStats;
import dev.jxdist.coordinator.ssh.ExecResult;
import dev.jxdist.coordinator.ssh.HostFailure;
import dev.jxdist.coordinator.ssh.Shell;
import dev.jxdist.coordinator.ssh.SshHost;
import dev.jxdist.coordinator.sync.RemoteStore;
import dev.jxdist.coordinator.sync.SessionDirectoryLock;
import dev.jxdist.it.hosts.CommandResult;
import dev.jxdist.it.hosts.TestHost;
import dev.jxdist.it.hosts.TestHosts;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Content-addressed code sync ({@link RemoteStore}) to two real OpenSSH hosts (network namespaces):
 * a real classpath (the worker jar, this JVM's jars, a class directory) and a project directory
 * arrive intact on both hosts at once, through the OpenSSH client; an unchanged re-sync uploads
 * nothing and a changed class uploads one blob; the worker's layout command lays the manifest out
 * on the host; a dead upload's temporary file never counts as the blob; concurrent syncs to one
 * store both succeed; a full disk is reported in one line naming the host; a sync cleans up what
 * interrupted syncs and ended runs left, and blobs no sync used for 30 days, never a live run's
 * session nor a blob it uses; an OpenSSH client that cannot connect leaves the upload to sshj. The
 * tests build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncIT {

  private static final Path WORK_DIR = Path.of("target", "test-hosts", "SyncIT").toAbsolutePath();
  private static final Path SOURCES = WORK_DIR.resolve("sources");
  private static final Path CLASSES = SOURCES.resolve("classes");
  private static final Path PROJECT = SOURCES.resolve("project");
  private static final Path FULL_DISK = Path.of("/tmp/jxdist-syncit-full");

  private static TestHosts testHosts;
  private static SshOptions options;
  private static final List<SshHost> connections = new ArrayList<>();
  private static final List<RemoteStore> stores = new ArrayList<>();
  private static final HashCache hashCache = HashCache.inMemory();
  private static Path workerJar;
  private static List<Path> classpath;
  private static LocalManifest manifest;

  @BeforeAll
  static void createHostsAndSources() throws Exception {
    testHosts = TestHosts.create(2, WORK_DIR);
    options =
        new SshOptions(
            List.of(testHosts.clientKey()),
            testHosts.knownHosts(),
            false,
            WORK_DIR.resolve("no-ssh-config"),
            Duration.ofSeconds(5));
    for (TestHost host : testHosts.hosts()) {
      SshHost ssh = connect(host);
      connections.add(ssh);
      stores.add(new RemoteStore(ssh, RemoteStore.DEFAULT_CACHE_DIR));
    }

    FileTrees.delete(SOURCES);
    Files.createDirectories(CLASSES.resolve("fx"));
    Files.writeString(CLASSES.resolve("fx/A.class"), "class A, version 1\n");
    Files.writeString(CLASSES.resolve("fx/B.class"), "class B\n");
    Files.createDirectories(PROJECT.resolve("data"));
    Files.createDirectories(PROJECT.resolve("target"));
    Files.writeString(PROJECT.resolve("data/input.txt"), "read by a test at run time\n");
    Files.writeString(PROJECT.resolve("target/ignored.txt"), "build output, never synced\n");
    Path script = Files.writeString(PROJECT.resolve("run.sh"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

    workerJar = Path.of(System.getProperty("jxdist.home"), "lib", "jxdist-worker.jar");
    assertThat(workerJar).isRegularFile();
    classpath = new ArrayList<>();
    classpath.add(workerJar);
    classpath.add(CLASSES);
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith(".jar")) {
        classpath.add(Path.of(entry));
      }
    }
    manifest = build();
    assertThat(manifest.manifest().classpath().size()).isGreaterThan(10);
  }

  @AfterAll
  static void closeHosts() {
    connections.forEach(SshHost::close);
    if (testHosts != null) {
      testHosts.close();
    }
  }

  @Test
  @Order(1)
  void theFirstSyncBringsEveryBlobIntactToBothHostsAtOnce() throws Exception {
    Manifest m = manifest.manifest();
    long blobBytes = m.blobSizes().values().stream().mapToLong(Long::longValue).sum();

    List<Long> loginsBefore = new ArrayList<>();
    for (TestHost host : testHosts.hosts()) {
      loginsBefore.add(logins(host));
    }

    List<SyncStats> stats = syncAll(manifest);

    for (int i = 0; i < stats.size(); i++) {
      // Megabytes of jars: the upload went through the OpenSSH client, on a login of its own.
      assertThat(logins(testHosts.hosts().get(i))).isEqualTo(loginsBefore.get(i) + 1);
      SyncStats s = stats.get(i);
      assertThat(s.files()).isEqualTo(m.entries().size());
      assertThat(s.filesUploaded()).isEqualTo(m.blobs().size());
      assertThat(s.bytesUploaded()).isEqualTo(blobBytes);
      TestHost host = testHosts.hosts().get(i);
      String root = stores.get(i).root();
      assertThat(root).isEqualTo(host.home() + "/.cache/jxdist");
      assertThat(blobsOnHost(connections.get(i), root)).containsOnlyKeys(m.blobs());
      assertThat(run(host, "find " + root + "/blobs -name '*.tmp'").stdout()).isEmpty();
      // The store is its owner's only (issue 10): the code of a run is nobody else's to read.
      assertThat(
              run(host, "stat -c %A " + stores.get(i).blobPath(m.blobs().first())).stdout().strip())
          .isEqualTo("-r--------");
      assertThat(run(host, "stat -c %A " + root).stdout().strip()).isEqualTo("drwx------");
      assertThat(Path.of(stores.get(i).manifestPath(m))).hasBinaryContent(m.toBytes());
    }
    assertThat(m.entries()).noneMatch(e -> e.path().contains("target/"));
  }

  @Test
  @Order(2)
  void anUnchangedResyncUploadsNothing() throws Exception {
    long start = System.nanoTime();
    List<SyncStats> stats = syncAll(manifest);
    double seconds = (System.nanoTime() - start) / 1e9;

    for (SyncStats s : stats) {
      assertThat(s.files()).isEqualTo(manifest.manifest().entries().size());
      assertThat(s.filesUploaded()).isZero();
      assertThat(s.bytesUploaded()).isZero();
    }
    System.out.printf("SyncIT: unchanged re-sync of 2 hosts took %.3f s%n", seconds);
  }

  @Test
  @Order(3)
  void aChangedClassUploadsExactlyItsBlob() throws Exception {
    byte[] changed = "class A, version 2, a little longer\n".getBytes(StandardCharsets.UTF_8);
    Files.write(CLASSES.resolve("fx/A.class"), changed);
    LocalManifest next = build();
    String newHash = ContentHash.of(changed);
    assertThat(stores.get(0).missing(next.manifest().blobs())).containsExactly(newHash);

    List<SyncStats> stats = syncAll(next);

    for (SyncStats s : stats) {
      assertThat(s.filesUploaded()).isEqualTo(1);
      assertThat(s.bytesUploaded()).isEqualTo(changed.length);
    }
    for (RemoteStore store : stores) {
      assertThat(store.missing(next.manifest().blobs())).isEmpty();
    }
    manifest = next;
  }

  @Test
  @Order(4)
  void theWorkersLayoutCommandLaysTheManifestOutOnTheHost() throws Exception {
    Manifest m = manifest.manifest();
    String workerBlob = hashOf(m, "cp/001-jxdist-worker.jar");
    for (int i = 0; i < stores.size(); i++) {
      RemoteStore store = stores.get(i);
      String session = store.sessionDir("run-1");
      String command =
          "java -cp "
              + Shell.quote(store.blobPath(workerBlob))
              + " dev.jxdist.worker.sync.LayoutCommand "
              + Shell.quote(store.root())
              + " "
              + Shell.quote(store.manifestPath(m))
              + " "
              + Shell.quote(session);

      ExecResult layout = connections.get(i).exec(command, Duration.ofMinutes(1));

      assertThat(layout.exitCode()).as(layout.stderr()).isZero();
      List<String> lines = layout.stdout().lines().toList();
      assertThat(lines).hasSize(m.classpath().size() + 1);
      assertThat(lines.get(0)).isEqualTo("classpath " + session + "/cp/001-jxdist-worker.jar");
      assertThat(lines.get(1)).isEqualTo("classpath " + session + "/cp/002-classes");
      assertThat(lines.get(lines.size() - 1)).isEqualTo("project " + session + "/project");
      assertThat(Path.of(session, "cp/002-classes/fx/A.class"))
          .hasContent("class A, version 2, a little longer");
      assertThat(Path.of(session, "project/data/input.txt"))
          .hasContent("read by a test at run time");
      TestHost host = testHosts.hosts().get(i);
      assertThat(run(host, session + "/project/run.sh").stdout()).isEqualTo("hi\n");

      store.removeSession("run-1");

      assertThat(Path.of(session)).doesNotExist();
      assertThat(store.missing(m.blobs())).isEmpty();
    }
  }

  @Test
  @Order(5)
  void aDeadUploadsTemporaryFileIsNeverTheBlob() throws Exception {
    byte[] content = "class C, never fully uploaded before\n".getBytes(StandardCharsets.UTF_8);
    Files.write(CLASSES.resolve("fx/C.class"), content);
    LocalManifest next = build();
    String hash = ContentHash.of(content);
    RemoteStore store = stores.get(0);
    TestHost host = testHosts.hosts().get(0);
    String tmp = store.blobPath(hash) + ".1a2b3c.tmp";
    // What an upload killed halfway leaves behind: part of the content under a temporary name.
    run(host, "printf 'class C, nev' > " + tmp + " && chmod 444 " + tmp);

    assertThat(store.missing(next.manifest().blobs())).containsExactly(hash);
    SyncStats stats = store.sync(next);

    assertThat(stats.filesUploaded()).isEqualTo(1);
    assertThat(Path.of(store.blobPath(hash))).hasBinaryContent(content);
    assertThat(store.missing(next.manifest().blobs())).isEmpty();
    stores.get(1).sync(next);
    manifest = next;
  }

  @Test
  @Order(6)
  void concurrentSyncsOfTheSameBlobsToOneStoreBothSucceed() throws Exception {
    for (int i = 0; i < 20; i++) {
      Files.writeString(CLASSES.resolve("fx/D" + i + ".class"), "class D" + i + "\n");
    }
    LocalManifest next = build();
    TestHost host = testHosts.hosts().get(1);
    try (SshHost second = connect(host)) {
      RemoteStore one = stores.get(1);
      RemoteStore other = new RemoteStore(second, RemoteStore.DEFAULT_CACHE_DIR);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<SyncStats> a = pool.submit(() -> one.sync(next));
        Future<SyncStats> b = pool.submit(() -> other.sync(next));
        assertThat(a.get().filesUploaded()).isEqualTo(20);
        assertThat(b.get().filesUploaded()).isEqualTo(20);
      } finally {
        pool.shutdownNow();
      }
      assertThat(blobsOnHost(connections.get(1), one.root()).keySet())
          .containsAll(next.manifest().blobs());
      assertThat(run(host, "find " + one.root() + "/blobs -name '*.tmp'").stdout()).isEmpty();
    }
    manifest = next;
  }

  @Test
  @Order(7)
  void aFullDiskFailsTheSyncInOneLineNamingTheHostAndLeavesNoBadBlob() throws Exception {
    TestHost host = testHosts.hosts().get(0);
    // A tiny file system, mounted where the host's sshd (and so its sessions) sees it: `ip netns
    // exec` gave the host a mount namespace of its own.
    String sshd =
        CommandResult.run(List.of("ip", "netns", "pids", host.namespace()))
            .orThrow()
            .stdout()
            .lines()
            .findFirst()
            .orElseThrow()
            .strip();
    List<String> inHost = List.of("nsenter", "-t", sshd, "-m", "--");
    Files.createDirectories(FULL_DISK);
    List<String> mount = new ArrayList<>(inHost);
    mount.addAll(
        List.of("mount", "-t", "tmpfs", "-o", "size=512k,mode=0777", "tmpfs", FULL_DISK + ""));
    CommandResult.run(mount).orThrow();
    List<String> umount = new ArrayList<>(inHost);
    umount.addAll(List.of("umount", FULL_DISK.toString()));
    try {
      RemoteStore full = new RemoteStore(connections.get(0), FULL_DISK + "/cache");

      assertThatThrownBy(() -> full.sync(manifest))
          .isInstanceOf(HostFailure.class)
          .hasMessageStartingWith(host.address() + ": disk full while syncing")
          .hasMessageContaining("No space left on device")
          .hasMessageNotContaining("\n");

      Map<String, String> blobs = blobsOnHost(connections.get(0), full.root());
      assertThat(manifest.manifest().blobs()).containsAll(blobs.keySet());
      assertThat(ssh(connections.get(0), "find " + full.root() + "/blobs -name '*.tmp'")).isEmpty();
    } finally {
      CommandResult.run(umount).orThrow();
    }
  }

  @Test
  @Order(8)
  void aSyncCleansUpWhatInterruptedSyncsEndedRunsAndUnusedBlobsLeftButNeverALiveRunsSession()
      throws Exception {
    TestHost host = testHosts.hosts().get(0);
    RemoteStore store = stores.get(0);
    String root = store.root();
    // The blobs the earlier tests brought to the other host only.
    store.sync(manifest);
    SessionDirectoryLock live = store.lockSessionDirectory("live-run");
    SshHost dying = connect(host);
    try (SshHost other = connect(host)) {
      assertThat(live.locked()).isTrue();
      // A run whose coordinator died: its connection is gone, and its lock with it.
      String died;
      try {
        died =
            new RemoteStore(dying, RemoteStore.DEFAULT_CACHE_DIR)
                .lockSessionDirectory("died-run")
                .dir();
      } finally {
        dying.close();
      }
      String ended = root + "/sessions/ended-run";
      String young = root + "/sessions/young-run";
      String staleFile = root + "/blobs/ab/" + "ab".repeat(32) + ".1a2b3c.tmp";
      String freshFile = root + "/blobs/ab/" + "ab".repeat(32) + ".4d5e6f.tmp";
      String staleUpload = root + "/tmp/00aa00aa";
      // A blob no sync used for 40 days, and one of this run's that none used for as long.
      String unusedBlob = root + "/blobs/cd/" + "cd".repeat(32);
      String usedBlob = store.blobPath(manifest.manifest().blobs().iterator().next());
      run(
          host,
          "mkdir -p "
              + root
              + "/blobs/cd && echo old > "
              + unusedBlob
              + " && touch -d '40 days ago' "
              + unusedBlob
              + " "
              + usedBlob);
      Instant beforeSync = Instant.now().minusSeconds(2);
      run(
          host,
          "mkdir -p "
              + ended
              + " "
              + young
              + " "
              + staleUpload
              + "/ab"
              + " && echo half > "
              + staleUpload
              + "/ab/x && echo half > "
              + staleFile
              + " && echo new > "
              + freshFile
              + " && touch -d '2 hours ago' "
              + staleFile
              + " "
              + staleUpload
              + "/ab/x "
              + staleUpload
              + "/ab "
              + staleUpload
              + " && touch -d '2 days ago' "
              + ended
              + " "
              + died
              + " "
              + live.dir());

      // Another coordinator's sync: nothing to upload, but its check cleans up.
      RemoteStore otherStore = new RemoteStore(other, RemoteStore.DEFAULT_CACHE_DIR);
      assertThat(otherStore.sync(manifest).filesUploaded()).isZero();

      assertThat(Path.of(ended)).doesNotExist();
      assertThat(Path.of(died)).doesNotExist();
      assertThat(Path.of(staleFile)).doesNotExist();
      assertThat(Path.of(staleUpload)).doesNotExist();
      assertThat(Path.of(live.dir())).isDirectory();
      assertThat(Path.of(young)).isDirectory();
      assertThat(Path.of(freshFile)).exists();
      assertThat(Path.of(unusedBlob)).doesNotExist();
      assertThat(Files.getLastModifiedTime(Path.of(usedBlob)).toInstant()).isAfter(beforeSync);
      assertThat(otherStore.missing(manifest.manifest().blobs())).isEmpty();

      live.close();
      assertThat(Path.of(live.dir())).doesNotExist();
      run(host, "rm -rf " + young + " " + freshFile);
    } finally {
      live.close();
    }
  }

  @Test
  @Order(9)
  void anOpenSshClientThatCannotConnectLeavesTheUploadToSshj() throws Exception {
    byte[] content = "class E, uploaded in bulk\n".getBytes(StandardCharsets.UTF_8);
    Files.write(CLASSES.resolve("fx/E.class"), content);
    LocalManifest next = build();
    Path marker = WORK_DIR.resolve("fake-ssh-ran");
    Files.deleteIfExists(marker);
    Path fakeSsh = WORK_DIR.resolve("fake-ssh");
    Files.writeString(fakeSsh, "#!/bin/sh\ntouch " + marker + "\nexit 255\n");
    Files.setPosixFilePermissions(fakeSsh, PosixFilePermissions.fromString("rwxr-xr-x"));
    RemoteStore bulk = new RemoteStore(connections.get(0), RemoteStore.DEFAULT_CACHE_DIR, 0);
    System.setProperty("jxdist.ssh.client", fakeSsh.toString());
    SyncStats stats;
    try {
      stats = bulk.sync(next);
    } finally {
      System.clearProperty("jxdist.ssh.client");
    }

    assertThat(marker).exists();
    assertThat(stats.filesUploaded()).isEqualTo(1);
    assertThat(Path.of(bulk.blobPath(ContentHash.of(content)))).hasBinaryContent(content);
    stores.get(1).sync(next);
    manifest = next;
  }

  /** How many logins the host's sshd has accepted so far. */
  private static long logins(TestHost host) throws IOException {
    try (var lines = Files.lines(host.sshdLog())) {
      return lines.filter(l -> l.contains("Accepted publickey")).count();
    }
  }

  /** Syncs {@code local} to every host at once; the stats in host order. */
  private static List<SyncStats> syncAll(LocalManifest local) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(stores.size());
    try {
      List<Future<SyncStats>> futures = new ArrayList<>();
      for (RemoteStore store : stores) {
        Callable<SyncStats> sync = () -> store.sync(local);
        futures.add(pool.submit(sync));
      }
      List<SyncStats> out = new ArrayList<>();
      for (Future<SyncStats> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The blobs under {@code root} on the host, by name, checked there with {@code sha256sum}: each
   * must hash to its name.
   */
  private static Map<String, String> blobsOnHost(SshHost host, String root) throws HostFailure {
    String sums =
        ssh(host, "cd " + root + "/blobs && find . -type f ! -name '*.tmp' -exec sha256sum {} +");
    Map<String, String> out = new HashMap<>();
    for (String line : sums.lines().toList()) {
      String[] fields = line.split("\\s+", 2);
      String name = fields[1].substring(fields[1].lastIndexOf('/') + 1);
      assertThat(fields[0]).as("content of blob " + fields[1]).isEqualTo(name);
      assertThat(fields[1]).isEqualTo("./" + name.substring(0, 2) + "/" + name);
      out.put(name, fields[1]);
    }
    return out;
  }

  private static String hashOf(Manifest m, String path) {
    return m.entries().stream()
        .filter(e -> e.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path + " is not in the manifest"))
        .sha256();
  }

  /** Runs {@code script} on the host over SSH; its stdout. */
  private static String ssh(SshHost host, String script) throws HostFailure {
    ExecResult result = host.exec(Shell.sh(script), Duration.ofMinutes(1));
    assertThat(result.exitCode()).as(script + ": " + result.stderr()).isZero();
    return result.stdout();
  }

  private static CommandResult run(TestHost host, String script) {
    return host.exec("sh", "-c", script).orThrow();
  }

  private static LocalManifest build() throws IOException {
    return new ManifestBuilder(hashCache)
        .classpath(classpath)
        .project(PROJECT, ExcludeGlobs.of(ManifestBuilder.DEFAULT_PROJECT_EXCLUDES))
        .build();
  }

  private static SshHost connect(TestHost host) throws HostFailure {
    return SshHost.connect(HostSpec.parse(host.user() + "@" + host.address(), "SyncIT"), options);
  }
}
