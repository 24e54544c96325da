package dev.jxdist.it;

import dev.jxdist.common.sync.HashCache;
import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.common.sync.ManifestBuilder;
import dev.jxdist.coordinator.config.HostSpec;
import dev.jxdist.coordinator.report.SyncStats;
import dev.jxdist.coordinator.ssh.SshHost;
import dev.jxdist.coordinator.ssh.SshOptions;
import dev.jxdist.coordinator.sync.RemoteStore;
import dev.jxdist.it.hosts.CommandResult;
import dev.jxdist.it.hosts.TestHost;
import dev.jxdist.it.hosts.TestHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The sync benchmark that {@code bench/sync.sh} runs (not an IT: CI does not run it): ~100 MB of
 * jars from {@code ~/.m2} to 3 SSH test hosts at once by jxdist's {@link RemoteStore}, by {@code
 * rsync -a} over ssh and by {@code scp -r}, each into fresh directories; then jxdist's unchanged
 * re-sync and a one-class-changed sync. Writes a Markdown report to the file named by its argument.
 */
public final class SyncBench {

  private static final long TARGET_BYTES = 100L * 1024 * 1024;
  private static final int HOSTS = 3;

  private SyncBench() {}

  /** {@code SyncBench RESULTS.md WORKDIR}. */
  public static void main(String[] args) throws Exception {
    Path results = Path.of(args[0]).toAbsolutePath();
    Path work = Path.of(args[1]).toAbsolutePath();
    Path stage = work.resolve("files");
    Path classes = work.resolve("classes");
    deleteTree(stage);
    deleteTree(classes);
    Files.createDirectories(stage);
    Files.createDirectories(classes.resolve("fx"));
    Files.writeString(classes.resolve("fx/A.class"), "class A, version 1\n");
    long total = stageJars(stage);
    long count;
    try (Stream<Path> files = Files.list(stage)) {
      count = files.count();
    }
    List<Path> classpath = new ArrayList<>();
    try (Stream<Path> files = Files.list(stage)) {
      files.sorted().forEach(classpath::add);
    }
    classpath.add(classes);

    try (TestHosts testHosts = TestHosts.create(HOSTS, work.resolve("hosts"))) {
      SshOptions options =
          new SshOptions(
              List.of(testHosts.clientKey()),
              testHosts.knownHosts(),
              false,
              work.resolve("no-ssh-config"),
              Duration.ofSeconds(5));
      List<SshHost> connections = new ArrayList<>();
      List<RemoteStore> stores = new ArrayList<>();
      try {
        HashCache cache = HashCache.inMemory();
        long hashStart = System.nanoTime();
        LocalManifest manifest = new ManifestBuilder(cache).classpath(classpath).build();
        double hashSeconds = seconds(hashStart);

        long start = System.nanoTime();
        for (TestHost host : testHosts.hosts()) {
          SshHost ssh =
              SshHost.connect(
                  HostSpec.parse(host.user() + "@" + host.address(), "SyncBench"), options);
          connections.add(ssh);
          stores.add(new RemoteStore(ssh, RemoteStore.DEFAULT_CACHE_DIR));
        }
        double connectSeconds = seconds(start);
        start = System.nanoTime();
        List<SyncStats> first = syncAll(stores, manifest);
        double firstSeconds = seconds(start);

        double rsyncSeconds =
            timeAll(
                testHosts,
                host -> {
                  List<String> c = new ArrayList<>(List.of("rsync", "-a", "-e"));
                  c.add("ssh " + String.join(" ", testHosts.sshOptions()));
                  c.add(stage + "/");
                  c.add(host.user() + "@" + host.address() + ":bench-rsync/");
                  return c;
                });
        double scpSeconds =
            timeAll(
                testHosts,
                host -> {
                  List<String> c = new ArrayList<>(List.of("scp", "-q", "-r"));
                  c.addAll(testHosts.sshOptions());
                  c.add(stage.toString());
                  c.add(host.user() + "@" + host.address() + ":bench-scp");
                  return c;
                });

        start = System.nanoTime();
        LocalManifest again = new ManifestBuilder(cache).classpath(classpath).build();
        List<SyncStats> second = syncAll(stores, again);
        double secondSeconds = seconds(start);

        Files.writeString(classes.resolve("fx/A.class"), "class A, version 2\n");
        start = System.nanoTime();
        LocalManifest changed = new ManifestBuilder(cache).classpath(classpath).build();
        List<SyncStats> third = syncAll(stores, changed);
        double thirdSeconds = seconds(start);

        String report =
            report(
                count, total, hashSeconds, connectSeconds, firstSeconds, first, rsyncSeconds,
                scpSeconds, secondSeconds, second, thirdSeconds, third);
        Files.writeString(results, report);
        System.out.print(report);
      } finally {
        connections.forEach(SshHost::close);
      }
    }
  }

