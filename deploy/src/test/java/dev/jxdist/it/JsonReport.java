package dev.jxdist.it;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The parts of a {@code --report-json} file the end-to-end tests look at, read strictly: a missing
 * field is a test failure naming the field.
 *
 * @param summary the run's counts
 * @param workers the workers of the run
 * @param hosts the SSH hosts of the run (empty for a local run)
 * @param tests one entry per test
 */
record JsonReport(Summary summary, List<Worker> workers, List<Host> hosts, List<Entry> tests) {

  /**
   * The {@code summary} object.
   *
   * @param total all tests
   * @param passed passed
   * @param failed failed
   * @param errors errors
   * @param skipped skipped
   * @param crashed crashed
   * @param exitCode the exit code the run ended with
   * @param assumptionFailures tests skipped by a failed assumption (the JUnit Platform says
   *     aborted; counted in {@code skipped} too), -1 if the report has no {@code
   *     assumption_failures} field
   * @param aborted the same under its old name, -1 if the report has no {@code aborted} field
   * @param flaky tests that passed on a rerun (counted in {@code passed} too), -1 if the report has
   *     no {@code flaky} field
   */
  record Summary(
      int total,
      int passed,
      int failed,
      int errors,
      int skipped,
      int crashed,
      int exitCode,
      int assumptionFailures,
      int aborted,
      int flaky) {

    /** The counts Surefire reports too, to compare with {@link ReportTotals}. */
    ReportTotals totals() {
      return new ReportTotals(total, failed, errors, skipped);
    }
  }

  /**
   * One entry of {@code workers}.
   *
   * @param id the worker id ({@code w1}, ...)
   * @param tests how many tests it ran
   * @param state how its life ended (finished, crashed, ...)
   * @param classes the classes it ran, in order (empty if the report has none)
   * @param slot its slot ({@code JXDIST_WORKER}), empty if the report has none
   * @param units the units it ran, in order, each as the unique ids it selected
   */
  record Worker(
      String id,
      int tests,
      String state,
      List<String> classes,
      String slot,
      List<List<String>> units) {}

  /**
   * One entry of {@code hosts}, with its code sync figures.
   *
   * @param name the host as the host list names it
   * @param workers how many workers ran there
   * @param files the files the run needs there
   * @param filesUploaded how many of them were sent
   * @param bytesUploaded how many bytes were sent
   */
  record Host(String name, int workers, int files, int filesUploaded, long bytesUploaded) {}

  /**
   * One entry of a test's {@code attempts}.
   *
   * @param worker the worker it ran on
   * @param host that worker's host
   * @param status how this attempt ended
   * @param durationS how long it ran, in seconds
   */
  record Attempt(String worker, String host, String status, double durationS) {}

  /**
   * One entry of {@code tests}.
   *
   * @param id the JUnit unique id
   * @param className the test's class
   * @param name the test's name
   * @param status passed, failed, error, skipped, crashed or flaky
   * @param worker the worker it ran on
   * @param host the host it ran on
   * @param message the failure message or skip reason, empty if none
   * @param module the id ({@code groupId:artifactId}) of the Maven module the test belongs to,
   *     empty if the report does not say
   * @param junitStatus the JUnit Platform's own view (successful, failed, aborted, skipped), empty
   *     if the report does not say
   * @param durationS how long it ran, in seconds (rounded to milliseconds), 0 if the report does
   *     not say
   * @param startS when it started, in seconds since the run started (0 if not given)
   * @param endS when it ended, likewise
   * @param attempts each run of the test, the last one last (empty if the report gives them as a
   *     number, as before reruns)
   */
  record Entry(
      String id,
      String className,
      String name,
      String status,
      String worker,
      String host,
      String message,
      String module,
      String junitStatus,
      double durationS,
      double startS,
      double endS,
      List<Attempt> attempts) {}

