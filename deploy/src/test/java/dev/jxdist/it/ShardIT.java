package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Shards end to end, on the fixture with every outcome ({@code basics}): three shards run apart
 * ({@code --shard I/3}, as three CI machines would) and merged ({@code merge-reports}) give the
 * same totals, tests, XML files and exit code as one whole run; the merged durations history then
 * splits the next run by time, and its shards merge again. The merged HTML page is opened in
 * headless Chromium and draws its JSON. A shard that gets no unit exits 0.
 */
class ShardIT {

  @Test
  void threeShardsMergedAreOneRunAndTheirDurationsBalanceTheNext() throws IOException {
    // Its own copy: the first split is by unique id only where no mvn test left Surefire's reports.
    Path project = Fixtures.builtCopy("basics", "shards-basics");
    Path dir = Files.createDirectories(Fixtures.runsDir().resolve("shards"));
    Path history = dir.resolve("durations.json");
    Files.deleteIfExists(history);

    Path wholeDir = dir.resolve("whole");
    ProcessResult whole =
        Jxdist.run(
            project,
            "run",
            "-n",
            "1",
            "--project",
            project.toString(),
            "--no-build",
            "--durations",
            dir.resolve("whole-durations.json").toString(),
            "--reports-dir",
            wholeDir.toString(),
            "--report-json",
            wholeDir.resolve("report.json").toString());
    assertThat(whole.exitCode()).as(whole.describe()).isEqualTo(1);
    JsonReport one = JsonReport.read(wholeDir.resolve("report.json"));

    List<Path> first = runShards(project, dir, "first", history);
    JsonObject split1 = shardSection(first.get(0));
    assertThat(split1.get("by").getAsString()).isEqualTo("unique id");
    Path merged = dir.resolve("merged-first");
    ProcessResult merge = merge(project, merged, history, first);
    assertThat(merge.exitCode()).as(merge.describe()).isEqualTo(whole.exitCode());
    assertThat(merge.output()).contains("34 tests: 30 passed, 1 failed, 1 errors, 2 skipped");
    assertSameRun(one, wholeDir, merged);
    assertThat(history).exists();
    assertMergedPageDrawsItsJson(merged);

    // The next split goes by the merged history: another split, longest first.
    List<Path> second = runShards(project, dir, "second", history);
    JsonObject split2 = shardSection(second.get(0));
    assertThat(split2.get("by").getAsString()).isEqualTo("durations");
    assertThat(split2.get("split").getAsString()).isNotEqualTo(split1.get("split").getAsString());
    assertThat(split2.get("plan").getAsString()).isEqualTo(split1.get("plan").getAsString());
    Map<String, double[]> times = DurationsIT.readHistory(history);
    double[] load = new double[3];
    double largest = 0;
    for (int i = 0; i < 3; i++) {
      for (JsonElement u : shardSection(second.get(i)).getAsJsonArray("units")) {
        double[] t = times.get(u.getAsJsonObject().get("id").getAsString());
        double seconds = t == null ? 0 : t[0];
        load[i] += seconds;
        largest = Math.max(largest, seconds);
      }
    }
    double max = Math.max(load[0], Math.max(load[1], load[2]));
    double min = Math.min(load[0], Math.min(load[1], load[2]));
    // Longest first: the longest shard is over the shortest by at most one class.
    assertThat(max - min)
        .as("estimated shard seconds %.3f, %.3f, %.3f", load[0], load[1], load[2])
        .isLessThanOrEqualTo(largest + 1e-9);
    System.out.printf(
        "ShardIT: second split by durations: %.3f %.3f %.3f s, longest / mean %.2f%n",
        load[0], load[1], load[2], max / ((load[0] + load[1] + load[2]) / 3));
    Path mergedAgain = dir.resolve("merged-second");
    ProcessResult again = merge(project, mergedAgain, history, second);
    assertThat(again.exitCode()).as(again.describe()).isEqualTo(whole.exitCode());
    assertSameRun(one, wholeDir, mergedAgain);
  }

