package dev.jxdist.coordinator.report;

import static dev.jxdist.coordinator.report.SampleRuns.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jxdist.common.model.ThrowableInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {

  @TempDir Path dir;

  @Test
  void summaryHasEveryCount() throws Exception {
    JsonObject root = write(SampleRuns.mixed());

    assertThat(root.keySet())
        .containsExactly("summary", "workers", "hosts", "tests", "class_times");
    JsonObject summary = root.getAsJsonObject("summary");
    assertThat(summary.keySet())
        .containsExactly(
            "total",
            "passed",
            "failed",
            "errors",
            "skipped",
            "crashed",
            "flaky",
            "wall_s",
            "exit_code",
            "assumption_failures",
            "aborted");
    assertThat(summary.get("total").getAsInt()).isEqualTo(9);
    assertThat(summary.get("passed").getAsInt()).isEqualTo(2);
    assertThat(summary.get("failed").getAsInt()).isEqualTo(1);
    assertThat(summary.get("errors").getAsInt()).isEqualTo(1);
    assertThat(summary.get("skipped").getAsInt()).isEqualTo(2);
    assertThat(summary.get("crashed").getAsInt()).isEqualTo(1);
    assertThat(summary.get("flaky").getAsInt()).isEqualTo(2);
    assertThat(summary.get("wall_s").getAsDouble()).isEqualTo(3.142);
    assertThat(summary.get("exit_code").getAsInt()).isEqualTo(1);
    // One test of the sample is skipped by a failed assumption; aborted is its old name.
    assertThat(SampleRuns.mixed().tests().stream().filter(TestResult::aborted).count()).isOne();
    assertThat(summary.get("assumption_failures").getAsInt()).isOne();
    assertThat(summary.get("aborted").getAsInt()).isOne();
  }

  @Test
  void saysWhenTheRunStartedToTheMillisecond() throws Exception {
    JsonObject summary =
        write(
                new RunReport(
                    new RunSummary(
                        0, 0, 0, 0, 0, 0, 0, 1.5, 0, Instant.parse("2026-12-06T19:31:54.123456Z")),
                    List.of(),
                    List.of(),
                    List.of()))
            .getAsJsonObject("summary");

    assertThat(summary.get("started_at").getAsString()).isEqualTo("2026-12-06T19:31:54.123Z");
  }

  @Test
  void workersAndHostsAreListedInOrder() throws Exception {
    JsonObject root = write(SampleRuns.mixed());

    JsonArray workers = root.getAsJsonArray("workers");
    assertThat(workers).hasSize(3);
    for (JsonElement worker : workers) {
      assertThat(worker.getAsJsonObject().keySet())
          .containsExactly(
              "id", "slot", "host", "pid", "tests", "state", "module", "classes", "units");
    }
    JsonObject w2 = workers.get(1).getAsJsonObject();
    assertThat(w2.get("id").getAsString()).isEqualTo("w2");
    assertThat(w2.get("slot").getAsString()).isEqualTo("w2");
    assertThat(w2.get("host").getAsString()).isEqualTo("localhost");
    assertThat(w2.get("pid").getAsLong()).isEqualTo(102);
    assertThat(w2.get("tests").getAsInt()).isEqualTo(3);
    assertThat(w2.get("state").getAsString()).isEqualTo("crashed");
    assertThat(workers.get(2).getAsJsonObject().get("state").getAsString()).isEqualTo("failed");

    JsonArray hosts = root.getAsJsonArray("hosts");
    assertThat(hosts).hasSize(2);
    JsonObject build3 = hosts.get(1).getAsJsonObject();
    assertThat(build3.keySet()).containsExactly("name", "workers", "sync");
    assertThat(build3.get("name").getAsString()).isEqualTo("build3");
    assertThat(build3.get("workers").getAsInt()).isEqualTo(1);
    JsonObject sync = build3.getAsJsonObject("sync");
    assertThat(sync.keySet())
        .containsExactly("files", "files_uploaded", "bytes_uploaded", "seconds");
    assertThat(sync.get("files").getAsInt()).isEqualTo(1200);
    assertThat(sync.get("files_uploaded").getAsInt()).isEqualTo(15);
    assertThat(sync.get("bytes_uploaded").getAsLong()).isEqualTo(1_572_864L);
    assertThat(sync.get("seconds").getAsDouble()).isEqualTo(0.846);
    JsonObject local = hosts.get(0).getAsJsonObject().getAsJsonObject("sync");
    assertThat(local.get("files").getAsInt()).isZero();
    assertThat(local.get("seconds").getAsDouble()).isZero();
  }

  @Test
  void everyTestHasEveryField() throws Exception {
    RunReport run = SampleRuns.mixed();
    JsonArray tests = write(run).getAsJsonArray("tests");

    assertThat(tests).hasSize(run.tests().size());
    for (int i = 0; i < tests.size(); i++) {
      JsonObject json = tests.get(i).getAsJsonObject();
      TestResult expected = run.tests().get(i);
      assertThat(json.keySet())
          .containsExactly(
              "id",
              "class",
              "name",
              "status",
              "duration_s",
              "worker",
              "host",
              "start_s",
              "end_s",
              "attempts",
              "message",
              "module",
              "junit_status",
              "stack_trace",
              "stdout",
              "stderr");
      assertThat(json.get("id").getAsString()).isEqualTo(expected.uniqueId());
      assertThat(json.get("module").getAsString()).isEqualTo(expected.module());
      assertThat(json.get("junit_status").getAsString()).isEqualTo(expected.junitStatus());
      assertThat(json.get("class").getAsString()).isEqualTo(expected.className());
      assertThat(json.get("name").getAsString()).isEqualTo(expected.name());
      assertThat(json.get("status").getAsString()).isEqualTo(expected.status().jsonName());
      assertThat(json.get("worker").getAsString()).isEqualTo(expected.worker());
      assertThat(json.get("host").getAsString()).isEqualTo(expected.host());
      assertThat(json.get("attempts").getAsJsonArray()).hasSize(expected.allAttempts().size());
      JsonObject last =
          json.get("attempts")
              .getAsJsonArray()
              .get(expected.allAttempts().size() - 1)
              .getAsJsonObject();
      assertThat(last.keySet()).containsExactly("worker", "host", "status", "duration_s");
      assertThat(last.get("status").getAsString())
          .isEqualTo(
              expected.status() == TestStatus.FLAKY ? "passed" : expected.status().jsonName());
      assertThat(json.get("message").getAsString()).isEqualTo(expected.message());
      assertThat(json.get("stack_trace").getAsString())
          .isEqualTo(expected.throwable().map(ThrowableInfo::stackTrace).orElse(""));
      assertThat(json.get("stdout").getAsString()).isEqualTo(expected.stdout());
      assertThat(json.get("stderr").getAsString()).isEqualTo(expected.stderr());
    }
    assertThat(tests)
        .extracting(t -> t.getAsJsonObject().get("status").getAsString())
        .containsExactly(
            "passed", "failed", "error", "skipped", "passed", "flaky", "crashed", "flaky",
            "skipped");

    JsonObject crashed = tests.get(6).getAsJsonObject();
    assertThat(crashed.get("class").getAsString()).isEqualTo("fx.Outer$Inner");
    assertThat(crashed.get("name").getAsString()).isEqualTo("crashed()");
    assertThat(crashed.get("duration_s").getAsDouble()).isEqualTo(1.0);
    assertThat(crashed.get("start_s").getAsDouble()).isEqualTo(0.3);
    assertThat(crashed.get("end_s").getAsDouble()).isEqualTo(1.3);
    assertThat(crashed.get("message").getAsString()).isEqualTo("worker w2 crashed: exit 137");
    assertThat(tests.get(2).getAsJsonObject().get("name").getAsString()).isEqualTo("add(int)[2]");
    JsonObject failed = tests.get(1).getAsJsonObject();
    assertThat(failed.get("stack_trace").getAsString())
        .isNotEmpty()
        .isEqualTo(SampleRuns.FAILURE.stackTrace());
    assertThat(failed.get("stdout").getAsString()).isEqualTo("out " + SampleRuns.HOSTILE + "\n");
    assertThat(tests.get(0).getAsJsonObject().get("stack_trace").getAsString()).isEmpty();
  }

  @Test
  void classTimesAreTheUnitTimes() throws Exception {
    RunReport mixed = SampleRuns.mixed();
    RunReport run =
        new RunReport(
            mixed.summary(),
            mixed.workers(),
            mixed.hosts(),
            mixed.tests(),
            List.of(
                new UnitTime(
                    "[engine:junit-jupiter]/[class:fx.CalcTest]",
                    "fx.CalcTest",
                    0.4567,
                    "w1",
                    0.41),
                new UnitTime("[engine:junit-jupiter]/[class:fx.Other]", "fx.Other", 0.125)));

    JsonArray times = write(run).getAsJsonArray("class_times");

    assertThat(times).hasSize(2);
    JsonObject first = times.get(0).getAsJsonObject();
    assertThat(first.keySet()).containsExactly("id", "class", "seconds", "worker", "end_s");
    assertThat(first.get("id").getAsString())
        .isEqualTo("[engine:junit-jupiter]/[class:fx.CalcTest]");
    assertThat(first.get("class").getAsString()).isEqualTo("fx.CalcTest");
    assertThat(first.get("seconds").getAsDouble()).isEqualTo(0.457);
    assertThat(first.get("worker").getAsString()).isEqualTo("w1");
    assertThat(first.get("end_s").getAsDouble()).isEqualTo(0.41);
    JsonObject unknown = times.get(1).getAsJsonObject();
    assertThat(unknown.get("worker").getAsString()).isEmpty();
    assertThat(unknown.get("end_s").getAsDouble()).as("unknown: 0").isZero();
    assertThat(write(mixed).getAsJsonArray("class_times")).isEmpty();
  }

  @Test
  void aRerunTestListsEveryAttemptWithItsWorkerHostStatusAndDuration() throws Exception {
    TestResult failedFirst =
        SampleRuns.on(
            SampleRuns.result("fx.FlakyTest", "sometimes()", TestStatus.FAILED),
            "w1",
            "h1",
            0.1,
            0.35);
    TestResult passedThen =
        SampleRuns.on(
                SampleRuns.result("fx.FlakyTest", "sometimes()", TestStatus.PASSED),
                "w2",
                "h2",
                0.5,
                0.6)
            .after(List.of(Attempt.of(failedFirst)));
    RunReport run =
        new RunReport(
            new RunSummary(1, 0, 0, 0, 0, 0, 1, 1, 0), List.of(), List.of(), List.of(passedThen));

    JsonObject test =
        JsonParser.parseString(JsonReport.toJson(run))
            .getAsJsonObject()
            .getAsJsonArray("tests")
            .get(0)
            .getAsJsonObject();

    assertThat(test.get("status").getAsString()).isEqualTo("flaky");
    assertThat(test.getAsJsonArray("attempts").toString())
        .isEqualTo(
            "[{\"worker\":\"w1\",\"host\":\"h1\",\"status\":\"failed\",\"duration_s\":0.25},"
                + "{\"worker\":\"w2\",\"host\":\"h2\",\"status\":\"passed\",\"duration_s\":0.1}]");
  }

  @Test
  void secondsAreRoundedToMilliseconds() throws Exception {
    TestResult test =
        new TestResult(
            "[engine:junit-jupiter]/[class:fx.T]/[method:t()]",
            "fx.T",
            "t()",
            TestStatus.PASSED,
            false,
            0.0125,
            "w1",
            "localhost",
            1.0005,
            Double.NaN,
            1,
            "",
            Optional.empty(),
            "",
            "");
    JsonObject json =
        write(
                new RunReport(
                    new RunSummary(1, 1, 0, 0, 0, 0, 0, 12.34449, 0),
                    List.of(),
                    List.of(),
                    List.of(test)))
            .getAsJsonArray("tests")
            .get(0)
            .getAsJsonObject();
    assertThat(json.get("duration_s").getAsDouble()).isEqualTo(0.013);
    assertThat(json.get("start_s").getAsDouble()).isEqualTo(1.001);
    assertThat(json.get("end_s").getAsDouble()).as("not a number becomes 0").isEqualTo(0.0);
    assertThat(JsonReport.seconds(12.34449)).isEqualTo(12.344);
    assertThat(JsonReport.seconds(-0.0004)).isEqualTo(0.0);
  }

  @Test
  void textIsEscapedAndTheFileIsPretty() throws Exception {
    TestResult weird =
        SampleRuns.withProblem(
            result("fx.W", "odd(String)[1]", TestStatus.SKIPPED),
            SampleRuns.HOSTILE + " \"quoted\" \\ \n\t\u2603",
            null,
            1);
    Path file = dir.resolve("deep/er/report.json");
    new JsonReport(file)
        .write(
            new RunReport(
                new RunSummary(1, 0, 0, 0, 1, 0, 0, 0.5, 0), List.of(), List.of(), List.of(weird)));

    String text = Files.readString(file, StandardCharsets.UTF_8);
    JsonObject json =
        JsonParser.parseString(text)
            .getAsJsonObject()
            .getAsJsonArray("tests")
            .get(0)
            .getAsJsonObject();
    assertThat(json.get("message").getAsString())
        .isEqualTo(SampleRuns.HOSTILE + " \"quoted\" \\ \n\t\u2603");
    assertThat(text).startsWith("{\n  \"summary\": {\n    \"total\": 1,");
    assertThat(text).endsWith("}\n");
    assertThat(text).doesNotContain("\u0001");
  }

  @Test
  void writingIsAtomicAndReplacesTheOldReport() throws Exception {
    Path file = dir.resolve("report.json");
    JsonReport json = new JsonReport(file);
    assertThat(json.file()).isEqualTo(file);
    json.write(SampleRuns.mixed());
    RunReport empty =
        new RunReport(new RunSummary(0, 0, 0, 0, 0, 0, 0, 0.1, 5), List.of(), List.of(), List.of());
    json.write(empty);

    assertThat(Files.readString(file)).isEqualTo(JsonReport.toJson(empty));
    JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    assertThat(root.getAsJsonObject("summary").get("exit_code").getAsInt()).isEqualTo(5);
    assertThat(root.getAsJsonArray("tests")).isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  private JsonObject write(RunReport run) throws Exception {
    Path file = dir.resolve("report.json");
    new JsonReport(file).write(run);
    return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
  }
}
