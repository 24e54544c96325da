package dev.jxdist.it;

import dev.jxdist.common.files.FileTrees;
import dev.jxdist.common.sync.HashCache;
import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.common.sync.ManifestBuilder;
import dev.jxdist.coordinator.config.HostSpec;
import dev.jxdist.coordinator.config.SshOptions;
import dev.jxdist.coordinator.report.SyncStats;
import dev.jxdist.coordinator.ssh.SshHost;
import dev.jxdist.coordinator.sync.RemoteStore;
import dev.jxdist.it.hosts.CommandResult;
import dev.jxdist.it.hosts.TestHost;
import dev.jxdist.it.hosts.TestHosts;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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
 * rsync -a} over ssh (OpenSSH's default cipher, and jxdist's AES-GCM) and by {@code scp -r}, each
 * into fresh directories, in rounds that alternate who goes first; then jxdist's unchanged re-sync
 * and a one-class-changed sync. Writes its section of RESULTS.md (Markdown) to the file named by
 * its first argument.
 */
public final class SyncBench {

  private static final long TARGET_BYTES = 100L * 1024 * 1024;
  private static final int HOSTS = 3;
  private static final String GCM = "aes128-gcm@openssh.com";

  private SyncBench() {}

  /** One contender of the first sync: a label and how to run it once, in round {@code r}. */
  private record Contender(String label, Round run) {}

  private interface Round {
    void run(int round) throws Exception;
  }

  private interface CommandFor {
    List<String> of(TestHost host);
  }

