package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * How work is spread and stopped, on real runs: durations from history bring a skewed suite close
 * to its lower bound; every distribution runs every test once (each: once per worker); a replay
 * repeats a run's units slot by slot; fail-fast; workers that collect different tests.
 */
class SchedulingIT {

  private static final int WORKERS = 6;

  /**
   * The skewed fixture (30 classes of 0.1 to 6 s, the longest last in name order) on 6 workers: a
   * first run without history, then a second with the first's durations. In the second, the six
   * longest classes are the first wave, one on each worker, and the makespan (last test end minus
   * first test start) is within 15% of max(longest class, total / 6). The scheduler alone comes
   * within 1% of it (StartupTest); on an idle 2-core machine the run comes within 5-7%, the rest
   * being the workers' own start-up (bench/RESULTS.md); the 15% leave room for a busy CI machine,
   * and the defect this guards against (a second long class to the first workers to ask) cost 40%.
   */
  @Test
  void withHistoryTheSkewedSuiteStartsWithTheLongestClassesOneEachAndEndsNearItsLowerBound()
      throws Exception {
    Path project = Fixtures.built("skewed");
    Path history = Fixtures.runsDir().resolve("skewed-durations.json");
    Files.deleteIfExists(history);

    JsonReport cold = skewed(project, "skewed-cold.json", "--durations", history.toString());
    JsonReport warm = skewed(project, "skewed-warm.json", "--durations", history.toString());

    double bound = lowerBound(warm, WORKERS);
    System.out.printf(
        "skewed on %d workers: lower bound %.2f s, cold %.2f s (%.2f x), with history %.2f s (%.2f x)%n",
        WORKERS,
        bound,
        makespan(cold),
        makespan(cold) / bound,
        makespan(warm),
        makespan(warm) / bound);
    assertThat(Files.exists(history)).isTrue();
    // The first wave: the six longest classes (6, 5, 4, 3, 3 s, then one of the two of 2 s), each
    // the first class of a worker of its own.
    Map<String, String> firstClassOf = new TreeMap<>();
    warm.tests().stream()
        .sorted(Comparator.comparingDouble(JsonReport.Entry::startS))
        .forEach(t -> firstClassOf.putIfAbsent(t.worker(), t.className()));
    assertThat(firstClassOf.values())
        .as("the first class of each worker")
        .hasSize(WORKERS)
        .contains(
            "fx.SkewZLongTest", "fx.Skew29Test", "fx.Skew28Test", "fx.Skew27Test", "fx.Skew26Test")
        .containsAnyOf("fx.Skew25Test", "fx.Skew24Test");
    assertThat(makespan(warm))
        .as("makespan with history vs bound %.2f s", bound)
        .isLessThanOrEqualTo(1.15 * bound);
  }

  /** Every strategy that shares the work runs every test exactly once, each as it promises. */
  @Test
  void everyDistributionRunsEveryTestOnceAndAReplayRepeatsTheUnitsSlotBySlot() throws Exception {
    Path project = Fixtures.built("skewed");
    for (String dist : List.of("load", "loadgroup", "worksteal")) {
      JsonReport report =
          skewed(project, "skewed-" + dist + ".json", "--dist", dist, "-Dfx.scale=0.1");
      List<String> ids = report.tests().stream().map(JsonReport.Entry::id).toList();
      assertThat(ids).as(dist).hasSize(60).doesNotHaveDuplicates();
      assertThat(report.tests()).as(dist).allMatch(t -> t.status().equals("passed"));
      if (dist.equals("loadgroup")) {
        Set<String> dbWorkers = new HashSet<>();
        report.testsOf("fx.Skew03Test").forEach(t -> dbWorkers.add(t.worker()));
        report.testsOf("fx.Skew17Test").forEach(t -> dbWorkers.add(t.worker()));
        assertThat(dbWorkers).as("the jxdist-group=db tests ran on one worker").hasSize(1);
      }
    }

    Path recorded = Fixtures.runsDir().resolve("skewed-worksteal.json");
    JsonReport original = JsonReport.read(recorded);
    JsonReport replayed =
        skewed(project, "skewed-replay.json", "--replay", recorded.toString(), "-Dfx.scale=0.1");
    assertThat(replayed.tests()).hasSize(60).allMatch(t -> t.status().equals("passed"));
    assertThat(unitsBySlot(replayed)).isEqualTo(unitsBySlot(original));
  }

