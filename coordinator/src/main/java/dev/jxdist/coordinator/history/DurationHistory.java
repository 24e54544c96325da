package dev.jxdist.coordinator.history;

import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import dev.jxdist.coordinator.report.AtomicFiles;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The durations measured in earlier runs, by JUnit unique id: of tests, and of top-level classes
 * that ran as one unit. Kept in a JSON file, by default {@code <project>/.jxdist/durations.json}:
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "run": 12,
 *   "worker_start_s": 1.31,
 *   "durations": {
 *     "[engine:junit-jupiter]/[class:fx.SlowTest]": {"seconds": 2.5, "runs": 4, "last_run": 12},
 *     "[engine:junit-jupiter]/[class:fx.SlowTest]/[method:waits()]": {"seconds": 1.23, ...}
 *   }
 * }
 * }</pre>
 *
 * <p>{@code run} counts the runs recorded; {@code runs} is how many of them measured an id and
 * {@code last_run} the last one that did (both optional when read: a file with only {@code seconds}
 * and {@code runs} is accepted). {@code worker_start_s} is how long a local worker took from its
 * start to its plan (optional; a moving average as the durations are).
 *
 * <p><b>Moving average.</b> A new measurement {@code x} moves the estimate {@code s} to {@code 0.3
 * x + 0.7 s} (an exponentially weighted moving average; the first measurement is taken as it is).
 * One run on a busy machine that took twice as long moves the estimate by 30% only, and the next
 * ordinary runs pull it back; a test that really became slower is 83% of the way to its new
 * duration after five runs ({@code 1 - 0.7^5}). Scheduling needs the order of the durations more
 * than their exact values, so a steady estimate is worth more than a quick one.
 *
 * <p><b>Ageing.</b> An id that no run measured for {@value #KEEP_RUNS} runs in a row is dropped (a
 * test that was deleted or renamed), so the file does not grow forever. Ids a run did not measure
 * (a {@code --select-class} run, a skipped test) keep their estimate until then.
 *
 * <p><b>Robustness.</b> A missing file is an empty history. A file that cannot be read, is not
 * valid, or is of another version is ignored, with {@link #warning()} saying so; the history is
 * then empty and {@link #save()} replaces the file. Saving is atomic (temporary file, then rename):
 * a reader sees the old file or the new one; of two runs saving at once, the last wins.
 *
 * <p>Not thread-safe.
 */
public final class DurationHistory {

  /** The file format this class reads and writes. */
  public static final int VERSION = 1;

  /** The weight of the newest measurement in the moving average. */
  static final double NEWEST_WEIGHT = 0.3;

  /** Runs in a row an id may go unmeasured before it is dropped. */
  static final int KEEP_RUNS = 20;

  /** Where the history of a project lives, relative to the project's directory. */
  public static final Path DEFAULT_FILE = Path.of(".jxdist", "durations.json");

  /**
   * What is known of one id.
   *
   * @param seconds the moving average of its measurements
   * @param runs how many runs measured it
   * @param lastRun the number of the last run that measured it
   */
  record Entry(double seconds, int runs, int lastRun) {}

  private final Path file;
  private final NavigableMap<String, Entry> entries;
  private final Optional<String> warning;
  private int run;
  private OptionalDouble workerStart;

  private DurationHistory(
      Path file,
      NavigableMap<String, Entry> entries,
      int run,
      OptionalDouble workerStart,
      Optional<String> warning) {
    this.file = file;
    this.entries = entries;
    this.run = run;
    this.workerStart = workerStart;
    this.warning = warning;
  }

  /**
   * Reads the history in {@code file}. Never fails: a missing file is an empty history, and a file
   * that cannot be used is an empty history with a {@link #warning()}.
   */
  public static DurationHistory load(Path file) {
    Objects.requireNonNull(file, "file");
    try (JsonReader in = new JsonReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
      in.setStrictness(Strictness.LENIENT); // as Gson's parser read: a NaN is read, refused below
      DurationHistory history = read(file, in);
      if (in.peek() != JsonToken.END_DOCUMENT) {
        throw new Invalid("it is not valid JSON");
      }
      return history;
    } catch (NoSuchFileException e) {
      return new DurationHistory(
          file, new TreeMap<>(), 0, OptionalDouble.empty(), Optional.empty());
    } catch (MalformedJsonException | EOFException | IllegalStateException e) {
      return ignored(file, "it is not valid JSON");
    } catch (IOException e) {
      return ignored(file, cannotRead(e));
    } catch (Invalid e) {
      return ignored(file, e.getMessage());
    }
  }

  /** The file this history is read from and saved to. */
  public Path file() {
    return file;
  }

  /**
   * One line for the user when the file was there but could not be used, naming it and why; empty
   * otherwise.
   */
  public Optional<String> warning() {
    return warning;
  }

  /** True when nothing is known. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The number of ids known. */
  public int size() {
    return entries.size();
  }

  /** The estimated duration of {@code uniqueId} in seconds, if it was ever measured. */
  public OptionalDouble seconds(String uniqueId) {
    Entry e = entries.get(uniqueId);
    return e == null ? OptionalDouble.empty() : OptionalDouble.of(e.seconds());
  }

  /** How many runs measured {@code uniqueId} (0 if none did). */
  public int runs(String uniqueId) {
    Entry e = entries.get(uniqueId);
    return e == null ? 0 : e.runs();
  }

  /**
   * How long a local worker took from its start to its plan, in seconds (a moving average over the
   * runs that measured it); empty if no run did.
   */
  public OptionalDouble workerStart() {
    return workerStart;
  }

  /**
   * The seconds of work the last run measured, if it measured any: each top-level class it ran
   * whole at its unit's time, the tests of the others at theirs (an estimate of the suite's work
   * that the next run can have before its plan).
   */
  public OptionalDouble lastRunWork() {
    double sum = 0;
    boolean any = false;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Entry entry = e.getValue();
      if (entry.lastRun() != run) {
        continue;
      }
      String id = e.getKey();
      String topLevel = topLevel(id);
      if (topLevel.equals(id)) {
        sum += entry.seconds();
        any = true;
      } else {
        Entry container = entries.get(topLevel);
        if (container == null || container.lastRun() != run) {
          sum += entry.seconds();
          any = true;
        }
      }
    }
    return any ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }

  /** The id's first two segments ({@code [engine:e]/[class:c]}): its top-level container. */
  private static String topLevel(String uniqueId) {
    int engineEnd = uniqueId.indexOf("]/[");
    if (engineEnd < 0) {
      return uniqueId;
    }
    int containerEnd = uniqueId.indexOf("]/[", engineEnd + 3);
    return containerEnd < 0 ? uniqueId : uniqueId.substring(0, containerEnd + 1);
  }

  /**
   * Every known id below {@code uniqueId} in JUnit's id tree (its segments followed by {@code /}),
   * with its estimate: e.g. the invocations of a parameterized test.
   */
  Map<String, Double> below(String uniqueId) {
    String prefix = uniqueId + "/";
    Map<String, Double> out = new TreeMap<>();
    // Every id that starts with the prefix sorts between it and the prefix followed by the
    // largest char.
    entries
        .subMap(prefix, true, prefix + Character.MAX_VALUE, false)
        .forEach((id, e) -> out.put(id, e.seconds()));
    return out;
  }

  /**
   * Records one run's measurements (seconds by unique id): each moves its id's moving average; ids
   * it does not name keep theirs, and those unmeasured for {@value #KEEP_RUNS} runs are dropped.
   * Not saved until {@link #save()}.
   */
  public void record(Map<String, Double> measured) {
    for (Map.Entry<String, Double> m : measured.entrySet()) {
      double x = m.getValue();
      if (!Double.isFinite(x) || x < 0) {
        throw new IllegalArgumentException(
            "a duration must be a finite number of seconds of at least 0, got "
                + x
                + " for "
                + m.getKey());
      }
    }
    run++;
    for (Map.Entry<String, Double> m : measured.entrySet()) {
      double x = m.getValue();
      Entry old = entries.get(m.getKey());
      Entry now =
          old == null
              ? new Entry(x, 1, run)
              : new Entry(
                  NEWEST_WEIGHT * x + (1 - NEWEST_WEIGHT) * old.seconds(),
                  old.runs() == Integer.MAX_VALUE ? old.runs() : old.runs() + 1,
                  run);
      entries.put(m.getKey(), now);
    }
    entries.values().removeIf(e -> run - e.lastRun() >= KEEP_RUNS);
  }

  /**
   * Records how long this run's local workers took from their start to their plan ({@code seconds},
   * typically their median), into the moving average. Recorded with the run's durations, after
   * {@link #record}.
   */
  public void recordWorkerStart(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      throw new IllegalArgumentException(
          "a worker's start is a finite number of seconds of at least 0, got " + seconds);
    }
    workerStart =
        OptionalDouble.of(
            workerStart.isEmpty()
                ? seconds
                : NEWEST_WEIGHT * seconds + (1 - NEWEST_WEIGHT) * workerStart.getAsDouble());
  }

  /** Writes the history to its file atomically, creating the file's directory when needed. */
  public void save() throws IOException {
    AtomicFiles.writeUtf8(
        file,
        out -> {
          out.write("{\n  \"version\": " + VERSION + ",\n  \"run\": " + run + ",\n");
          if (workerStart.isPresent()) {
            out.write("  \"worker_start_s\": " + decimal(workerStart.getAsDouble()) + ",\n");
          }
          out.write("  \"durations\": {");
          String separator = "\n";
          for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry entry = e.getValue();
            out.write(separator);
            out.write(
                "    "
                    + new JsonPrimitive(e.getKey())
                    + ": {\"seconds\": "
                    + decimal(entry.seconds())
                    + ", \"runs\": "
                    + entry.runs()
                    + ", \"last_run\": "
                    + entry.lastRun()
                    + "}");
            separator = ",\n";
          }
          out.write(entries.isEmpty() ? "}\n}\n" : "\n  }\n}\n");
        });
  }

  /** The entries, for tests. */
  Map<String, Entry> entries() {
    return Collections.unmodifiableMap(entries);
  }

  /** {@code seconds} to microseconds, as JSON writes it (no exponent, no trailing zeros). */
  private static String decimal(double seconds) {
    return BigDecimal.valueOf(seconds)
        .setScale(6, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String cannotRead(Throwable e) {
    return "it cannot be read ("
        + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage())
        + ")";
  }

  private static DurationHistory ignored(Path file, String why) {
    return new DurationHistory(
        file,
        new TreeMap<>(),
        0,
        OptionalDouble.empty(),
        Optional.of(
            "ignored the durations history "
                + file
                + ": "
                + why
                + "; it is started afresh after this run"));
  }

  /** Why a file is not a history this class can use. */
  private static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads the history as it streams by: a file of a million ids is 110 MB, and a tree of it first
   * took seconds the run waited for. Checks what Gson's tree was checked for, in the same order
   * (the version first, then the run, then the entries).
   */
  private static DurationHistory read(Path file, JsonReader in) throws IOException, Invalid {
    if (in.peek() != JsonToken.BEGIN_OBJECT) {
      throw new Invalid("it is not a JSON object");
    }
    Integer version = null;
    Integer run = null;
    boolean hasRun = false;
    boolean hasWorkerStart = false;
    double workerStart = Double.NaN;
    Entries durations = null;
    in.beginObject();
    while (in.hasNext()) {
      switch (in.nextName()) {
        case "version" -> version = wholeNumber(in);
        case "run" -> {
          hasRun = true;
          run = wholeNumber(in);
        }
        case "worker_start_s" -> {
          hasWorkerStart = true;
          if (in.peek() == JsonToken.NUMBER) {
            workerStart = in.nextDouble();
          } else {
            in.skipValue();
          }
        }
        case "durations" -> durations = Entries.read(in);
        default -> in.skipValue();
      }
    }
    in.endObject();
    if (version == null) {
      throw new Invalid("it has no \"version\"");
    }
    if (version != VERSION) {
      throw new Invalid("it is version " + version + ", this jxdist reads version " + VERSION);
    }
    int runs = 0;
    if (hasRun) {
      if (run == null || run < 0) {
        throw new Invalid("its \"run\" is not a count of runs");
      }
      runs = run;
    }
    if (durations == null) {
      throw new Invalid("it has no \"durations\" object");
    }
    if (hasWorkerStart && !(Double.isFinite(workerStart) && workerStart >= 0)) {
      throw new Invalid("its \"worker_start_s\" is not a number of seconds of at least 0");
    }
    return new DurationHistory(
        file,
        durations.checked(runs),
        runs,
        hasWorkerStart ? OptionalDouble.of(workerStart) : OptionalDouble.empty(),
        Optional.empty());
  }

  /**
   * The entries of a file's {@code durations} as read, before the file's run count is known (it may
   * come after them): an entry without {@code last_run} was measured by the last run.
   */
  private static final class Entries {
    private static final int LAST = Integer.MIN_VALUE;

    private final NavigableMap<String, Entry> read = new TreeMap<>();
    private String problem;

    /** The object at {@code in}, or null (and the value skipped) if it is not an object. */
    static Entries read(JsonReader in) throws IOException {
      if (in.peek() != JsonToken.BEGIN_OBJECT) {
        in.skipValue();
        return null;
      }
      Entries entries = new Entries();
      in.beginObject();
      while (in.hasNext()) {
        String id = in.nextName();
        entries.add(id, in);
      }
      in.endObject();
      return entries;
    }

    private void add(String id, JsonReader in) throws IOException {
      if (in.peek() != JsonToken.BEGIN_OBJECT) {
        in.skipValue();
        problem(id, "is not an object");
        return;
      }
      double seconds = Double.NaN;
      Integer runs = null;
      boolean hasLastRun = false;
      Integer lastRun = null;
      in.beginObject();
      while (in.hasNext()) {
        switch (in.nextName()) {
          case "seconds" -> {
            if (in.peek() == JsonToken.NUMBER) {
              seconds = in.nextDouble();
            } else {
              in.skipValue();
            }
          }
          case "runs" -> runs = wholeNumber(in);
          case "last_run" -> {
            hasLastRun = true;
            lastRun = wholeNumber(in);
          }
          default -> in.skipValue();
        }
      }
      in.endObject();
      if (!Double.isFinite(seconds) || seconds < 0) {
        problem(id, "has no \"seconds\" of at least 0");
      } else if (runs == null || runs < 1) {
        problem(id, "has no \"runs\" of at least 1");
      } else if (hasLastRun && lastRun == null) {
        problem(id, "has a \"last_run\" that is not one of the runs");
      } else {
        read.put(id, new Entry(seconds, runs, hasLastRun ? lastRun : LAST));
      }
    }

    private void problem(String id, String what) {
      if (problem == null) {
        problem = "the entry of " + id + " " + what;
      }
    }

    /** The entries of a file that counts {@code run} runs; the first problem, as an error. */
    NavigableMap<String, Entry> checked(int run) throws Invalid {
      if (problem != null) {
        throw new Invalid(problem);
      }
      for (Map.Entry<String, Entry> e : read.entrySet()) {
        Entry entry = e.getValue();
        if (entry.lastRun() == LAST) {
          e.setValue(new Entry(entry.seconds(), entry.runs(), run));
        } else if (entry.lastRun() > run) {
          throw new Invalid(
              "the entry of " + e.getKey() + " has a \"last_run\" that is not one of the runs");
        }
      }
      return read;
    }
  }

  /**
   * The next value if it is a whole number that fits an int ({@code 3}, and {@code 3.0} and {@code
   * 3e0} too, as Gson's tree took them), else null; the value is read either way.
   */
  private static Integer wholeNumber(JsonReader in) throws IOException {
    if (in.peek() != JsonToken.NUMBER) {
      in.skipValue();
      return null;
    }
    String literal = in.nextString();
    try {
      return Integer.parseInt(literal);
    } catch (NumberFormatException notPlain) {
      try {
        return new BigDecimal(literal).intValueExact();
      } catch (ArithmeticException | NumberFormatException notAnInt) {
        return null;
      }
    }
  }
}