  private interface CommandFor {
    List<String> of(TestHost host);
  }

  private static double timeAll(TestHosts testHosts, CommandFor command) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(HOSTS);
    try {
      long start = System.nanoTime();
      List<Future<CommandResult>> runs = new ArrayList<>();
      for (TestHost host : testHosts.hosts()) {
        List<String> line = command.of(host);
        Callable<CommandResult> run =
            () -> CommandResult.run(line, null, null, Duration.ofMinutes(10));
        runs.add(pool.submit(run));
      }
      for (Future<CommandResult> run : runs) {
        run.get().orThrow();
      }
      return seconds(start);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<SyncStats> syncAll(List<RemoteStore> stores, LocalManifest manifest)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(stores.size());
    try {
      List<Future<SyncStats>> futures = new ArrayList<>();
      for (RemoteStore store : stores) {
        Callable<SyncStats> sync = () -> store.sync(manifest);
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

  /** Copies the largest jars of ~/.m2 into {@code stage} until about 100 MB; the bytes copied. */
  private static long stageJars(Path stage) throws IOException {
    Path repo = Path.of(System.getProperty("user.home"), ".m2", "repository");
    List<Path> jars;
    try (Stream<Path> files = Files.walk(repo)) {
      jars =
          files
              .filter(p -> p.toString().endsWith(".jar") && Files.isRegularFile(p))
              .sorted(Comparator.comparingLong(SyncBench::size).reversed())
              .toList();
    }
    long total = 0;
    int index = 0;
    for (Path jar : jars) {
      if (total >= TARGET_BYTES) {
        break;
      }
      index++;
      Files.copy(jar, stage.resolve(String.format("%03d-%s", index, jar.getFileName())));
      total += size(jar);
    }
    return total;
  }

  private static String report(
      long count, long total, double hashSeconds, double connectSeconds, double firstSeconds,
      List<SyncStats> first, double rsyncSeconds, double scpSeconds, double secondSeconds,
      List<SyncStats> second, double thirdSeconds, List<SyncStats> third) {
    StringBuilder out = new StringBuilder();
    out.append("# Code sync benchmark\n\n")
        .append("Written by `bench/sync.sh` (`dev.jxdist.it.SyncBench`). ")
        .append(count).append(" jars from ~/.m2 (the largest), ")
        .append(String.format(Locale.ROOT, "%.1f MB", total / 1e6))
        .append(", to ").append(HOSTS)
        .append(" SSH test hosts (network namespaces on this machine, real OpenSSH sshd) at once;")
        .append(" each tool into fresh directories; one run, measured in order.\n\n")
        .append("| What | Wall time, all hosts | Uploaded per host |\n|---|---:|---:|\n");
    row(out, "jxdist first sync (RemoteStore: one tar stream a host through OpenSSH)",
        firstSeconds, first);
    out.append(String.format(Locale.ROOT, "| rsync -a over ssh | %.2f s | all |%n", rsyncSeconds));
    out.append(String.format(Locale.ROOT, "| scp -r | %.2f s | all |%n", scpSeconds));
    row(out, "jxdist unchanged re-sync (manifest rebuilt from the hash cache + sync)",
        secondSeconds, second);
    row(out, "jxdist sync after one class changed", thirdSeconds, third);
    out.append('\n')
        .append(String.format(Locale.ROOT,
            "- first jxdist sync / rsync: %.2f (target: at most 1.00)%n", firstSeconds / rsyncSeconds))
        .append(String.format(Locale.ROOT,
            "- first jxdist sync / scp: %.2f%n", firstSeconds / scpSeconds))
        .append(String.format(Locale.ROOT,
            "- unchanged re-sync: %.3f s for all hosts (target: under 1 s)%n", secondSeconds))
        .append(String.format(Locale.ROOT,
            "- not in the sync times: hashing the manifest the first time %.2f s, connecting"
                + " %.2f s%n", hashSeconds, connectSeconds));
    return out.toString();
  }

  private static void row(StringBuilder out, String what, double seconds, List<SyncStats> stats) {
    SyncStats s = stats.get(0);
    out.append(String.format(Locale.ROOT, "| %s | %.3f s | %d of %d files, %d bytes |%n",
        what, seconds, s.filesUploaded(), s.files(), s.bytesUploaded()));
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
