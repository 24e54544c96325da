package dev.jxdist.coordinator.report;

import com.google.gson.stream.JsonWriter;
import dev.jxdist.common.model.ThrowableInfo;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a run as the JSON report of {@code --report-json}: {@code summary}, {@code workers},
 * {@code hosts} and {@code tests}, field names in lower_snake case, seconds as numbers rounded to
 * three decimals. The shape is a contract with the users' scripts: fields are added; a field that
 * is renamed keeps its old name too, for one version.
 *
 * <pre>{@code
 * {"summary": {"total", "passed", "failed", "errors", "skipped", "crashed", "flaky", "wall_s",
 *              "exit_code", "started_at", "assumption_failures", "aborted"},
 *  "workers": [{"id", "slot", "host", "pid", "tests", "state", "module", "ready_s", "classes",
 *               "units"}],
 *  "hosts":   [{"name", "workers", "sync": {"files", "files_uploaded", "bytes_uploaded",
 *                                           "seconds"}}],
 *  "tests":   [{"id", "class", "name", "status", "duration_s", "worker", "host", "start_s",
 *               "end_s", "attempts": [{"worker", "host", "status", "duration_s"}], "message",
 *               "module", "junit_status", "stack_trace", "stdout", "stderr"}],
 *  "class_times": [{"id", "class", "seconds", "worker", "end_s"}],
 *  "shard": {"index", "count", "plan", "split", "by", "planned_tests", "units_total",
 *            "units": [{"module", "id"}]}}
 * }</pre>
 *
 * <p>{@code shard} is there in the report of one shard of a split run ({@code --shard I/N}, see
 * {@link ShardSection}) and in a merge of shards' reports (with {@code index} 0 and the units of
 * all shards); never in a whole run's.
 *
 * <p>{@code started_at} is when the run started (ISO-8601, UTC, milliseconds): the instant the
 * tests' {@code start_s} and {@code end_s} count from, after the build was asked and the hosts
 * prepared; absent when unknown. {@code status} counts as Surefire does (a test aborted by a failed
 * assumption is skipped); {@code junit_status} keeps the JUnit Platform's own word ({@code
 * successful}, {@code failed}, {@code aborted}, {@code skipped}), and {@code
 * summary.assumption_failures} counts the tests skipped by a failed assumption (already counted in
 * {@code skipped}). {@code summary.aborted} is the same number under its old name, kept through the
 * 0.1 versions for scripts that read it; it goes in 0.2.0. {@code attempts} lists every run of the
 * test, the last one last: one entry, or more with {@code --reruns} (a {@code flaky} test passed on
 * its last). A worker's {@code classes} are the units it ran, in order: the classes that shared its
 * JVM. A test's {@code stack_trace}, {@code stdout} and {@code stderr} are empty when it has none;
 * {@code class_times} are the {@link UnitTime}s: how long each top-level class took on its worker
 * as a whole, set-up and tear-down included, and when it was done (it started {@code seconds}
 * before). The report holds everything the HTML report shows, so that one can be made from the JSON
 * alone.
 */
public final class JsonReport {

  private final Path file;
  private final Optional<ShardSection> shard;

  /** Writes to {@code file}, creating its parent directories when needed. */
  public JsonReport(Path file) {
    this(file, Optional.empty());
  }

  /** Writes to {@code file}, with the {@code shard} section of a shard's run if given. */
  public JsonReport(Path file, Optional<ShardSection> shard) {
    this.file = Objects.requireNonNull(file, "file");
    this.shard = Objects.requireNonNull(shard, "shard");
  }

  /** The file this report is written to. */
  public Path file() {
    return file;
  }

  /** Writes {@code report} to the file, atomically (a reader never sees half a report). */
  public void write(RunReport report) throws IOException {
    Objects.requireNonNull(report, "report");
    AtomicFiles.writeUtf8(file, out -> write(report, shard, out));
  }

  /** {@code report} as the pretty-printed JSON text the file gets. */
  public static String toJson(RunReport report) {
    return toJson(report, Optional.empty());
  }

  /** {@code report} with a shard's {@code shard} section, as the JSON text the file gets. */
  public static String toJson(RunReport report, Optional<ShardSection> shard) {
    StringWriter text = new StringWriter();
    try {
      write(report, shard, text);
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to a string failed", e);
    }
    return text.toString();
  }

