package dev.jxdist.coordinator.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurationHistoryTest {

  static final String CLASS = "[engine:junit-jupiter]/[class:fx.A]";
  static final String TEST = CLASS + "/[method:a()]";

  @TempDir Path dir;

  Path file() {
    return dir.resolve(".jxdist/durations.json");
  }

  static Map<String, Double> measured(Object... idsAndSeconds) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < idsAndSeconds.length; i += 2) {
      out.put((String) idsAndSeconds[i], ((Number) idsAndSeconds[i + 1]).doubleValue());
    }
    return out;
  }

  @Test
  void aMissingFileIsAnEmptyHistoryWithoutAWarning() {
    DurationHistory history = DurationHistory.load(file());

    assertThat(history.isEmpty()).isTrue();
    assertThat(history.warning()).isEmpty();
    assertThat(history.seconds(TEST)).isEmpty();
    assertThat(history.file()).isEqualTo(file());
  }

  @Test
  void aWorkersStartIsKeptAsAMovingAverageAndAFileWithoutItHasNone() throws IOException {
    DurationHistory history = DurationHistory.load(file());
    history.record(measured(TEST, 2.0));
    history.save();
    assertThat(DurationHistory.load(file()).workerStart()).isEmpty();
    assertThat(Files.readString(file())).doesNotContain("worker_start_s");

    DurationHistory second = DurationHistory.load(file());
    second.record(measured(TEST, 2.0));
    second.recordWorkerStart(2.0);
    second.save();
    DurationHistory third = DurationHistory.load(file());
    assertThat(third.workerStart()).hasValue(2.0);
    third.record(measured(TEST, 2.0));
    third.recordWorkerStart(1.0);
    third.save();

    assertThat(DurationHistory.load(file()).workerStart().getAsDouble())
        .isCloseTo(1.7, within(1e-9));
    assertThatThrownBy(() -> third.recordWorkerStart(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aWorkerStartThatIsNotSecondsMakesTheFileUnusable() throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(
        file(), "{\"version\": 1, \"run\": 1, \"worker_start_s\": \"soon\", \"durations\": {}}");

    DurationHistory history = DurationHistory.load(file());

    assertThat(history.warning())
        .hasValueSatisfying(w -> assertThat(w).contains("\"worker_start_s\" is not a number"));
    assertThat(history.workerStart()).isEmpty();
  }

  @Test
  void theLastRunsWorkCountsClassesRunWholeAndTheTestsOfTheOthers() {
    String b = "[engine:junit-jupiter]/[class:fx.B]";
    String gone = "[engine:junit-jupiter]/[class:fx.Gone]";
    DurationHistory history = DurationHistory.load(file());
    assertThat(history.lastRunWork()).isEmpty();
    history.record(measured(gone, 100.0));
    // fx.A ran whole (its time counts, not its test's); fx.B was split (its tests count).
    history.record(
        measured(CLASS, 3.0, TEST, 2.0, b + "/[method:b1()]", 0.5, b + "/[method:b2()]", 0.25));

    // fx.Gone was not measured by the last run: it is not part of its work.
    assertThat(history.lastRunWork()).hasValue(3.75);
  }

  @Test
  void theFirstMeasurementIsTakenAsItIsAndLaterOnesAreAveragedWithWeightPointThree()
      throws IOException {
    DurationHistory history = DurationHistory.load(file());
    history.record(measured(TEST, 2.0, CLASS, 3.0));
    history.save();

    DurationHistory second = DurationHistory.load(file());
    assertThat(second.seconds(TEST)).hasValue(2.0);
    assertThat(second.runs(TEST)).isEqualTo(1);
    second.record(measured(TEST, 4.0));
    second.save();

    DurationHistory third = DurationHistory.load(file());
    assertThat(third.seconds(TEST).getAsDouble()).isCloseTo(0.3 * 4.0 + 0.7 * 2.0, within(1e-9));
    assertThat(third.runs(TEST)).isEqualTo(2);
    // Not measured by the second run: kept as it was.
    assertThat(third.seconds(CLASS)).hasValue(3.0);
    assertThat(third.runs(CLASS)).isEqualTo(1);
  }

  @Test
  void oneNoisyRunMovesTheEstimateByAThirdAtMost() {
    DurationHistory history = DurationHistory.load(file());
    for (int i = 0; i < 5; i++) {
      history.record(measured(TEST, 1.0));
    }
    history.record(measured(TEST, 10.0));

    assertThat(history.seconds(TEST).getAsDouble()).isCloseTo(3.7, within(1e-9));
  }

  @Test
  void theFileIsVersionedSortedAndHasOneLinePerId() throws IOException {
    DurationHistory history = DurationHistory.load(file());
    history.record(measured(TEST, 1.2345678, CLASS, 2.5, "[engine:x]/[test:\"q\"]", 0.0));
    history.save();

    String text = Files.readString(file(), StandardCharsets.UTF_8);
    assertThat(text)
        .isEqualTo(
            "{\n"
                + "  \"version\": 1,\n"
                + "  \"run\": 1,\n"
                + "  \"durations\": {\n"
                + "    \""
                + CLASS
                + "\": {\"seconds\": 2.5, \"runs\": 1, \"last_run\": 1},\n"
                + "    \""
                + TEST
                + "\": {\"seconds\": 1.234568, \"runs\": 1, \"last_run\": 1},\n"
                + "    \"[engine:x]/[test:\\\"q\\\"]\": {\"seconds\": 0, \"runs\": 1, \"last_run\": 1}\n"
                + "  }\n"
                + "}\n");
    JsonObject json = JsonParser.parseString(text).getAsJsonObject();
    assertThat(json.getAsJsonObject("durations").keySet()).hasSize(3);
    // Written atomically: no temporary file is left next to it.
    try (Stream<Path> files = Files.list(file().getParent())) {
      assertThat(files).containsExactly(file());
    }
  }

  @Test
  void anEmptyHistoryIsSavedAsValidJson() throws IOException {
    DurationHistory history = DurationHistory.load(file());
    history.record(Map.of());
    history.save();

    assertThat(
            JsonParser.parseString(Files.readString(file()))
                .getAsJsonObject()
                .get("run")
                .getAsInt())
        .isEqualTo(1);
    assertThat(DurationHistory.load(file()).warning()).isEmpty();
  }

  @Test
  void theShortFormWithoutRunCountersIsRead() throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(
        file(),
        "{\"version\": 1, \"durations\": {\"" + TEST + "\": {\"seconds\": 1.23, \"runs\": 4}}}");

    DurationHistory history = DurationHistory.load(file());

    assertThat(history.warning()).isEmpty();
    assertThat(history.seconds(TEST)).hasValue(1.23);
    assertThat(history.runs(TEST)).isEqualTo(4);
  }

  @Test
  void theRunCountMayComeAfterTheEntriesAndWholeNumbersInAnyForm() throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(
        file(),
        "{\"durations\": {\"a\": {\"seconds\": 2, \"runs\": 3.0, \"last_run\": 25},"
            + " \"b\": {\"seconds\": 1, \"runs\": 1e0, \"extra\": [1]}},"
            + " \"version\": 1.0, \"run\": 30, \"comment\": {\"x\": 1}}");

    DurationHistory history = DurationHistory.load(file());

    assertThat(history.warning()).isEmpty();
    assertThat(history.entries())
        .containsEntry("a", new DurationHistory.Entry(2, 3, 25))
        // Without a last run: measured by the file's last one, whatever came first.
        .containsEntry("b", new DurationHistory.Entry(1, 1, 30));

    Files.writeString(
        file(),
        "{\"durations\": {\"a\": {\"seconds\": 2, \"runs\": 3, \"last_run\": 31}},"
            + " \"version\": 1, \"run\": 30}");
    assertThat(DurationHistory.load(file()).warning())
        .hasValueSatisfying(w -> assertThat(w).contains("the entry of a has a \"last_run\""));
  }

  @Test
  void idsNotMeasuredForTwentyRunsAreDropped() {
    DurationHistory history = DurationHistory.load(file());
    history.record(measured(TEST, 1.0, CLASS, 1.0));
    for (int i = 1; i < DurationHistory.KEEP_RUNS; i++) {
      history.record(measured(CLASS, 1.0));
    }
    // 19 runs without it: still there.
    assertThat(history.seconds(TEST)).isPresent();

    history.record(measured(CLASS, 1.0));

    assertThat(history.seconds(TEST)).isEmpty();
    assertThat(history.seconds(CLASS)).isPresent();
    assertThat(history.size()).isEqualTo(1);
  }

  @Test
  void idsBelowAnIdAreFoundByTheirPrefix() {
    DurationHistory history = DurationHistory.load(file());
    String template = CLASS + "/[test-template:v(int)]";
    history.record(
        measured(
            template + "/[test-template-invocation:#1]",
            1.0,
            template + "/[test-template-invocation:#2]",
            2.0,
            CLASS + "/[test-template:v(int)]x",
            9.0,
            "[engine:junit-jupiter]/[class:fx.AB]/[method:a()]",
            9.0));

    assertThat(history.below(template))
        .containsOnlyKeys(
            template + "/[test-template-invocation:#1]",
            template + "/[test-template-invocation:#2]");
    assertThat(history.below(CLASS)).hasSize(3);
  }

  @Test
  void aCorruptFileIsIgnoredWithOneWarningNamingIt() throws IOException {
    for (String content :
        new String[] {
          "{\"version\": 1, \"durations\": {",
          "[1, 2]",
          "",
          "{\"durations\": {}}",
          "{\"version\": 1}",
          "{\"version\": 1, \"durations\": {\"x\": {\"seconds\": -1, \"runs\": 1}}}",
          "{\"version\": 1, \"durations\": {\"x\": {\"seconds\": \"fast\", \"runs\": 1}}}",
          "{\"version\": 1, \"durations\": {\"x\": {\"seconds\": 1, \"runs\": 0}}}",
          "{\"version\": 1, \"durations\": {\"x\": {\"seconds\": 1, \"runs\": 1.5}}}",
          "{\"version\": 1, \"run\": 2, \"durations\": {\"x\": {\"seconds\": 1, \"runs\": 1, \"last_run\": 3}}}",
          "{\"version\": 1, \"durations\": {}} trailing",
        }) {
      Files.createDirectories(file().getParent());
      Files.writeString(file(), content);

      DurationHistory history = DurationHistory.load(file());

      assertThat(history.isEmpty()).as(content).isTrue();
      assertThat(history.warning())
          .as(content)
          .hasValueSatisfying(
              w -> {
                assertThat(w).startsWith("ignored the durations history " + file() + ": ");
                assertThat(w).doesNotContain("\n");
              });
    }
  }

  @Test
  void aFileOfAnotherVersionIsIgnoredAndReplacedOnSave() throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(
        file(), "{\"version\": 2, \"durations\": {\"x\": {\"seconds\": 1, \"runs\": 1}}}");

    DurationHistory history = DurationHistory.load(file());
    assertThat(history.warning())
        .hasValue(
            "ignored the durations history "
                + file()
                + ": it is version 2, this jxdist reads version 1; it is started afresh after this run");
    history.record(measured(TEST, 1.0));
    history.save();

    DurationHistory again = DurationHistory.load(file());
    assertThat(again.warning()).isEmpty();
    assertThat(again.seconds("x")).isEmpty();
    assertThat(again.seconds(TEST)).hasValue(1.0);
  }

  @Test
  void aDirectoryInPlaceOfTheFileIsAWarningToo() throws IOException {
    Files.createDirectories(file());

    assertThat(DurationHistory.load(file()).warning())
        .hasValueSatisfying(w -> assertThat(w).contains("it cannot be read"));
  }

  @Test
  void aDurationMustBeAFiniteNumberOfSeconds() {
    DurationHistory history = DurationHistory.load(file());
    assertThatThrownBy(() -> history.record(measured(TEST, Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(TEST);
  }
}