  /** {@code SyncBench SECTION.md WORKDIR [ROUNDS]}. */
  public static void main(String[] args) throws Exception {
    Path section = Path.of(args[0]).toAbsolutePath();
    Path work = Path.of(args[1]).toAbsolutePath();
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path stage = work.resolve("files");
    Path classes = work.resolve("classes");
    FileTrees.delete(stage);
    FileTrees.delete(classes);
    Files.createDirectories(stage);
    Files.createDirectories(classes.resolve("fx"));
    Files.writeString(classes.resolve("fx/A.class"), "class A, version 1\n");
    long total = stageJars(stage);
    List<Path> classpath = new ArrayList<>();
    try (Stream<Path> files = Files.list(stage)) {
      files.sorted().forEach(classpath::add);
    }
    long count = classpath.size();
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
      try {
        HashCache cache = HashCache.inMemory();
        long start = System.nanoTime();
        LocalManifest manifest = new ManifestBuilder(cache).classpath(classpath).build();
        double hashSeconds = seconds(start);

        start = System.nanoTime();
        for (TestHost host : testHosts.hosts()) {
          connections.add(
              SshHost.connect(
                  HostSpec.parse(host.user() + "@" + host.address(), "SyncBench"), options));
        }
        double connectSeconds = seconds(start);

        List<List<SyncStats>> firsts = new ArrayList<>();
        List<Contender> contenders =
            List.of(
                new Contender(
                    "jxdist first sync",
                    r -> firsts.add(syncAll(stores(connections, r), manifest))),
                new Contender(
                    "`rsync -a` over ssh",
                    r -> runAll(testHosts, h -> rsync(testHosts, stage, h, "rsync-" + r, ""))),
                new Contender(
                    "`rsync -a` over `ssh -c " + GCM + "` (jxdist's cipher)",
                    r -> runAll(testHosts, h -> rsync(testHosts, stage, h, "rsync-gcm-" + r, GCM))),
                new Contender(
                    "`scp -r`", r -> runAll(testHosts, h -> scp(testHosts, stage, h, "scp-" + r))));
        List<List<Double>> times = new ArrayList<>();
        List<List<Double>> cpus = new ArrayList<>();
        contenders.forEach(c -> times.add(new ArrayList<>()));
        contenders.forEach(c -> cpus.add(new ArrayList<>()));
        for (int r = 0; r < rounds; r++) {
          for (int k = 0; k < contenders.size(); k++) {
            int who = (r + k) % contenders.size();
            double cpu = machineCpuSeconds();
            long t = System.nanoTime();
            contenders.get(who).run().run(r);
            times.get(who).add(seconds(t));
            cpus.get(who).add(machineCpuSeconds() - cpu);
            System.err.printf(
                Locale.ROOT,
                "round %d: %s %.3f s%n",
                r + 1,
                contenders.get(who).label(),
                times.get(who).get(r));
          }
        }

        List<RemoteStore> stores = stores(connections, 0);
        List<Double> unchanged = new ArrayList<>();
        List<SyncStats> second = List.of();
        for (int r = 0; r < rounds; r++) {
          start = System.nanoTime();
          LocalManifest again = new ManifestBuilder(cache).classpath(classpath).build();
          second = syncAll(stores, again);
          unchanged.add(seconds(start));
        }

        Files.writeString(classes.resolve("fx/A.class"), "class A, version 2\n");
        start = System.nanoTime();
        LocalManifest changed = new ManifestBuilder(cache).classpath(classpath).build();
        List<SyncStats> third = syncAll(stores, changed);
        double changedSeconds = seconds(start);

        String report =
            new Report(
                    count,
                    total,
                    rounds,
                    hashSeconds,
                    connectSeconds,
                    contenders,
                    times,
                    cpus,
                    firsts.get(0),
                    unchanged,
                    second,
                    changedSeconds,
                    third)
                .render();
        Files.writeString(section, report);
        System.out.print(report);
      } finally {
        connections.forEach(SshHost::close);
      }
    }
  }

  private static List<RemoteStore> stores(List<SshHost> connections, int round) {
    List<RemoteStore> stores = new ArrayList<>();
    for (SshHost ssh : connections) {
      stores.add(new RemoteStore(ssh, "~/.cache/jxdist-bench-" + round));
    }
    return stores;
  }

  private static List<String> rsync(
      TestHosts testHosts, Path stage, TestHost host, String dir, String cipher) {
    String ssh = "ssh " + String.join(" ", testHosts.sshOptions());
    if (!cipher.isEmpty()) {
      ssh += " -c " + cipher;
    }
    return List.of("rsync", "-a", "-e", ssh, stage + "/", target(host, dir) + "/");
  }

  private static List<String> scp(TestHosts testHosts, Path stage, TestHost host, String dir) {
    List<String> c = new ArrayList<>(List.of("scp", "-q", "-r"));
    c.addAll(testHosts.sshOptions());
    c.add(stage.toString());
    c.add(target(host, dir));
    return c;
  }

  private static String target(TestHost host, String dir) {
    return host.user() + "@" + host.address() + ":bench/" + dir;
  }

  /** Runs the command for every host at once; fails if one fails. */
  private static void runAll(TestHosts testHosts, CommandFor command) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(HOSTS);
    try {
      List<Future<CommandResult>> runs = new ArrayList<>();
      for (TestHost host : testHosts.hosts()) {
        host.exec("mkdir", "-p", host.home() + "/bench").orThrow();
      }
      for (TestHost host : testHosts.hosts()) {
        List<String> line = command.of(host);
        Callable<CommandResult> run =
            () -> CommandResult.run(line, null, null, Duration.ofMinutes(10));
        runs.add(pool.submit(run));
      }
      for (Future<CommandResult> run : runs) {
        run.get().orThrow();
      }
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

  /** The Markdown section. */
  private record Report(
      long count,
      long total,
      int rounds,
      double hashSeconds,
      double connectSeconds,
      List<Contender> contenders,
      List<List<Double>> times,
      List<List<Double>> cpus,
      List<SyncStats> first,
      List<Double> unchanged,
      List<SyncStats> second,
      double changedSeconds,
      List<SyncStats> third) {

    String render() {
      StringBuilder out = new StringBuilder();
      out.append("## Code sync to SSH hosts\n\n")
          .append("Written by `bench/sync.sh` (`dev.jxdist.it.SyncBench`) on ")
          .append(CommandResult.run(List.of("date", "-u", "+%Y-%m-%d %H:%M UTC")).stdout().strip())
          .append("; see README.md for what it measures.\n\n")
          .append("- Machine: ")
          .append(Runtime.getRuntime().availableProcessors())
          .append(" cores, ")
          .append(CommandResult.run(List.of("uname", "-sr")).stdout().strip())
          .append("\n- Java: ")
          .append(System.getProperty("java.vm.name"))
          .append(' ')
          .append(System.getProperty("java.version"))
          .append(", flags `")
          .append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
          .append("` (those of `bin/jxdist`)\n- ")
          .append(CommandResult.run(List.of("ssh", "-V")).stderr().strip())
          .append("; ")
          .append(
              CommandResult.run(List.of("rsync", "--version"))
                  .stdout()
                  .lines()
                  .findFirst()
                  .orElse("rsync")
                  .replaceAll("\\s+", " "))
          .append(
              String.format(
                  Locale.ROOT,
                  "%n- Files: the %d largest jars of ~/.m2, %.1f MB, to %d SSH test hosts at once"
                      + " (network namespaces on this machine, real OpenSSH sshd); every tool into"
                      + " fresh directories%n- Rounds: %d, alternating who goes first; wall-clock"
                      + " seconds for all hosts together, and the CPU seconds (user and system) the"
                      + " whole machine spent meanwhile, both ends of the transfers and anything else"
                      + " running%n%n",
                  count,
                  total / 1e6,
                  HOSTS,
                  rounds))
          .append("| first sync of all files | median s | min s | max s | CPU s, whole machine |\n")
          .append("|---|---:|---:|---:|---:|\n");
      for (int i = 0; i < contenders.size(); i++) {
        List<Double> t = times.get(i);
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %.2f | %.2f | %.2f | %.2f |%n",
                contenders.get(i).label(),
                median(t),
                min(t),
                max(t),
                median(cpus.get(i))));
      }
      double jxdist = median(times.get(0));
      double rsync = median(times.get(1));
      out.append('\n')
          .append(
              String.format(
                  Locale.ROOT,
                  "Target: the first jxdist sync at least as fast as `rsync -a` over ssh: jxdist /"
                      + " rsync = %.2f (medians), %s. Against rsync with jxdist's cipher: %.2f; against"
                      + " `scp -r`: %.2f.%n%n",
                  jxdist / rsync,
                  jxdist <= rsync ? "met" : "not met",
                  jxdist / median(times.get(2)),
                  jxdist / median(times.get(3))))
          .append("| jxdist | wall s, all hosts | uploaded per host |\n|---|---:|---:|\n");
      row(out, "first sync (median above)", jxdist, first);
      row(
          out,
          String.format(
              Locale.ROOT,
              "unchanged re-sync (median of %d; manifest from the" + " hash cache, then sync)",
              rounds),
          median(unchanged),
          second);
      row(out, "sync after one class changed", changedSeconds, third);
      out.append('\n')
          .append(
              String.format(
                  Locale.ROOT,
                  "Target: the unchanged re-sync under 1 s for all hosts together: %.3f s, %s.%n%n",
                  median(unchanged),
                  median(unchanged) < 1.0 ? "met" : "not met"))
          .append(
              String.format(
                  Locale.ROOT,
                  "Not in the sync times (paid once, by the first run): hashing the files the first"
                      + " time %.2f s (then cached by path, size and mtime); connecting sshj to the 3"
                      + " hosts %.2f s (rsync's and scp's times include their own connections, jxdist's"
                      + " first sync that of its OpenSSH upload connection). All three: %.2f s.%n",
                  hashSeconds,
                  connectSeconds,
                  hashSeconds + connectSeconds + jxdist));
      return out.toString();
    }

    private static void row(StringBuilder out, String what, double seconds, List<SyncStats> s) {
      SyncStats a = s.get(0);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.3f | %d of %d files, %d bytes |%n",
              what,
              seconds,
              a.filesUploaded(),
              a.files(),
              a.bytesUploaded()));
    }
  }

  /**
   * User and system CPU seconds of the whole machine since boot ({@code /proc/stat}): the hosts are
   * namespaces on this machine, so both ends of every transfer count.
   */
  private static double machineCpuSeconds() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long ticks = 0;
    for (int i : new int[] {1, 2, 3, 6, 7}) {
      ticks += Long.parseLong(f[i]);
    }
    return ticks / 100.0;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
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
}