  private static void write(RunReport report, Optional<ShardSection> shard, Writer out)
      throws IOException {
    JsonWriter json = new JsonWriter(out);
    json.setIndent("  ");
    json.beginObject();

    RunSummary summary = report.summary();
    json.name("summary").beginObject();
    json.name("total").value(summary.total());
    json.name("passed").value(summary.passed());
    json.name("failed").value(summary.failed());
    json.name("errors").value(summary.errors());
    json.name("skipped").value(summary.skipped());
    json.name("crashed").value(summary.crashed());
    json.name("flaky").value(summary.flaky());
    json.name("wall_s").value(seconds(summary.wallS()));
    json.name("exit_code").value(summary.exitCode());
    if (summary.startedAt() != null) {
      json.name("started_at").value(summary.startedAt().truncatedTo(ChronoUnit.MILLIS).toString());
    }
    long assumptionFailures = report.tests().stream().filter(TestResult::aborted).count();
    json.name("assumption_failures").value(assumptionFailures);
    // The old name, which read like "the run was aborted": kept through 0.1.x, gone in 0.2.0.
    json.name("aborted").value(assumptionFailures);
    json.endObject();

    json.name("workers").beginArray();
    for (WorkerSummary worker : report.workers()) {
      json.beginObject();
      json.name("id").value(worker.id());
      json.name("slot").value(worker.slot());
      json.name("host").value(worker.host());
      json.name("pid").value(worker.pid());
      json.name("tests").value(worker.tests());
      json.name("state").value(worker.state());
      json.name("module").value(worker.module());
      if (Double.isFinite(worker.readyS())) {
        json.name("ready_s").value(seconds(worker.readyS()));
      }
      json.name("classes").beginArray();
      for (String cls : worker.classes()) {
        json.value(cls);
      }
      json.endArray();
      json.name("units").beginArray();
      for (List<String> unit : worker.units()) {
        json.beginArray();
        for (String id : unit) {
          json.value(id);
        }
        json.endArray();
      }
      json.endArray();
      json.endObject();
    }
    json.endArray();

    json.name("hosts").beginArray();
    for (HostSummary host : report.hosts()) {
      json.beginObject();
      json.name("name").value(host.name());
      json.name("workers").value(host.workers());
      SyncStats sync = host.sync();
      json.name("sync").beginObject();
      json.name("files").value(sync.files());
      json.name("files_uploaded").value(sync.filesUploaded());
      json.name("bytes_uploaded").value(sync.bytesUploaded());
      json.name("seconds").value(seconds(sync.seconds()));
      json.endObject();
      json.endObject();
    }
    json.endArray();

    json.name("tests").beginArray();
    for (TestResult test : report.tests()) {
      json.beginObject();
      json.name("id").value(test.uniqueId());
      json.name("class").value(test.className());
      json.name("name").value(test.name());
      json.name("status").value(test.status().jsonName());
      json.name("duration_s").value(seconds(test.durationS()));
      json.name("worker").value(test.worker());
      json.name("host").value(test.host());
      json.name("start_s").value(seconds(test.startS()));
      json.name("end_s").value(seconds(test.endS()));
      json.name("attempts").beginArray();
      for (Attempt attempt : test.allAttempts()) {
        json.beginObject();
        json.name("worker").value(attempt.worker());
        json.name("host").value(attempt.host());
        json.name("status").value(attempt.status().jsonName());
        json.name("duration_s").value(seconds(attempt.durationS()));
        json.endObject();
      }
      json.endArray();
      json.name("message").value(test.message());
      json.name("module").value(test.module());
      json.name("junit_status").value(test.junitStatus());
      json.name("stack_trace").value(test.throwable().map(ThrowableInfo::stackTrace).orElse(""));
      json.name("stdout").value(test.stdout());
      json.name("stderr").value(test.stderr());
      json.endObject();
    }
    json.endArray();

    json.name("class_times").beginArray();
    for (UnitTime unit : report.units()) {
      json.beginObject();
      json.name("id").value(unit.uniqueId());
      json.name("class").value(unit.className());
      json.name("seconds").value(seconds(unit.seconds()));
      json.name("worker").value(unit.worker());
      json.name("end_s").value(seconds(unit.endS()));
      json.endObject();
    }
    json.endArray();

    if (shard.isPresent()) {
      writeShard(shard.get(), json);
    }

    json.endObject();
    json.flush();
    out.write('\n');
  }

  private static void writeShard(ShardSection shard, JsonWriter json) throws IOException {
    json.name("shard").beginObject();
    json.name("index").value(shard.index());
    json.name("count").value(shard.count());
    json.name("plan").value(shard.plan());
    json.name("split").value(shard.split());
    json.name("by").value(shard.by());
    json.name("planned_tests").value(shard.plannedTests());
    json.name("units_total").value(shard.unitsTotal());
    json.name("units").beginArray();
    for (ShardSection.Unit unit : shard.units()) {
      json.beginObject();
      json.name("module").value(unit.module());
      json.name("id").value(unit.id());
      json.endObject();
    }
    json.endArray();
    json.endObject();
  }

  /**
   * {@code seconds} rounded half-up to milliseconds. JSON has no NaN or infinity: a value that is
   * not finite (a clock that was never read) is written as 0.
   */
  static double seconds(double seconds) {
    if (!Double.isFinite(seconds)) {
      return 0.0;
    }
    return BigDecimal.valueOf(seconds).setScale(3, RoundingMode.HALF_UP).doubleValue();
  }
}
