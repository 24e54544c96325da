package dev.jxdist.it;

import dev.jxdist.it.hosts.TestHost;
import dev.jxdist.it.hosts.TestHosts;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time-to-first-test benchmark that {@code bench/first-test.sh} runs (not an IT: CI does not
 * run it): the demo project, already built, run by {@code bin/jxdist run --project} with {@code -n
 * auto}, with {@code -n 6}, and on one SSH test host of two workers ({@code --hosts}), in rounds.
 * For every run it measures, from the moment the command is started: when the run's session started
 * (the JSON report's {@code summary.started_at}: the coordinator JVM's start, the build check and,
 * with hosts, connecting and syncing are before it), when the first test started (that plus the
 * smallest {@code start_s}: the workers' start, connection, discovery and the first unit's way to
 * them), and when the command ended. Writes its section of RESULTS.md (Markdown) to the file named
 * by its first argument.
 */
public final class FirstTestBench {

  private static final int TESTS = 64;
  private static final Pattern STARTED_AT = Pattern.compile("\"started_at\":\"([^\"]+)\"");
  private static final Pattern START_S = Pattern.compile("\"start_s\":([0-9.]+)");
  private static final Pattern PASSED = Pattern.compile("\"passed\":([0-9]+)");

  private FirstTestBench() {}

  /** One run, in seconds from the command's start. */
  private record Run(double session, double firstTest, double wall) {}

  /** {@code FirstTestBench SECTION.md WORKDIR JXDIST PROJECT [ROUNDS]}. */
  public static void main(String[] args) throws Exception {
    Path section = Path.of(args[0]).toAbsolutePath();
    Path work = Path.of(args[1]).toAbsolutePath();
    Path jxdist = Path.of(args[2]).toAbsolutePath();
    Path project = Path.of(args[3]).toAbsolutePath();
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    double loadBefore = loadAverage();
    Map<String, List<Run>> runs = new LinkedHashMap<>();
    String auto = "local, `-n auto`";
    String six = "local, `-n 6`";
    String hosts = "1 SSH host, 2 workers (`--hosts`)";
    Run firstSync;
    try (TestHosts testHosts = TestHosts.create(1, work.resolve("hosts"))) {
      TestHost host = testHosts.hosts().get(0);
      List<String> onHost =
          List.of(
              "--hosts",
              host.user() + "@" + host.address() + "*2",
              "--ssh-key",
              testHosts.clientKey().toString(),
              "--known-hosts",
              testHosts.knownHosts().toString());
      run(jxdist, project, work, "warm-up", List.of("-n", "auto")); // the build check's state
      firstSync = run(jxdist, project, work, "first-sync", onHost); // the host's first sync
      for (int r = 1; r <= rounds; r++) {
        runs.computeIfAbsent(auto, k -> new ArrayList<>())
            .add(run(jxdist, project, work, "auto-" + r, List.of("-n", "auto")));
        runs.computeIfAbsent(six, k -> new ArrayList<>())
            .add(run(jxdist, project, work, "six-" + r, List.of("-n", "6")));
        runs.computeIfAbsent(hosts, k -> new ArrayList<>())
            .add(run(jxdist, project, work, "hosts-" + r, onHost));
      }
    }
    double loadAfter = loadAverage();
    StringBuilder md = new StringBuilder();
    md.append("## Time to the first test\n\n")
        .append("`bench/first-test.sh`: the demo (`examples/demo`, 64 tests, built and up to date)")
        .append(" under `bin/jxdist run --project`; seconds from the command's start (median, min")
        .append(" and max of ")
        .append(rounds)
        .append(" rounds, after an untimed run). *Session* is when the coordinator had its JVM,")
        .append(
            " the build check and the hosts ready (the report's `started_at`); *first test* when")
        .append(" the first test started (plus the smallest `start_s`).\n\n")
        .append("| run | session s | first test s | session to first test s | wall s |\n")
        .append("|---|---|---|---|---|\n");
    runs.forEach(
        (name, list) ->
            md.append("| ")
                .append(name)
                .append(" | ")
                .append(stats(list.stream().map(Run::session).toList()))
                .append(" | ")
                .append(stats(list.stream().map(Run::firstTest).toList()))
                .append(" | ")
                .append(stats(list.stream().map(r -> r.firstTest() - r.session()).toList()))
                .append(" | ")
                .append(stats(list.stream().map(Run::wall).toList()))
                .append(" |\n"));
    md.append(
            String.format(
                Locale.ROOT,
                "\nThe host's first run (a fresh host: the demo's class path and jxdist synced to"
                    + " it first): session %.2f s, first test %.2f s, wall %.2f s.\n\n",
                firstSync.session(),
                firstSync.firstTest(),
                firstSync.wall()))
        .append(
            String.format(
                Locale.ROOT,
                "Load average (1 min): %.1f before, %.1f after (its own runs included), on %d"
                    + " cores",
                loadBefore,
                loadAfter,
                Runtime.getRuntime().availableProcessors()))
        .append(
            loadBefore > Runtime.getRuntime().availableProcessors()
                ? ": measured on a loaded machine (other builds ran meanwhile), so the times are"
                    + " longer and noisier than on an idle one.\n"
                : ".\n");
    Files.writeString(section, md.toString(), StandardCharsets.UTF_8);
  }

  private static Run run(Path jxdist, Path project, Path work, String name, List<String> options)
      throws Exception {
    Path log = work.resolve(name + ".log");
    Path json = work.resolve(name + ".json");
    Files.deleteIfExists(json);
    List<String> command = new ArrayList<>(List.of(jxdist.toString(), "run"));
    command.addAll(options);
    command.addAll(List.of("--project", project.toString(), "--report-json", json.toString()));
    long startMillis = System.currentTimeMillis();
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException(name + ": the run did not end; see " + log);
      }
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    double wall = (System.nanoTime() - start) / 1e9;
    String report = Files.readString(json, StandardCharsets.UTF_8).replaceAll("\\s", "");
    Matcher passed = PASSED.matcher(report);
    if (p.exitValue() != 0 || !passed.find() || Integer.parseInt(passed.group(1)) != TESTS) {
      throw new IllegalStateException(
          name + ": exit " + p.exitValue() + ", not " + TESTS + " tests passed; see " + log);
    }
    Matcher startedAt = STARTED_AT.matcher(report);
    if (!startedAt.find()) {
      throw new IllegalStateException(name + ": no summary.started_at in " + json);
    }
    double session = (Instant.parse(startedAt.group(1)).toEpochMilli() - startMillis) / 1e3;
    double first = Double.MAX_VALUE;
    Matcher startS = START_S.matcher(report);
    while (startS.find()) {
      first = Math.min(first, Double.parseDouble(startS.group(1)));
    }
    Run run = new Run(session, session + first, wall);
    System.err.printf(
        Locale.ROOT,
        "bench: %-12s session %.2f s  first test %.2f s  wall %.2f s%n",
        name,
        run.session(),
        run.firstTest(),
        run.wall());
    return run;
  }

  private static String stats(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return String.format(
        Locale.ROOT,
        "%.2f (%.2f-%.2f)",
        sorted.get(sorted.size() / 2),
        sorted.get(0),
        sorted.get(sorted.size() - 1));
  }

  private static double loadAverage() throws Exception {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }
}