  /** Reads and parses {@code file}. */
  static JsonReport read(Path file) {
    JsonObject root;
    try {
      root =
          JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the JSON report " + file, e);
    }
    JsonObject s = object(root, "summary");
    Summary summary =
        new Summary(
            integer(s, "total"),
            integer(s, "passed"),
            integer(s, "failed"),
            integer(s, "errors"),
            integer(s, "skipped"),
            integer(s, "crashed"),
            integer(s, "exit_code"),
            optionalInteger(s, "assumption_failures"),
            optionalInteger(s, "aborted"),
            optionalInteger(s, "flaky"));
    List<Worker> workers = new ArrayList<>();
    for (JsonElement e : array(root, "workers")) {
      JsonObject w = e.getAsJsonObject();
      List<String> classes = new ArrayList<>();
      if (w.has("classes")) {
        w.getAsJsonArray("classes").forEach(c -> classes.add(c.getAsString()));
      }
      List<List<String>> units = new ArrayList<>();
      if (w.has("units")) {
        for (JsonElement unit : w.getAsJsonArray("units")) {
          List<String> ids = new ArrayList<>();
          unit.getAsJsonArray().forEach(id -> ids.add(id.getAsString()));
          units.add(List.copyOf(ids));
        }
      }
      workers.add(
          new Worker(
              string(w, "id"),
              integer(w, "tests"),
              string(w, "state"),
              List.copyOf(classes),
              optionalString(w, "slot"),
              List.copyOf(units)));
    }
    List<Entry> tests = new ArrayList<>();
    for (JsonElement e : array(root, "tests")) {
      JsonObject t = e.getAsJsonObject();
      List<Attempt> attempts = new ArrayList<>();
      if (t.has("attempts") && t.get("attempts").isJsonArray()) {
        for (JsonElement a : t.getAsJsonArray("attempts")) {
          JsonObject attempt = a.getAsJsonObject();
          attempts.add(
              new Attempt(
                  string(attempt, "worker"),
                  string(attempt, "host"),
                  string(attempt, "status"),
                  field(attempt, "duration_s").getAsDouble()));
        }
      }
      tests.add(
          new Entry(
              string(t, "id"),
              string(t, "class"),
              string(t, "name"),
              string(t, "status"),
              optionalString(t, "worker"),
              optionalString(t, "host"),
              optionalString(t, "message"),
              optionalString(t, "module"),
              optionalString(t, "junit_status"),
              t.has("duration_s") ? t.get("duration_s").getAsDouble() : 0,
              t.has("start_s") ? t.get("start_s").getAsDouble() : 0,
              t.has("end_s") ? t.get("end_s").getAsDouble() : 0,
              List.copyOf(attempts)));
    }
    List<Host> hosts = new ArrayList<>();
    if (root.has("hosts")) {
      for (JsonElement e : array(root, "hosts")) {
        JsonObject h = e.getAsJsonObject();
        JsonObject sync = object(h, "sync");
        hosts.add(
            new Host(
                string(h, "name"),
                integer(h, "workers"),
                integer(sync, "files"),
                integer(sync, "files_uploaded"),
                sync.get("bytes_uploaded").getAsLong()));
      }
    }
    return new JsonReport(summary, List.copyOf(workers), List.copyOf(hosts), List.copyOf(tests));
  }

  /** The tests whose class is exactly {@code className}. */
  List<Entry> testsOf(String className) {
    return tests.stream().filter(t -> t.className().equals(className)).collect(Collectors.toList());
  }

  /** The one test whose unique id contains {@code idPart}; fails unless there is exactly one. */
  Entry test(String idPart) {
    List<Entry> found =
        tests.stream().filter(t -> t.id().contains(idPart)).collect(Collectors.toList());
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one test with an id containing " + idPart + " but found " + found);
    }
    return found.get(0);
  }

  private static JsonObject object(JsonObject parent, String name) {
    return field(parent, name).getAsJsonObject();
  }

  private static Iterable<JsonElement> array(JsonObject parent, String name) {
    return field(parent, name).getAsJsonArray();
  }

  private static int integer(JsonObject parent, String name) {
    return field(parent, name).getAsInt();
  }

  private static String string(JsonObject parent, String name) {
    return field(parent, name).getAsString();
  }

  private static int optionalInteger(JsonObject parent, String name) {
    JsonElement e = parent.get(name);
    return e == null || e.isJsonNull() ? -1 : e.getAsInt();
  }

  private static String optionalString(JsonObject parent, String name) {
    JsonElement e = parent.get(name);
    return e == null || e.isJsonNull() ? "" : e.getAsString();
  }

  private static JsonElement field(JsonObject parent, String name) {
    JsonElement e = parent.get(name);
    if (e == null || e.isJsonNull()) {
      throw new AssertionError("JSON report: no field \"" + name + "\" in " + parent);
    }
    return e;
  }
}
