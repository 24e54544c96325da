package dev.jxdist.coordinator.shard;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.jxdist.coordinator.config.UsageException;
import dev.jxdist.coordinator.history.Measurements;
import dev.jxdist.coordinator.report.ExitCode;
import dev.jxdist.coordinator.report.HtmlReport;
import dev.jxdist.coordinator.report.RunReport;
import dev.jxdist.coordinator.report.RunSummary;
import dev.jxdist.coordinator.report.SummaryLine;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.report.TestStatus;
import dev.jxdist.coordinator.report.UnitTime;
import dev.jxdist.coordinator.report.WorkerSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The shards of one split run ({@code --shard I/N}), merged into one report ({@code jxdist
 * merge-reports}): read from each shard's reports directory (its {@code report.json} and {@code
 * TEST-*.xml}), checked, and written as one run's {@code report.json}, {@code TEST-*.xml} and
 * {@code report.html}.
 *
 * <p>The checks: every directory holds a shard's report; all come from one plan split one way
 * (their fingerprints agree), into the same N; every shard 1 to N is there once; no test is in two
 * shards, nor a test outside its shard's units; no shard reports fewer tests than its share of the
 * plan holds. A violation is a {@link UsageException} naming the directory at fault.
 *
 * <p>The merge: counts add up; the wall time is the longest shard's (they ran side by side); the
 * exit code is the worst of the shards' (3 over 2 over 1 over 0), 1 if any test failed, 5 if there
 * is no test at all. Worker ids become {@code sI-wN} and host names {@code sI-NAME}, so that the
 * workers and hosts of different shards stay apart on the timeline. Its {@code shard} section has
 * index 0 and the units of all shards.
 */
public final class ShardMerge {

  /** What a merge makes. */
  public record Merged(JsonObject report, Map<String, Path> xmlFiles, int shards) {

    /** The merged report's counts. */
    public RunSummary summary() {
      JsonObject s = report.getAsJsonObject("summary");
      return new RunSummary(
          s.get("total").getAsInt(),
          s.get("passed").getAsInt(),
          s.get("failed").getAsInt(),
          s.get("errors").getAsInt(),
          s.get("skipped").getAsInt(),
          s.get("crashed").getAsInt(),
          s.get("flaky").getAsInt(),
          s.get("wall_s").getAsDouble(),
          s.get("exit_code").getAsInt());
    }

    /** The line a run would end with, over the workers of all shards. */
    public String summaryLine() {
      int workers = 0;
      for (JsonElement w : report.getAsJsonArray("workers")) {
        String state = w.getAsJsonObject().get("state").getAsString();
        if (!"failed".equals(state) && !"unused".equals(state)) {
          workers++;
        }
      }
      return SummaryLine.format(summary(), workers);
    }

    /**
     * What the shards measured, as the durations history records a run's ({@link Measurements}).
     */
    public Map<String, Double> measurements() {
      List<TestResult> tests = new ArrayList<>();
      for (JsonElement e : report.getAsJsonArray("tests")) {
        JsonObject t = e.getAsJsonObject();
        tests.add(
            new TestResult(
                str(t, "id"),
                str(t, "class"),
                str(t, "name"),
                TestStatus.valueOf(str(t, "status").toUpperCase(Locale.ROOT)),
                false,
                t.get("duration_s").getAsDouble(),
                str(t, "worker"),
                str(t, "host"),
                0,
                0,
                1,
                "",
                Optional.empty(),
                "",
                "",
                str(t, "module"),
                str(t, "junit_status")));
      }
      List<WorkerSummary> workers = new ArrayList<>();
      for (JsonElement e : report.getAsJsonArray("workers")) {
        JsonObject w = e.getAsJsonObject();
        List<List<String>> units = new ArrayList<>();
        for (JsonElement u : w.getAsJsonArray("units")) {
          List<String> ids = new ArrayList<>();
          u.getAsJsonArray().forEach(id -> ids.add(id.getAsString()));
          units.add(ids);
        }
        workers.add(
            new WorkerSummary(
                str(w, "id"),
                str(w, "slot"),
                str(w, "host"),
                0,
                0,
                str(w, "state"),
                str(w, "module"),
                List.of(),
                units,
                Double.NaN));
      }
      List<UnitTime> units = new ArrayList<>();
      for (JsonElement e : report.getAsJsonArray("class_times")) {
        JsonObject u = e.getAsJsonObject();
        units.add(
            new UnitTime(
                str(u, "id"),
                str(u, "class"),
                u.get("seconds").getAsDouble(),
                str(u, "worker"),
                u.get("end_s").getAsDouble()));
      }
      RunSummary none = new RunSummary(0, 0, 0, 0, 0, 0, 0, 0, 0);
      return Measurements.of(new RunReport(none, workers, List.of(), tests, units));
    }
  }

  /** One shard's directory, read. */
  private record Part(Path dir, JsonObject report, JsonObject shard, Map<String, Path> xml) {
    int index() {
      return shard.get("index").getAsInt();
    }
  }

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private ShardMerge() {}

