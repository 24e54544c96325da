package dev.jxdist.coordinator.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jxdist.coordinator.config.UsageException;
import dev.jxdist.coordinator.report.ExitCode;
import dev.jxdist.coordinator.report.HostSummary;
import dev.jxdist.coordinator.report.JsonReport;
import dev.jxdist.coordinator.report.RunReport;
import dev.jxdist.coordinator.report.RunSummary;
import dev.jxdist.coordinator.report.ShardSection;
import dev.jxdist.coordinator.report.SyncStats;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.report.TestStatus;
import dev.jxdist.coordinator.report.UnitTime;
import dev.jxdist.coordinator.report.WorkerSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * merge-reports' checks and sums on shards' directories as runs write them: a shard's JSON report
 * with its section, and a TEST-*.xml per class.
 */
class ShardMergeTest {

  static final String ENGINE = "[engine:junit-jupiter]";

  @TempDir Path dir;

  static String classId(String cls) {
    return ENGINE + "/[class:" + cls + "]";
  }

  /** A shard of {@code count} that ran {@code classes}, each with tests of these statuses. */
  Path shard(int index, int count, String plan, String split, List<String> classes, TestStatus... s)
      throws IOException {
    Path d = Files.createDirectories(dir.resolve("shard-" + index + "-" + System.nanoTime()));
    List<TestResult> tests = new ArrayList<>();
    List<ShardSection.Unit> units = new ArrayList<>();
    List<UnitTime> times = new ArrayList<>();
    int i = 0;
    for (String cls : classes) {
      units.add(new ShardSection.Unit("classpath", classId(cls)));
      times.add(new UnitTime(classId(cls), cls, 1.5, "w1", 2.0));
      TestStatus status = s.length > i ? s[i] : TestStatus.PASSED;
      i++;
      tests.add(
          new TestResult(
              classId(cls) + "/[method:t()]",
              cls,
              "t()",
              status,
              false,
              0.5,
              "w1",
              "local",
              0,
              0.5,
              1,
              "",
              Optional.empty(),
              "",
              "",
              "classpath",
              status == TestStatus.FAILED ? "failed" : "successful"));
      Files.writeString(d.resolve("TEST-" + cls + ".xml"), "<testsuite name=\"" + cls + "\"/>");
    }
    long failed = tests.stream().filter(t -> t.status() == TestStatus.FAILED).count();
    RunReport report =
        new RunReport(
            new RunSummary(
                tests.size(),
                (int) (tests.size() - failed),
                (int) failed,
                0,
                0,
                0,
                0,
                3.0 + index,
                failed > 0 ? ExitCode.TESTS_FAILED : ExitCode.PASSED),
            List.of(
                new WorkerSummary(
                    "w1",
                    "w1",
                    "local",
                    7,
                    tests.size(),
                    "finished",
                    "classpath",
                    classes,
                    classes.stream().map(c -> List.of(classId(c))).toList(),
                    1.0)),
            List.of(new HostSummary("local", 1, new SyncStats(0, 0, 0, 0))),
            tests,
            times);
    ShardSection section =
        new ShardSection(index, count, plan, split, "unique id", units, tests.size(), 4);
    new JsonReport(d.resolve("report.json"), Optional.of(section)).write(report);
    return d;
  }

  List<Path> threeGoodShards() throws IOException {
    return List.of(
        shard(1, 3, "p", "s", List.of("a.A", "a.D"), TestStatus.PASSED, TestStatus.FAILED),
        shard(2, 3, "p", "s", List.of("a.B")),
        shard(3, 3, "p", "s", List.of("a.C")));
  }