  /** {@code --dist each -n 2} on the 60-test suite: 120 results, each (test, worker) pair once. */
  @Test
  void eachRunsTheWholeSuiteOnEveryWorker() throws Exception {
    Path project = Fixtures.built("skewed");
    Path json = Fixtures.runsDir().resolve("skewed-each.json");
    Files.deleteIfExists(json);

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "--dist",
            "each",
            "-n",
            "2",
            "-Dfx.scale=0.02",
            "--project",
            project.toString(),
            "--report-json",
            json.toString());

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonReport report = JsonReport.read(json);
    assertThat(report.tests()).hasSize(120).allMatch(t -> t.status().equals("passed"));
    Set<String> pairs = new HashSet<>();
    report.tests().forEach(t -> pairs.add(t.id() + " on " + t.worker()));
    assertThat(pairs).hasSize(120);
    assertThat(report.tests().stream().map(JsonReport.Entry::worker).distinct())
        .containsExactlyInAnyOrder("w1", "w2");
    assertThat(SummaryLine.lastIn(run.output()).total()).isEqualTo(120);
  }

  private static JsonReport skewed(Path project, String jsonName, String... more) throws Exception {
    Path json = Fixtures.runsDir().resolve(jsonName);
    Files.deleteIfExists(json);
    List<String> args =
        new ArrayList<>(
            List.of("run", "--project", project.toString(), "--report-json", json.toString()));
    if (!List.of(more).contains("--replay")) {
      args.addAll(List.of("-n", Integer.toString(WORKERS)));
    }
    args.addAll(List.of(more));
    ProcessResult run = Jxdist.run(Fixtures.runsDir(), args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.describe()).isZero();
    return JsonReport.read(json);
  }

  /** The last test's end minus the first test's start. */
  private static double makespan(JsonReport report) {
    double start =
        report.tests().stream().mapToDouble(JsonReport.Entry::startS).min().orElseThrow();
    double end = report.tests().stream().mapToDouble(JsonReport.Entry::endS).max().orElseThrow();
    return end - start;
  }

  /** max(longest class, total / workers), from the tests' own durations in {@code report}. */
  private static double lowerBound(JsonReport report, int workers) {
    Map<String, Double> byClass = new HashMap<>();
    report.tests().forEach(t -> byClass.merge(t.className(), t.durationS(), Double::sum));
    double total = byClass.values().stream().mapToDouble(Double::doubleValue).sum();
    double longest = byClass.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    return Math.max(longest, total / workers);
  }

  private static Map<String, List<List<String>>> unitsBySlot(JsonReport report) {
    Map<String, List<List<String>>> out = new TreeMap<>();
    report
        .workers()
        .forEach(w -> out.computeIfAbsent(w.slot(), s -> new ArrayList<>()).addAll(w.units()));
    return out;
  }

  @Test
  void exitFirstStopsAfterTheFirstFailureAndReportsTheRestSkippedWithTheReason() throws Exception {
    Path project = Fixtures.built("basics");
    Path json = Fixtures.runsDir().resolve("exitfirst.json");
    Files.deleteIfExists(json);

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-x",
            "-n",
            "2",
            "--project",
            project.toString(),
            "--report-json",
            json.toString());

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    assertThat(run.output()).contains("stopped after 1 failure (--maxfail 1)");
    JsonReport report = JsonReport.read(json);
    List<String> ids = report.tests().stream().map(JsonReport.Entry::id).toList();
    // Every test once; a template that never ran is one skipped entry (its invocations never
    // existed).
    assertThat(ids).doesNotHaveDuplicates().hasSize(report.summary().total());
    assertThat(report.summary().total()).isGreaterThan(25);
    assertThat(report.summary().failed() + report.summary().errors()).isBetween(1, 2);
    List<JsonReport.Entry> notRun =
        report.tests().stream()
            .filter(t -> t.message().equals("not run: stopped after 1 failure"))
            .toList();
    assertThat(notRun).as(run.describe()).isNotEmpty().allMatch(t -> t.status().equals("skipped"));
  }

  @Test
  void workersThatCollectDifferentTestsRunNothingAndTheDifferenceIsNamed() throws Exception {
    Path project = Fixtures.built("mismatch");
    Path json = Fixtures.runsDir().resolve("mismatch.json");
    Files.deleteIfExists(json);

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "2",
            "--project",
            project.toString(),
            "--report-json",
            json.toString());

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
    assertThat(run.output())
        .containsPattern(
            "Different tests were collected between (w1 and w2|w2 and w1); nothing was run")
        .contains("only on w1: [engine:junit-vintage]/[runner:fx.PerWorkerTest]/[test:%5Bw1%5D]")
        .contains("only on w2: [engine:junit-vintage]/[runner:fx.PerWorkerTest]/[test:%5Bw2%5D]");
    JsonReport report = JsonReport.read(json);
    assertThat(report.tests()).isNotEmpty().allMatch(t -> t.status().equals("skipped"), "not run");
    assertThat(report.summary().exitCode()).isEqualTo(3);
  }
}
