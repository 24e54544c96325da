package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Packing and batching change how the work travels, never a result: the report-shapes fixture
 * (failing {@code @BeforeAll} and {@code @AfterAll}, nested, dynamic and parameterized classes,
 * disabled and aborted tests, JUnit 4 classes) run with both, as by default (short classes packed
 * into one launcher call, a worker's events batched), and with neither ({@code --no-pack}, {@code
 * -Djxdist.worker.batch=false}: a system property of the workers), gives the same tests with the
 * same status, name, class and message in the JSON report. Only a run with a history packs: a first
 * run writes one, its times are evened out (whether classes this short get packed depends on how
 * each was timed, and a loaded machine times them unevenly: CI once packed nothing), and both
 * compared runs start from a copy of it.
 */
class PackingIT {
  // One worker: its share is the whole fixture, so the run packs (two workers' shares of 53 tests
  // in 18 classes are too small to hold two classes).

  @Test
  void aPackedBatchedRunReportsWhatAnUnpackedUnbatchedRunReports() throws IOException {
    Path history = Fixtures.runsDir().resolve("packing-history.json");
    Files.deleteIfExists(history);
    run("history", history, List.of("--no-pack"));
    evenOut(history);
    JsonReport packed = run("packed", history, List.of());
    JsonReport alone = run("alone", history, List.of("--no-pack", "-Djxdist.worker.batch=false"));

    assertThat(packed.workers())
        .as("some unit of the packed run selected several classes")
        .anySatisfy(
            w -> assertThat(w.units()).anySatisfy(u -> assertThat(u).hasSizeGreaterThan(1)));
    assertThat(alone.workers())
        .as("every unit of the other run is one class")
        .allSatisfy(w -> assertThat(w.units()).allSatisfy(u -> assertThat(u).hasSize(1)));
    assertThat(packed.tests()).hasSameSizeAs(alone.tests()).isNotEmpty();
    assertThat(results(packed)).isEqualTo(results(alone));
    assertThat(packed.summary()).isEqualTo(alone.summary());
  }

  /**
   * Gives every entry of the history {@code file} (which a run wrote) the same time: 10 ms. With
   * one worker, the pack limit is then a quarter of the fixture's 18 classes, and packs form.
   */
  private static void evenOut(Path file) throws IOException {
    JsonObject history = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    JsonObject durations = history.getAsJsonObject("durations");
    assertThat(durations.size()).as("entries in the history the first run wrote").isPositive();
    for (String id : durations.keySet()) {
      durations.getAsJsonObject(id).addProperty("seconds", 0.01);
    }
    Files.writeString(file, history.toString());
  }

  /** What a run must not change: each test's result, by unique id. */
  private static Map<String, String> results(JsonReport report) {
    Map<String, String> out = new TreeMap<>();
    for (JsonReport.Entry t : report.tests()) {
      String previous =
          out.put(
              t.id(),
              String.join(
                  " | ",
                  t.className(),
                  t.name(),
                  t.status(),
                  t.junitStatus(),
                  t.message(),
                  String.valueOf(t.attempts().size())));
      assertThat(previous).as("%s reported once", t.id()).isNull();
    }
    return out;
  }

  /** A run of the fixture from a copy of {@code history} (which the first run writes). */
  private static JsonReport run(String name, Path history, List<String> extra) throws IOException {
    Path dir = Fixtures.runsDir().resolve("packing-" + name);
    Files.createDirectories(dir);
    Path json = dir.resolve("report.json");
    Path durations = dir.resolve("durations.json");
    Files.deleteIfExists(json);
    Files.deleteIfExists(durations);
    if (Files.exists(history)) {
      Files.copy(history, durations);
    }
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "run",
                "-n",
                "1",
                "--project",
                Fixtures.built("report-shapes").toString(),
                "--reports-dir",
                dir.resolve("reports").toString(),
                "--durations",
                durations.toString(),
                "--report-json",
                json.toString()));
    args.addAll(extra);
    ProcessResult run = Jxdist.run(Fixtures.runsDir(), args.toArray(String[]::new));
    assertThat(json).as("JSON report; %s", run.describe()).isRegularFile();
    if (!Files.exists(history)) {
      assertThat(durations).as("the history; %s", run.describe()).isRegularFile();
      Files.copy(durations, history);
    }
    return JsonReport.read(json);
  }
}
