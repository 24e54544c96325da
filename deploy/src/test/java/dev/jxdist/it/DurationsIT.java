package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The durations history end to end: the first run of a project writes {@code
 * <project>/.jxdist/durations.json} with every test and class that ran, the second is ordered by it
 * (longest class first, not most tests first), averages its own durations in (also when tests fail)
 * and lists the slowest with {@code --durations-report}; a corrupt history costs a warning, never
 * the run.
 */
class DurationsIT {

  static final String ENGINE = "[engine:junit-jupiter]";

  static Path project;

  @BeforeAll
  static void build() {
    project = Fixtures.builtCopy("durations", "durations-history");
  }

  /** {@code id -> {seconds, runs}} of a history file, after checking its version. */
  static Map<String, double[]> readHistory(Path file) throws IOException {
    JsonObject root =
        JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    assertThat(root.get("version").getAsInt()).isEqualTo(1);
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : root.getAsJsonObject("durations").entrySet()) {
      JsonObject entry = e.getValue().getAsJsonObject();
      out.put(
          e.getKey(),
          new double[] {entry.get("seconds").getAsDouble(), entry.get("runs").getAsDouble()});
    }
    return out;
  }

  /** The unique ids of the top-level classes of {@code tests}: their first two id segments. */
  static Set<String> classIds(List<JsonReport.Entry> tests) {
    Set<String> out = new TreeSet<>();
    for (JsonReport.Entry t : tests) {
      int end = t.id().indexOf("]/", ENGINE.length() + 1);
      out.add(end < 0 ? t.id() : t.id().substring(0, end + 1));
    }
    return out;
  }

  static List<JsonReport.Entry> ran(JsonReport report) {
    return report.tests().stream()
        .filter(t -> !t.status().equals("skipped"))
        .collect(Collectors.toList());
  }

  @Test
  void theSecondRunIsOrderedByTheFirstAndAveragesItsDurationsIn() throws IOException {
    Path history = project.resolve(".jxdist/durations.json");
    Path json1 = Fixtures.runsDir().resolve("durations-1.json");
    Path json2 = Fixtures.runsDir().resolve("durations-2.json");
    assertThat(history).doesNotExist();

    ProcessResult first =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "1",
            "--project",
            project.toString(),
            "--report-json",
            json1.toString());

    assertThat(first.exitCode()).as(first.describe()).isZero();
    assertThat(first.output()).doesNotContain("slowest");
    JsonReport report1 = JsonReport.read(json1);
    // No history: the class with the most tests goes first.
    assertThat(report1.workers().get(0).classes()).first().isEqualTo("fx.ManyQuickTest");
    assertThat(history).isRegularFile();
    Map<String, double[]> after1 = readHistory(history);
    Set<String> expected = new TreeSet<>();
    ran(report1).forEach(t -> expected.add(t.id()));
    expected.addAll(classIds(report1.tests()));
    assertThat(after1.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(after1).doesNotContainKey(ENGINE + "/[class:fx.ManyQuickTest]/[method:disabled()]");
    assertThat(after1.keySet())
        .contains(
            ENGINE
                + "/[class:fx.ValuesTest]/[test-template:positive(int)]/[test-template-invocation:#3]");
    for (JsonReport.Entry t : ran(report1)) {
      assertThat(after1.get(t.id())[0]).as(t.id()).isCloseTo(t.durationS(), within(0.0006));
      assertThat(after1.get(t.id())[1]).isEqualTo(1.0);
    }
    assertThat(after1.get(ENGINE + "/[class:fx.LongTest]")[0]).isGreaterThanOrEqualTo(2.0);

    ProcessResult second =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "1",
            "--project",
            project.toString(),
            "--report-json",
            json2.toString(),
            "--durations-report",
            "3",
            "-Dfx.fail=true");

    // A test failed: the history is saved all the same.
    assertThat(second.exitCode()).as(second.describe()).isEqualTo(1);
    JsonReport report2 = JsonReport.read(json2);
    // With history: the longest class first. (The other classes' times are closer: the first
    // class a worker runs also pays for the JVM warming up, so the order among them may vary.)
    assertThat(report2.workers().get(0).classes()).first().isEqualTo("fx.LongTest");
    Map<String, double[]> after2 = readHistory(history);
    assertThat(after2.keySet()).isEqualTo(after1.keySet());
    for (JsonReport.Entry t : ran(report2)) {
      double averaged = 0.3 * t.durationS() + 0.7 * after1.get(t.id())[0];
      assertThat(after2.get(t.id())[0]).as(t.id()).isCloseTo(averaged, within(0.0006));
      assertThat(after2.get(t.id())[1]).isEqualTo(2.0);
    }
    for (String cls : classIds(report2.tests())) {
      assertThat(after2.get(cls)[1]).as(cls).isEqualTo(2.0);
    }

    // The three slowest tests and classes, after the failure and before the summary line.
    List<String> lines = second.output().lines().collect(Collectors.toList());
    int tests = lines.indexOf("slowest 3 tests:");
    int classes = lines.indexOf("slowest 3 classes:");
    assertThat(tests).as(second.describe()).isPositive();
    assertThat(classes).isEqualTo(tests + 4);
    assertThat(lines.subList(0, tests))
        .anyMatch(l -> l.contains("fx.MediumTest > failsWhenAsked()"));
    List<String> slowest =
        report2.tests().stream()
            .sorted(Comparator.comparingDouble(JsonReport.Entry::durationS).reversed())
            .limit(3)
            .map(t -> t.className() + " > " + t.name())
            .collect(Collectors.toList());
    assertThat(lines.subList(tests + 1, classes))
        .allMatch(l -> l.matches(" *\\d+\\.\\d\\ds fx\\..*"))
        .extracting(l -> l.substring(l.indexOf("s fx.") + 2))
        .containsExactlyInAnyOrderElementsOf(slowest);
    assertThat(lines.get(tests + 1)).endsWith("s fx.LongTest > sleeps()");
    assertThat(lines.subList(classes + 1, classes + 4))
        .allMatch(l -> l.matches(" *\\d+\\.\\d\\ds fx\\.\\w+"));
    assertThat(lines.get(classes + 1)).endsWith("s fx.LongTest");
    assertThat(lines.get(lines.size() - 1)).startsWith("13 tests: ");
  }

  /**
   * A project tested with {@code mvn test} before its first jxdist run: with no history of its own,
   * the run orders its classes by the times in Surefire's reports (the 2 s class first, where a
   * blind run starts with the class of the most tests), and {@code -n auto} starts the workers
   * those times are worth (about 2.5 s of tests: 2 of the 3 a machine of three cores may run).
   */
  @Test
  void aFirstRunIsOrderedBySurefiresReportsOfAnEarlierMvnTest() throws IOException {
    Path tested = Fixtures.freshCopy("durations", "durations-mvn-tested");
    ProcessResult mvnTest =
        Fixtures.runMaven(tested, "durations-mvn-test", Map.of(), "-B", "-q", "test");
    assertThat(mvnTest.exitCode()).as(mvnTest.describe()).isZero();
    assertThat(tested.resolve("target/surefire-reports/TEST-fx.LongTest.xml")).isRegularFile();
    assertThat(tested.resolve(".jxdist")).doesNotExist();
    Path json = Fixtures.runsDir().resolve("durations-mvn-tested.json");

    List<String> command = new ArrayList<>(Jxdist.command());
    command.add(1, "-XX:ActiveProcessorCount=3");
    command.addAll(
        List.of("run", "--project", tested.toString(), "--report-json", json.toString()));
    ProcessResult run =
        ProcessResult.run(
            command,
            Fixtures.runsDir(),
            Fixtures.runsDir().resolve("durations-mvn-tested.log"),
            Duration.ofMinutes(3));

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.output())
        .contains("starting 2 of 3 workers: mvn test's reports say the tests took ")
        .doesNotContain("more worker");
    JsonReport report = JsonReport.read(json);
    assertThat(report.workers()).hasSize(2);
    assertThat(report.workers())
        .as("the first class of one worker")
        .anySatisfy(w -> assertThat(w.classes()).first().isEqualTo("fx.LongTest"));
    assertThat(outcomes(report)).hasSize(13).doesNotContainValue("failed");
  }

  @Test
  void aCorruptHistoryIsIgnoredWithAWarningAndReplaced() throws IOException {
    Path history = Fixtures.runsDir().resolve("corrupt/durations.json");
    Files.createDirectories(history.getParent());
    Files.writeString(history, "{\"version\": 1, \"durations\": {");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "1",
            "--project",
            project.toString(),
            "--select-class",
            "fx.ValuesTest",
            "--durations",
            history.toString());

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.output())
        .contains(
            "jxdist: ignored the durations history "
                + history
                + ": it is not valid JSON; it is started afresh after this run\n");
    // Only what ran is in it, and --durations kept it away from the project's own file.
    assertThat(readHistory(history).keySet())
        .containsExactlyInAnyOrder(
            ENGINE + "/[class:fx.ValuesTest]",
            ENGINE
                + "/[class:fx.ValuesTest]/[test-template:positive(int)]/[test-template-invocation:#1]",
            ENGINE
                + "/[class:fx.ValuesTest]/[test-template:positive(int)]/[test-template-invocation:#2]",
            ENGINE
                + "/[class:fx.ValuesTest]/[test-template:positive(int)]/[test-template-invocation:#3]");
  }

  /**
   * {@code -n auto} starts only the workers the work is worth. On a machine of three cores (as
   * jxdist's JVM is told), a run of quick tests starts three workers without a history; once the
   * history knows how long the tests and a worker's start take, the next run starts one, says so,
   * and ends with the same results. An explicit {@code -n 3} still starts three.
   */
  @Test
  void autoStartsOnlyTheWorkersTheWorkIsWorth() throws IOException {
    Path history = Fixtures.runsDir().resolve("worth/durations.json");
    Files.deleteIfExists(history);

    ProcessResult cold = onThreeCores(history, "worth-1.json", "-n", "auto");
    JsonReport first = JsonReport.read(Fixtures.runsDir().resolve("worth-1.json"));
    assertThat(cold.exitCode()).as(cold.describe()).isZero();
    assertThat(first.workers()).as(cold.describe()).hasSize(3);
    JsonObject saved =
        JsonParser.parseString(Files.readString(history, StandardCharsets.UTF_8)).getAsJsonObject();
    assertThat(saved.get("worker_start_s").getAsDouble()).isPositive();

    ProcessResult warm = onThreeCores(history, "worth-2.json");
    JsonReport second = JsonReport.read(Fixtures.runsDir().resolve("worth-2.json"));
    assertThat(warm.exitCode()).as(warm.describe()).isZero();
    assertThat(warm.output())
        .contains("starting 1 of 3 workers: the last run's tests took ")
        .contains("(-n 3 starts every one)")
        .doesNotContain("more worker");
    assertThat(second.workers()).extracting(JsonReport.Worker::id).containsExactly("w1");
    assertThat(outcomes(second)).isEqualTo(outcomes(first)).isNotEmpty();

    ProcessResult explicit = onThreeCores(history, "worth-3.json", "-n", "3");
    assertThat(explicit.exitCode()).as(explicit.describe()).isZero();
    assertThat(explicit.output()).doesNotContain("starting 1 of");
    assertThat(JsonReport.read(Fixtures.runsDir().resolve("worth-3.json")).workers()).hasSize(3);
  }

  /** The quick tests of the fixture, with jxdist's JVM seeing three cores ({@code -n auto}: 3). */
  private static ProcessResult onThreeCores(Path history, String json, String... workers) {
    List<String> command = new ArrayList<>(Jxdist.command());
    command.add(1, "-XX:ActiveProcessorCount=3");
    command.addAll(
        List.of(
            "run",
            "--project",
            project.toString(),
            "--select-class",
            "fx.ValuesTest",
            "--durations",
            history.toString(),
            "--report-json",
            Fixtures.runsDir().resolve(json).toString()));
    command.addAll(List.of(workers));
    return ProcessResult.run(
        command,
        Fixtures.runsDir(),
        Fixtures.runsDir().resolve(json.replace(".json", ".log")),
        Duration.ofMinutes(3));
  }

  /** Each test's id and status. */
  private static Map<String, String> outcomes(JsonReport report) {
    Map<String, String> out = new TreeMap<>();
    report.tests().forEach(t -> out.put(t.id(), t.status()));
    return out;
  }
}