  @Test
  void theMergeAddsUpTheShardsAndExitsAsARunWould() throws IOException {
    ShardMerge.Merged merged = ShardMerge.read(threeGoodShards());
    Path out = dir.resolve("out");
    ShardMerge.write(merged, out);

    JsonObject report =
        JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
    JsonObject summary = report.getAsJsonObject("summary");
    assertThat(summary.get("total").getAsInt()).isEqualTo(4);
    assertThat(summary.get("failed").getAsInt()).isEqualTo(1);
    assertThat(summary.get("exit_code").getAsInt()).isEqualTo(ExitCode.TESTS_FAILED);
    // The shards ran side by side: the longest one is the wall time.
    assertThat(summary.get("wall_s").getAsDouble()).isEqualTo(6.0);
    assertThat(merged.summaryLine()).startsWith("4 tests: 3 passed, 1 failed, 0 errors");
    assertThat(report.getAsJsonArray("workers"))
        .extracting(w -> w.getAsJsonObject().get("id").getAsString())
        .containsExactly("s1-w1", "s2-w1", "s3-w1");
    assertThat(report.getAsJsonArray("tests"))
        .extracting(t -> t.getAsJsonObject().get("worker").getAsString())
        .containsExactly("s1-w1", "s1-w1", "s2-w1", "s3-w1");
    assertThat(report.getAsJsonObject("shard").get("index").getAsInt()).isZero();
    assertThat(report.getAsJsonObject("shard").getAsJsonArray("units")).hasSize(4);
    try (var files = Files.list(out)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "report.json",
              "report.html",
              "TEST-a.A.xml",
              "TEST-a.B.xml",
              "TEST-a.C.xml",
              "TEST-a.D.xml");
    }
    assertThat(Files.readString(out.resolve("report.html"))).contains("s2-w1");
    // The history gets every class, under its own id, with its time on its worker.
    assertThat(merged.measurements())
        .containsKeys(classId("a.A"), classId("a.B"), classId("a.C"), classId("a.D"));
  }

  @Test
  void aMissingShardIsNamed() throws IOException {
    List<Path> shards = threeGoodShards();
    assertThatThrownBy(() -> ShardMerge.read(List.of(shards.get(0), shards.get(2))))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("shard 2/3 is missing");
  }

  @Test
  void aShardGivenTwiceIsNamed() throws IOException {
    List<Path> shards = threeGoodShards();
    Path again = shard(2, 3, "p", "s", List.of("a.B"));
    assertThatThrownBy(() -> ShardMerge.read(List.of(shards.get(0), shards.get(1), again)))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(again.toString())
        .hasMessageContaining("both shard 2/3");
  }

  @Test
  void aShardOfAnotherPlanSplitOrCountIsNamed() throws IOException {
    List<Path> shards = threeGoodShards();
    Path otherPlan = shard(3, 3, "q", "s", List.of("a.C"));
    assertThatThrownBy(() -> ShardMerge.read(List.of(shards.get(0), shards.get(1), otherPlan)))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(otherPlan + " is a shard of another plan");
    Path otherSplit = shard(3, 3, "p", "t", List.of("a.C"));
    assertThatThrownBy(() -> ShardMerge.read(List.of(shards.get(0), shards.get(1), otherSplit)))
        .hasMessageContaining(otherSplit + " is a shard of another split");
    Path otherCount = shard(3, 4, "p", "s", List.of("a.C"));
    assertThatThrownBy(() -> ShardMerge.read(List.of(shards.get(0), shards.get(1), otherCount)))
        .hasMessageContaining(otherCount + " is a shard of another number of shards");
  }

  @Test
  void aTestInTwoShardsOrOutsideItsShareIsNamed() throws IOException {
    List<Path> shards = threeGoodShards();
    // Shard 3 says it ran a.B, whose test shard 2 reports too.
    Path twice = shard(3, 3, "p", "s", List.of("a.B"));
    assertThatThrownBy(() -> ShardMerge.read(List.of(shards.get(0), shards.get(1), twice)))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("both report " + classId("a.B") + "/[method:t()]")
        .hasMessageContaining(twice.toString());
    // A report whose test is in none of its units.
    Path outside = shard(3, 3, "p", "s", List.of("a.C"));
    JsonObject json =
        JsonParser.parseString(Files.readString(outside.resolve("report.json"))).getAsJsonObject();
    json.getAsJsonArray("tests")
        .get(0)
        .getAsJsonObject()
        .addProperty("id", classId("a.X") + "/[method:t()]");
    Files.writeString(outside.resolve("report.json"), json.toString());
    assertThatThrownBy(() -> ShardMerge.read(List.of(shards.get(0), shards.get(1), outside)))
        .hasMessageContaining(outside + " reports " + classId("a.X"))
        .hasMessageContaining("not in its share");
  }

  @Test
  void aShardMissingTestsIsNamed() throws IOException {
    List<Path> shards = threeGoodShards();
    Path report = shards.get(1).resolve("report.json");
    JsonObject json = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
    json.add("tests", new com.google.gson.JsonArray());
    Files.writeString(report, json.toString());
    assertThatThrownBy(() -> ShardMerge.read(shards))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(shards.get(1) + " reports 0 tests, but its share of the plan has 1");
  }

  @Test
  void aDirectoryWithoutAShardsReportIsNamed() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> ShardMerge.read(List.of(empty)))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(empty + " has no report.json");
    Path whole = Files.createDirectories(dir.resolve("whole"));
    Files.writeString(whole.resolve("report.json"), "{\"summary\": {}}");
    assertThatThrownBy(() -> ShardMerge.read(List.of(whole)))
        .hasMessageContaining("the report of a whole run, not of a shard");
    Path broken = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(broken.resolve("report.json"), "{not json");
    assertThatThrownBy(() -> ShardMerge.read(List.of(broken)))
        .hasMessageContaining("cannot be read as a JSON report");
  }
}
