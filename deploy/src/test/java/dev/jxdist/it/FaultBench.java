package dev.jxdist.it;

import dev.jxdist.it.hosts.TestHost;
import dev.jxdist.it.hosts.TestHosts;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The fault benchmark that {@code bench/faults.sh} runs (not an IT: CI does not run it): the sleepy
 * fixture (64 tests of 500 ms) on two SSH test hosts of two workers each, in rounds of one run
 * untouched and one run whose second host's link is cut 2 s into the tests. It measures the run
 * times and, in the cut runs, how long after the cut the cut host's interrupted class was running
 * on the other host. Writes its section of RESULTS.md (Markdown) to the file named by its first
 * argument.
 *
 * <p>The time from the cut to the tests running elsewhere is read off the run's own JSON report, on
 * the coordinator's clock: the cut falls between the last result the cut host delivered and 0.5 s
 * (one test) later, so the figure is from that last result, within half a second.
 */
public final class FaultBench {

  private static final int TESTS = 64;

  private FaultBench() {}

  /** One run: its wall time, and in a cut run the seconds from the cut to the moved tests. */
  private record Run(double seconds, double cutToElsewhere, int passed) {}

  /** {@code FaultBench SECTION.md WORKDIR JXDIST PROJECT [ROUNDS]}. */
  public static void main(String[] args) throws Exception {
    Path section = Path.of(args[0]).toAbsolutePath();
    Path work = Path.of(args[1]).toAbsolutePath();
    Path jxdist = Path.of(args[2]).toAbsolutePath();
    Path project = Path.of(args[3]).toAbsolutePath();
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    List<Run> plain = new ArrayList<>();
    List<Run> cut = new ArrayList<>();
    double load;
    try (TestHosts testHosts = TestHosts.create(2, work.resolve("hosts"))) {
      TestHost a = testHosts.hosts().get(0);
      TestHost b = testHosts.hosts().get(1);
      run(testHosts, jxdist, project, work, "warm-up", a, b, false); // first sync, caches
      for (int r = 1; r <= rounds; r++) {
        plain.add(run(testHosts, jxdist, project, work, "plain-" + r, a, b, false));
        cut.add(run(testHosts, jxdist, project, work, "cut-" + r, a, b, true));
      }
      load = loadAverage();
    }
    StringBuilder md = new StringBuilder();
    md.append("## A host cut off mid-run\n\n")
        .append(
            "`bench/faults.sh`: the sleepy fixture (64 tests of 500 ms, 32 s of work) on two SSH")
        .append(" test hosts (network namespaces, real sshd) of two workers each; in a cut run the")
        .append(
            " second host's link goes down 2 s into the tests (`ip link set ... down`), for good.")
        .append(" Each cut run must still end with every test passed. ")
        .append(rounds)
        .append(" rounds, each one untouched run and one cut run, after a warm-up run.\n\n")
        .append("| | median | min | max |\n|---|---|---|---|\n");
    row(md, "untouched run, s", plain.stream().map(Run::seconds).toList());
    row(md, "cut run, s", cut.stream().map(Run::seconds).toList());
    row(
        md,
        "cut to its class running on the other host, s",
        cut.stream().map(Run::cutToElsewhere).toList());
    md.append(
            "\nThe cut host's workers are declared lost after 10 s of silence (5 missed heartbeats")
        .append(" of 2 s); the host is dropped then, its in-flight test and the rest of its class")
        .append(" go back to the scheduler and the next free worker of the other host takes them.")
        .append(
            " The cut run costs the cut host's share of the work on half the workers, plus that")
        .append(
            " detection, once. The cut-to-elsewhere figure is measured from the last result the")
        .append(" cut host delivered (the cut falls within the 0.5 s after it).\n\n")
        .append(String.format(Locale.ROOT, "Load average (1 min) at the end: %.1f on ", load))
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores")
        .append(
            load > Runtime.getRuntime().availableProcessors()
                ? ": measured on a loaded machine (other builds ran meanwhile), so the times are"
                    + " longer and noisier than on an idle one.\n"
                : ".\n");
    Files.writeString(section, md.toString(), StandardCharsets.UTF_8);
  }

  private static Run run(
      TestHosts testHosts,
      Path jxdist,
      Path project,
      Path work,
      String name,
      TestHost a,
      TestHost b,
      boolean cutB)
      throws Exception {
    Path log = work.resolve(name + ".log");
    Path json = work.resolve(name + ".json");
    Files.deleteIfExists(json);
    List<String> command =
        List.of(
            jxdist.toString(),
            "run",
            "--hosts",
            a.user() + "@" + a.address() + "*2," + b.user() + "@" + b.address() + "*2",
            "--ssh-key",
            testHosts.clientKey().toString(),
            "--known-hosts",
            testHosts.knownHosts().toString(),
            "--project",
            project.toString(),
            "--report-json",
            json.toString());
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      if (cutB) {
        while (p.isAlive() && !read(log).contains("collected " + TESTS + " tests")) {
          Thread.sleep(20);
        }
        Thread.sleep(2000);
        b.cut();
      }
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException(name + ": the run did not end; see " + log);
      }
    } finally {
      if (cutB) {
        b.heal();
      }
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    JsonReport report = JsonReport.read(json);
    long passed = report.tests().stream().filter(t -> t.status().equals("passed")).count();
    if (p.exitValue() != 0 || passed != TESTS) {
      throw new IllegalStateException(
          name
              + ": exit "
              + p.exitValue()
              + ", "
              + passed
              + " of "
              + TESTS
              + " passed; see "
              + log);
    }
    double cutToElsewhere = cutB ? cutToElsewhere(report, b.address()) : Double.NaN;
    if (cutB) {
      // Its workers end by themselves once healed and alone; let them, before the next run.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!b.processes("jxdist-worker").isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
    }
    return new Run(seconds, cutToElsewhere, (int) passed);
  }

  /**
   * From the cut host's last result to the first start, on the other host, of a test of a class the
   * cut host had begun: on the run's own clock.
   */
  private static double cutToElsewhere(JsonReport report, String cutHost) {
    double lastOnCut =
        report.tests().stream()
            .filter(t -> t.host().equals(cutHost))
            .mapToDouble(JsonReport.Entry::endS)
            .max()
            .orElse(Double.NaN);
    if (Double.isNaN(lastOnCut)) {
      return Double.NaN; // cut before it delivered a result (a slow start): no figure this round
    }
    Set<String> begunThere =
        report.tests().stream()
            .filter(t -> t.host().equals(cutHost))
            .map(JsonReport.Entry::className)
            .collect(Collectors.toSet());
    Map<String, List<JsonReport.Entry>> moved =
        report.tests().stream()
            .filter(t -> !t.host().equals(cutHost) && begunThere.contains(t.className()))
            .collect(Collectors.groupingBy(JsonReport.Entry::className));
    return moved.values().stream()
            .flatMap(List::stream)
            .mapToDouble(JsonReport.Entry::startS)
            .min()
            .orElseThrow(() -> new IllegalStateException("no class of the cut host moved"))
        - lastOnCut;
  }

  private static void row(StringBuilder md, String label, List<Double> values) {
    List<Double> sorted = values.stream().filter(v -> !v.isNaN()).sorted().toList();
    if (sorted.isEmpty()) {
      md.append("| ").append(label).append(" | - | - | - |\n");
      return;
    }
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %.1f | %.1f | %.1f |%n",
            label,
            sorted.get(sorted.size() / 2),
            sorted.get(0),
            sorted.get(sorted.size() - 1)));
  }

  private static double loadAverage() throws Exception {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }

  private static String read(Path log) throws Exception {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