  @Test
  void aShardWithoutUnitsExitsZeroAndSaysWhy() throws IOException {
    // Its own copy: the first split is by unique id only where no mvn test left Surefire's reports.
    Path project = Fixtures.builtCopy("basics", "shards-basics");
    Path dir = Files.createDirectories(Fixtures.runsDir().resolve("shards-empty"));
    // 13 classes in 14 shards, round robin from the module's offset: the last bin is empty.
    String module = "fx:basics";
    int empty = (13 + Math.floorMod(module.hashCode(), 14)) % 14 + 1;
    ProcessResult run =
        Jxdist.run(
            project,
            "run",
            "-n",
            "1",
            "--project",
            project.toString(),
            "--no-build",
            "--durations",
            dir.resolve("none.json").toString(),
            "--shard",
            empty + "/14",
            "--reports-dir",
            dir.resolve("s").toString());
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.output())
        .contains("shard " + empty + "/14 has no work: the plan has 13 units for 14 shards");
    JsonObject report =
        JsonParser.parseString(Files.readString(dir.resolve("s/report.json"))).getAsJsonObject();
    assertThat(report.getAsJsonObject("summary").get("total").getAsInt()).isZero();
    assertThat(report.getAsJsonObject("shard").getAsJsonArray("units")).isEmpty();
  }

  /**
   * The merged report.html, in headless Chromium, draws every bar its JSON gives (no script error,
   * no request), one row per shard's worker, every shard there.
   */
  private static void assertMergedPageDrawsItsJson(Path merged) {
    try (Browser browser = Browser.start(1400, 1000)) {
      List<ReportPage.Bar> bars =
          ReportPage.assertDrawsItsJson(
              browser,
              merged.resolve("report.html"),
              ReportPage.json(merged.resolve("report.json")));
      assertThat(bars)
          .extracting(ReportPage.Bar::worker)
          .allMatch(w -> w.matches("s[123]-w\\d+"))
          .anyMatch(w -> w.startsWith("s1-"))
          .anyMatch(w -> w.startsWith("s2-"))
          .anyMatch(w -> w.startsWith("s3-"));
    }
  }

  private static List<Path> runShards(Path project, Path dir, String name, Path history) {
    List<Path> out = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Path shardDir = dir.resolve(name + "-" + i);
      ProcessResult run =
          Jxdist.run(
              project,
              "run",
              "-n",
              "1",
              "--project",
              project.toString(),
              "--no-build",
              "--durations",
              history.toString(),
              "--shard",
              i + "/3",
              "--reports-dir",
              shardDir.toString());
      assertThat(run.exitCode()).as(run.describe()).isIn(0, 1);
      out.add(shardDir);
    }
    return out;
  }

  private static ProcessResult merge(Path project, Path out, Path history, List<Path> shards) {
    List<String> args = new ArrayList<>(List.of("merge-reports", out.toString()));
    shards.forEach(s -> args.add(s.toString()));
    args.addAll(List.of("--durations", history.toString()));
    return Jxdist.run(project, args.toArray(String[]::new));
  }

  private static JsonObject shardSection(Path shardDir) throws IOException {
    return JsonParser.parseString(Files.readString(shardDir.resolve("report.json")))
        .getAsJsonObject()
        .getAsJsonObject("shard");
  }

  /** The merged report has the whole run's totals, tests with their outcomes, and XML files. */
  private static void assertSameRun(JsonReport one, Path wholeDir, Path merged) {
    JsonReport all = JsonReport.read(merged.resolve("report.json"));
    assertThat(all.summary().totals()).isEqualTo(one.summary().totals());
    assertThat(all.summary().exitCode()).isEqualTo(one.summary().exitCode());
    assertThat(outcomes(all)).isEqualTo(outcomes(one));
    assertThat(ReportTotals.perFile(merged)).isEqualTo(ReportTotals.perFile(wholeDir));
  }

  private static Map<String, String> outcomes(JsonReport report) {
    return report.tests().stream()
        .collect(Collectors.toMap(JsonReport.Entry::id, JsonReport.Entry::status));
  }
}
