package dev.jxdist.coordinator.report;

import dev.jxdist.common.model.ThrowableInfo;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the console prints when a run is over: every failed, error and crashed test with its
 * message, stack trace and the tail of its output (in the manner of Surefire's and Gradle's failure
 * listings), the slowest tests and classes when asked for ({@link DurationsReport}), the flaky
 * tests, workers that crashed or never started, code sync per host, and last the {@link
 * SummaryLine}.
 *
 * <p>Stack traces are shortened for reading: a run of JUnit, reflection and jxdist worker frames
 * below the first frame of the test's own code becomes one {@code ... N framework frames} line, and
 * a trace is cut after {@value #MAX_TRACE_LINES} lines. The XML report keeps them whole.
 */
final class ConsoleSummary {

  static final int MAX_TRACE_LINES = 40;
  static final int OUTPUT_TAIL_LINES = 20;

  private static final String INDENT = "    ";

  /** Packages whose frames are collapsed (module and class loader prefixes are ignored). */
  private static final String[] FRAMEWORK_FRAMES = {
    "org.junit.",
    "org.opentest4j.",
    "junit.framework.",
    "dev.jxdist.worker.",
    "jdk.internal.",
    "sun.reflect.",
    "java.lang.reflect.",
    "java.util.",
    "java.lang.Thread.",
  };

  private ConsoleSummary() {}

  /** The end-of-run text, ending with the summary line and a line break. */
  static String render(RunReport report) {
    return render(report, 0);
  }

  /**
   * The end-of-run text with the {@code durationsReport} slowest tests and classes after the
   * failures (none for 0), ending with the summary line and a line break.
   */
  static String render(RunReport report, int durationsReport) {
    StringBuilder out = new StringBuilder();
    List<TestResult> failures = new ArrayList<>();
    List<TestResult> flaky = new ArrayList<>();
    for (TestResult test : report.tests()) {
      if (isFailure(test.status())) {
        failures.add(test);
      } else if (test.status() == TestStatus.FLAKY) {
        flaky.add(test);
      }
    }

    if (!failures.isEmpty()) {
      out.append('\n').append("Failures (").append(failures.size()).append("):\n");
      int number = 0;
      for (TestResult test : failures) {
        number++;
        out.append('\n');
        failure(out, number, test);
      }
    }

    if (durationsReport > 0) {
      String slowest = DurationsReport.render(report, durationsReport);
      if (!slowest.isEmpty()) {
        out.append('\n').append(slowest);
      }
    }

    List<String> notes = new ArrayList<>();
    for (TestResult test : flaky) {
      notes.add(
          "flaky: "
              + title(test)
              + " failed, then passed ("
              + test.attempts()
              + (test.attempts() == 1 ? " attempt)" : " attempts)"));
    }
    for (WorkerSummary worker : report.workers()) {
      String who =
          printable(
              "worker "
                  + worker.id()
                  + " ("
                  + worker.host()
                  + (worker.pid() > 0 ? ", pid " + worker.pid() : "")
                  + ")");
      if ("failed".equals(worker.state())) {
        notes.add(who + " did not take part");
      } else if (!"finished".equals(worker.state()) && !"unused".equals(worker.state())) {
        notes.add(
            who
                + " "
                + printable(worker.state())
                + " after "
                + worker.tests()
                + (worker.tests() == 1 ? " test" : " tests"));
      }
    }
    for (HostSummary host : report.hosts()) {
      SyncStats sync = host.sync();
      if (sync.files() > 0) {
        notes.add(
            String.format(
                Locale.ROOT,
                "sync %s: %d of %d files uploaded (%s) in %.1fs",
                printable(host.name()),
                sync.filesUploaded(),
                sync.files(),
                bytes(sync.bytesUploaded()),
                sync.seconds()));
      }
    }
    out.append('\n');
    for (String note : notes) {
      out.append(note).append('\n');
    }
    out.append(SummaryLine.of(report)).append('\n');
    return out.toString();
  }

  static boolean isFailure(TestStatus status) {
    return status == TestStatus.FAILED
        || status == TestStatus.ERROR
        || status == TestStatus.CRASHED;
  }

  /**
   * {@code fx.CalcTest > add(int)[2]}; a whole class's result by its class alone; a test that a
   * suite of another class ran (a JUnit 3 {@code suite()}'s tester) with that suite first: {@code
   * fx.SetsTest > fx.AddTester > testAdd}.
   */
  static String title(TestResult test) {
    String cls = test.className();
    if (cls.isEmpty() || cls.equals(test.name())) {
      return printable(test.name());
    }
    String suite = test.surefire().suite();
    boolean ownSuite = suite.isEmpty() || cls.equals(suite) || cls.startsWith(suite + "$");
    return printable((ownSuite ? "" : suite + " > ") + cls + " > " + test.name());
  }

  /**
   * {@code text} with control characters as {@code '?'}: a name or an id must not move the cursor
   * ({@code '\r'}) or talk to the terminal (escape codes).
   */
  static String printable(String text) {
    StringBuilder clean = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        if (clean == null) {
          clean = new StringBuilder(text.length()).append(text, 0, i);
        }
        clean.append('?');
      } else if (clean != null) {
        clean.append(c);
      }
    }
    return clean == null ? text : clean.toString();
  }

  private static void failure(StringBuilder out, int number, TestResult test) {
    out.append(number).append(") ").append(title(test)).append("  ");
    out.append(test.status().name());
    List<String> where = new ArrayList<>();
    if (!test.worker().isEmpty()) {
      where.add(
          printable(test.host().isEmpty() ? test.worker() : test.worker() + " on " + test.host()));
    }
    if (test.durationS() > 0) {
      where.add(String.format(Locale.ROOT, "%.3fs", test.durationS()));
    }
    if (test.attempts() > 1) {
      where.add(test.attempts() + " attempts");
    }
    if (!where.isEmpty()) {
      out.append("  (").append(String.join(", ", where)).append(')');
    }
    out.append('\n');

    Optional<ThrowableInfo> thrown = test.throwable();
    String trace = thrown.map(ThrowableInfo::stackTrace).orElse("");
    String firstTraceLine = trace.lines().findFirst().orElse("");
    String message = test.message();
    if (message.isEmpty() && trace.isEmpty()) {
      message =
          thrown
              .map(t -> t.className() + (t.message().isEmpty() ? "" : ": " + t.message()))
              .orElse("");
    }
    // The trace's first line usually is "Type: message": do not say the message twice.
    if (!message.isEmpty() && !firstTraceLine.contains(message.lines().findFirst().orElse(""))) {
      indented(out, message.lines().iterator());
    }
    if (!trace.isEmpty()) {
      indented(out, shortTrace(trace).iterator());
    }
    tail(out, "stdout", test.stdout());
    tail(out, "stderr", test.stderr());
  }

  private static void indented(StringBuilder out, Iterator<String> lines) {
    while (lines.hasNext()) {
      String line = lines.next();
      out.append(INDENT).append(line.startsWith("\t") ? INDENT + line.substring(1) : line);
      out.append('\n');
    }
  }

  /** The trace with framework frames below the test's own frames collapsed, and cut. */
  static List<String> shortTrace(String trace) {
    List<String> kept = new ArrayList<>();
    boolean seenOwnFrame = false;
    int collapsed = 0;
    for (String line : (Iterable<String>) trace.lines()::iterator) {
      String frame = frameTarget(line);
      if (frame == null) {
        // The first line, "Caused by: ...", "Suppressed: ...", "... 12 more": a new section.
        collapsed = flush(kept, collapsed);
        seenOwnFrame = false;
        kept.add(line);
      } else if (seenOwnFrame && isFramework(frame)) {
        collapsed++;
      } else {
        collapsed = flush(kept, collapsed);
        if (!isFramework(frame)) {
          seenOwnFrame = true;
        }
        kept.add(line);
      }
    }
    flush(kept, collapsed);
    if (kept.size() > MAX_TRACE_LINES) {
      int more = kept.size() - MAX_TRACE_LINES;
      kept = new ArrayList<>(kept.subList(0, MAX_TRACE_LINES));
      kept.add("\t... " + more + " more lines (the XML report has the whole trace)");
    }
    return kept;
  }

  private static int flush(List<String> kept, int collapsed) {
    if (collapsed > 0) {
      kept.add("\t... " + collapsed + (collapsed == 1 ? " framework frame" : " framework frames"));
    }
    return 0;
  }

  /**
   * For {@code "\tat java.base/java.util.List.of(List.java:1)"}, {@code "java.util.List.of(...)"}:
   * the method without its module or class loader; null for lines that are not frames.
   */
  private static String frameTarget(String line) {
    String trimmed = line.stripLeading();
    if (!trimmed.startsWith("at ")) {
      return null;
    }
    String frame = trimmed.substring(3);
    int paren = frame.indexOf('(');
    int slash = frame.lastIndexOf('/', paren < 0 ? frame.length() - 1 : paren);
    return slash < 0 ? frame : frame.substring(slash + 1);
  }

  private static boolean isFramework(String frame) {
    for (String prefix : FRAMEWORK_FRAMES) {
      if (frame.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static void tail(StringBuilder out, String name, String text) {
    if (text.isEmpty()) {
      return;
    }
    List<String> lines = text.lines().toList();
    int from = Math.max(0, lines.size() - OUTPUT_TAIL_LINES);
    out.append(INDENT).append("--- ").append(name);
    if (from > 0) {
      out.append(" (last ").append(OUTPUT_TAIL_LINES).append(" of ").append(lines.size());
      out.append(" lines)");
    }
    out.append(" ---\n");
    for (String line : lines.subList(from, lines.size())) {
      out.append(INDENT).append(line).append('\n');
    }
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