  /**
   * Reads and checks the shards' directories and merges them.
   *
   * @throws UsageException naming the directory at fault, if they are not the shards of one split
   */
  public static Merged read(List<Path> dirs) {
    if (dirs.isEmpty()) {
      throw new UsageException("merge-reports needs the shards' reports directories");
    }
    List<Part> parts = new ArrayList<>();
    for (Path dir : dirs) {
      parts.add(part(dir));
    }
    Part first = parts.get(0);
    int count = first.shard().get("count").getAsInt();
    Map<Integer, Part> byIndex = new TreeMap<>();
    for (Part p : parts) {
      for (String field : List.of("plan", "split", "count")) {
        if (!p.shard().get(field).equals(first.shard().get(field))) {
          throw new UsageException(
              p.dir()
                  + " is a shard of another "
                  + ("count".equals(field) ? "number of shards" : field)
                  + " than "
                  + first.dir()
                  + " ("
                  + field
                  + " "
                  + p.shard().get(field).getAsString()
                  + " against "
                  + first.shard().get(field).getAsString()
                  + "); merge the shards of one split, all run with the same --durations file");
        }
      }
      Part same = byIndex.put(p.index(), p);
      if (same != null) {
        throw new UsageException(
            p.dir() + " and " + same.dir() + " are both shard " + p.index() + "/" + count);
      }
    }
    for (int i = 1; i <= count; i++) {
      if (!byIndex.containsKey(i)) {
        throw new UsageException(
            "shard " + i + "/" + count + " is missing: none of " + dirs + " holds its report");
      }
    }
    return merge(new ArrayList<>(byIndex.values()), count);
  }

  /**
   * Writes {@code merged} into {@code out}: {@code report.json}, the {@code TEST-*.xml} files and
   * {@code report.html}.
   */
  public static void write(Merged merged, Path out) throws IOException {
    Files.createDirectories(out);
    String json = GSON.toJson(merged.report()) + "\n";
    Files.writeString(out.resolve("report.json"), json, StandardCharsets.UTF_8);
    for (Map.Entry<String, Path> xml : merged.xmlFiles().entrySet()) {
      Files.copy(xml.getValue(), out.resolve(xml.getKey()), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(out.resolve("report.html"), HtmlReport.render(json), StandardCharsets.UTF_8);
  }

  private static Part part(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new UsageException(dir + " is not a directory; give each shard's reports directory");
    }
    Path file = dir.resolve("report.json");
    if (!Files.isRegularFile(file)) {
      throw new UsageException(
          dir
              + " has no report.json; run each shard with --reports-dir DIR (or --report-json"
              + " DIR/report.json)");
    }
    JsonObject report;
    try {
      report = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    } catch (IOException | JsonParseException | IllegalStateException e) {
      throw new UsageException(file + " cannot be read as a JSON report: " + e.getMessage());
    }
    if (!report.has("shard") || !report.get("shard").isJsonObject()) {
      throw new UsageException(
          file + " is the report of a whole run, not of a shard; give the reports of --shard runs");
    }
    for (String field : List.of("summary", "workers", "hosts", "tests", "class_times")) {
      if (!report.has(field)) {
        throw new UsageException(file + " has no " + field + "; it is not a jxdist report");
      }
    }
    Map<String, Path> xml = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "TEST-*.xml")) {
      files.forEach(f -> xml.put(f.getFileName().toString(), f));
    } catch (IOException e) {
      throw new UsageException("cannot list " + dir + ": " + e.getMessage());
    }
    return new Part(dir, report, report.getAsJsonObject("shard"), xml);
  }

  private static Merged merge(List<Part> parts, int count) {
    JsonArray workers = new JsonArray();
    JsonArray hosts = new JsonArray();
    JsonArray tests = new JsonArray();
    JsonArray classTimes = new JsonArray();
    JsonArray units = new JsonArray();
    Map<String, Path> seenTests = new HashMap<>();
    Map<String, Path> xml = new LinkedHashMap<>();
    int[] counts = new int[8];
    String[] countNames = {
      "total", "passed", "failed", "errors", "skipped", "crashed", "flaky", "assumption_failures"
    };
    double wall = 0;
    int worst = ExitCode.PASSED;
    int plannedTests = 0;
    for (Part p : parts) {
      String prefix = "s" + p.index() + "-";
      JsonObject s = p.report().getAsJsonObject("summary");
      for (int i = 0; i < countNames.length; i++) {
        counts[i] += s.has(countNames[i]) ? s.get(countNames[i]).getAsInt() : 0;
      }
      wall = Math.max(wall, s.get("wall_s").getAsDouble());
      worst = worse(worst, s.get("exit_code").getAsInt());
      Map<String, String> ownUnits = new HashMap<>();
      for (JsonElement u : p.shard().getAsJsonArray("units")) {
        units.add(u);
        ownUnits.put(
            u.getAsJsonObject().get("id").getAsString(),
            u.getAsJsonObject().get("module").getAsString());
      }
      plannedTests += p.shard().get("planned_tests").getAsInt();
      int ownTests = 0;
      for (JsonElement e : p.report().getAsJsonArray("tests")) {
        JsonObject t = e.getAsJsonObject().deepCopy();
        String id = str(t, "id");
        String module = str(t, "module");
        Path before = seenTests.put(module + " " + id, p.dir());
        if (before != null) {
          throw new UsageException(
              p.dir() + " and " + before + " both report " + id + "; a test runs in one shard");
        }
        if (!module.equals(unitOf(id, ownUnits))) {
          throw new UsageException(
              p.dir() + " reports " + id + ", which is not in its share of the split");
        }
        ownTests++;
        rename(t, "worker", prefix);
        rename(t, "host", prefix);
        for (JsonElement a : t.getAsJsonArray("attempts")) {
          rename(a.getAsJsonObject(), "worker", prefix);
          rename(a.getAsJsonObject(), "host", prefix);
        }
        tests.add(t);
      }
      int planned = p.shard().get("planned_tests").getAsInt();
      if (ownTests < planned) {
        throw new UsageException(
            p.dir()
                + " reports "
                + ownTests
                + " tests, but its share of the plan has "
                + planned
                + ": the report is incomplete");
      }
      for (JsonElement e : p.report().getAsJsonArray("workers")) {
        JsonObject w = e.getAsJsonObject().deepCopy();
        rename(w, "id", prefix);
        rename(w, "host", prefix);
        workers.add(w);
      }
      for (JsonElement e : p.report().getAsJsonArray("hosts")) {
        JsonObject h = e.getAsJsonObject().deepCopy();
        rename(h, "name", prefix);
        hosts.add(h);
      }
      for (JsonElement e : p.report().getAsJsonArray("class_times")) {
        JsonObject c = e.getAsJsonObject().deepCopy();
        rename(c, "worker", prefix);
        classTimes.add(c);
      }
      for (Map.Entry<String, Path> f : p.xml().entrySet()) {
        Path before = xml.put(f.getKey(), f.getValue());
        if (before != null) {
          throw new UsageException(
              p.dir()
                  + " and "
                  + before.getParent()
                  + " both hold "
                  + f.getKey()
                  + "; a class runs in one shard");
        }
      }
    }
    int unitsTotal = parts.get(0).shard().get("units_total").getAsInt();
    if (units.size() != unitsTotal) {
      throw new UsageException(
          "the shards hold "
              + units.size()
              + " units together, the plan has "
              + unitsTotal
              + "; some shard ran another split");
    }
    int exit = worst;
    if (counts[2] + counts[3] + counts[5] > 0 && exit < ExitCode.TESTS_FAILED) {
      exit = ExitCode.TESTS_FAILED;
    }
    if (counts[0] == 0 && exit == ExitCode.PASSED) {
      exit = ExitCode.NO_TESTS;
    }
    JsonObject summary = new JsonObject();
    for (int i = 0; i < 7; i++) {
      summary.addProperty(countNames[i], counts[i]);
    }
    summary.addProperty("wall_s", wall);
    summary.addProperty("exit_code", exit);
    summary.addProperty("assumption_failures", counts[7]);
    summary.addProperty("aborted", counts[7]);
    JsonObject shard = parts.get(0).shard().deepCopy();
    shard.addProperty("index", 0);
    shard.addProperty("planned_tests", plannedTests);
    shard.add("units", units);
    JsonObject report = new JsonObject();
    report.add("summary", summary);
    report.add("workers", workers);
    report.add("hosts", hosts);
    report.add("tests", tests);
    report.add("class_times", classTimes);
    report.add("shard", shard);
    return new Merged(report, xml, count);
  }

  /** The module of the unit of {@code ownUnits} whose id starts {@code testId}, or null. */
  private static String unitOf(String testId, Map<String, String> ownUnits) {
    String module = ownUnits.get(testId);
    for (int cut = testId.indexOf("/["); module == null && cut > 0; ) {
      module = ownUnits.get(testId.substring(0, cut));
      cut = testId.indexOf("/[", cut + 1);
    }
    return module;
  }

  /** The worse of two exit codes: internal error, then interrupted, then failures, then passed. */
  private static int worse(int a, int b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(int code) {
    switch (code) {
      case ExitCode.INTERNAL_ERROR:
        return 4;
      case ExitCode.INTERRUPTED:
        return 3;
      case ExitCode.TESTS_FAILED:
        return 2;
      case ExitCode.NO_TESTS:
        return 0; // an empty shard of a plan whose tests other shards ran
      default:
        return 1;
    }
  }

  private static void rename(JsonObject o, String field, String prefix) {
    if (o.has(field) && !o.get(field).getAsString().isEmpty()) {
      o.addProperty(field, prefix + o.get(field).getAsString());
    }
  }

  private static String str(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e == null || e.isJsonNull() ? "" : e.getAsString();
  }
}
