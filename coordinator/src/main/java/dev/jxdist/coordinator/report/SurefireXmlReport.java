package dev.jxdist.coordinator.report;

import dev.jxdist.common.model.ThrowableInfo;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Writes a run as Surefire-format XML, cut as Surefire 3.5's JUnit Platform provider cuts it: one
 * {@code TEST-<class>.xml} per top-level class, its nested classes' tests inside with their own
 * {@code classname} ({@code fx.Outer$Inner}), a JUnit 4 suite's tests in the suite class's file
 * (see {@link SurefireName}); in the shape of Surefire 3.x's schema (surefire-test-report 3.0, at
 * the schema location Surefire itself writes), so CI servers and report tools read it as they read
 * Surefire's.
 *
 * <p>Mapping: FAILED is a {@code failure}, ERROR and CRASHED are an {@code error} (a crash without
 * an exception has type {@value #CRASH_TYPE}), SKIPPED is {@code skipped}, FLAKY counts as passed
 * and carries the earlier failure as {@code flakyFailure} or {@code flakyError}. A suite's {@code
 * time} is the sum of its tests' durations (its tests may have run on several workers), and its
 * {@code tests}, {@code failures}, {@code errors} and {@code skipped} count all its test cases
 * (Surefire 3.5 counts only those after the last nested class, often 0). Each file is written
 * atomically; files of classes that are not in the run are left alone.
 */
public final class SurefireXmlReport {

  /** The schema Surefire 3.x reports follow. */
  public static final String SCHEMA_LOCATION =
      "https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report.xsd";

  /** The {@code version} attribute Surefire 3.5 writes on {@code testsuite}. */
  public static final String SCHEMA_VERSION = "3.0.2";

  /** The exception type reported for a test whose worker died under it. */
  public static final String CRASH_TYPE = "jxdist.WorkerCrash";

  /** The exception type reported when a failed test came without an exception. */
  public static final String UNKNOWN_TYPE = "jxdist.UnknownFailure";

  private static final String SUITE_NAME_WITHOUT_CLASS = "jxdist.NoClass";

  private final Path directory;
  private final String javaVersion;

  /** Writes into {@code directory}, creating it when needed. */
  public SurefireXmlReport(Path directory) {
    this(directory, System.getProperty("java.version", ""));
  }

  /**
   * Writes into {@code directory}; {@code javaVersion} goes into each file's {@code properties}.
   */
  public SurefireXmlReport(Path directory, String javaVersion) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.javaVersion = Objects.requireNonNull(javaVersion, "javaVersion");
  }

  /** The file the results of top-level class {@code suite} go to. */
  public Path fileFor(String suite) {
    return directory.resolve(fileName(suiteName(suite)));
  }

  /**
   * Writes one file per top-level class of {@code report}: each class of its tests, and each class
   * that ran without a result (an empty suite, as Surefire writes one).
   *
   * @return the files written, in the order their classes first appear in the report
   */
  public List<Path> write(RunReport report) throws IOException {
    Map<String, List<TestResult>> byClass = new LinkedHashMap<>();
    for (TestResult test : report.tests()) {
      byClass.computeIfAbsent(suiteName(test.surefire().suite()), k -> new ArrayList<>()).add(test);
    }
    for (ClassRun ran : report.classes()) {
      byClass.computeIfAbsent(suiteName(ran.suite()), k -> new ArrayList<>());
    }
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, List<TestResult>> suite : byClass.entrySet()) {
      Path file = directory.resolve(fileName(suite.getKey()));
      AtomicFiles.writeUtf8(file, out -> writeSuite(out, suite.getKey(), suite.getValue()));
      written.add(file);
    }
    return written;
  }

  /** {@code seconds} as Surefire writes times: up to three decimals, a dot, no grouping. */
  static String seconds(double seconds) {
    if (!Double.isFinite(seconds) || seconds <= 0) {
      return "0";
    }
    return BigDecimal.valueOf(seconds)
        .setScale(3, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String suiteName(String suite) {
    return suite.isEmpty() ? SUITE_NAME_WITHOUT_CLASS : suite;
  }

  private static String fileName(String suiteName) {
    StringBuilder name = new StringBuilder("TEST-");
    for (int i = 0; i < suiteName.length(); i++) {
      char c = suiteName.charAt(i);
      name.append(c < 0x20 || "/\\:*?\"<>|".indexOf(c) >= 0 ? '_' : c);
    }
    return name.append(".xml").toString();
  }

  private void writeSuite(Writer out, String suiteName, List<TestResult> tests) throws IOException {
    int failures = 0;
    int errors = 0;
    int skipped = 0;
    double time = 0;
    TreeSet<String> workers = new TreeSet<>(WorkerIds.ORDER);
    TreeSet<String> hosts = new TreeSet<>();
    for (TestResult test : tests) {
      switch (test.status()) {
        case FAILED:
          failures++;
          break;
        case ERROR:
        case CRASHED:
          errors++;
          break;
        case SKIPPED:
          skipped++;
          break;
        case PASSED:
        case FLAKY:
          break;
        default:
          throw new IllegalStateException("unknown status " + test.status());
      }
      if (Double.isFinite(test.durationS()) && test.durationS() > 0) {
        time += test.durationS();
      }
      if (!test.worker().isEmpty()) {
        workers.add(test.worker());
      }
      if (!test.host().isEmpty()) {
        hosts.add(test.host());
      }
    }

    out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.write("<testsuite xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"");
    attribute(out, "xsi:noNamespaceSchemaLocation", SCHEMA_LOCATION);
    attribute(out, "version", SCHEMA_VERSION);
    attribute(out, "name", suiteName);
    attribute(out, "time", seconds(time));
    attribute(out, "tests", Integer.toString(tests.size()));
    attribute(out, "errors", Integer.toString(errors));
    attribute(out, "skipped", Integer.toString(skipped));
    attribute(out, "failures", Integer.toString(failures));
    out.write(">\n");

    out.write("  <properties>\n");
    property(out, "java.version", javaVersion);
    property(out, "jxdist.workers", String.join(",", workers));
    property(out, "jxdist.hosts", String.join(",", hosts));
    out.write("  </properties>\n");

    for (TestResult test : tests) {
      writeTestCase(out, test);
    }
    out.write("</testsuite>\n");
  }

  private static void writeTestCase(Writer out, TestResult test) throws IOException {
    out.write("  <testcase");
    attribute(out, "name", test.surefire().name());
    attribute(out, "classname", test.surefire().className());
    attribute(out, "time", seconds(test.durationS()));
    StringBuilder children = new StringBuilder();
    Optional<ThrowableInfo> thrown = test.throwable();
    switch (test.status()) {
      case PASSED:
        break;
      case FAILED:
      case ERROR:
      case CRASHED:
        if (!test.earlierAttempts().isEmpty()) {
          reruns(children, test);
          out.write(">\n");
          out.append(children);
          out.write("  </testcase>\n");
          return;
        }
        problem(
            children,
            test.status() == TestStatus.FAILED ? "failure" : "error",
            test,
            thrown
                .map(ThrowableInfo::className)
                .orElse(test.status() == TestStatus.CRASHED ? CRASH_TYPE : UNKNOWN_TYPE));
        break;
      case SKIPPED:
        children.append("    <skipped");
        attributeIfPresent(children, "message", test.message());
        children.append("/>\n");
        break;
      case FLAKY:
        flaky(children, test);
        break;
      default:
        throw new IllegalStateException("unknown status " + test.status());
    }
    output(children, "system-out", test.stdout());
    output(children, "system-err", test.stderr());
    if (children.length() == 0) {
      out.write("/>\n");
    } else {
      out.write(">\n");
      out.append(children);
      out.write("  </testcase>\n");
    }
  }

  /** A {@code failure} or {@code error}: message and type attributes, the trace as its text. */
  private static void problem(StringBuilder out, String element, TestResult test, String type) {
    out.append("    <").append(element);
    attributeIfPresent(out, "message", message(test));
    attribute(out, "type", type);
    String body = test.throwable().map(ThrowableInfo::stackTrace).orElse("");
    if (body.isEmpty()) {
      body = message(test);
    }
    if (body.isEmpty()) {
      out.append("/>\n");
    } else {
      out.append('>').append(XmlText.content(body)).append("</").append(element).append(">\n");
    }
  }

  /**
   * A test that failed every attempt, as Surefire's {@code rerunFailingTestsCount} writes it: the
   * first attempt as its {@code failure} (or {@code error}) with that attempt's output, then each
   * later attempt as a {@code rerunFailure} (or {@code rerunError}) with its {@code stackTrace} and
   * output. Failure or error follows the final status, so the children keep the schema's order.
   */
  private static void reruns(StringBuilder out, TestResult test) {
    List<Attempt> attempts = test.allAttempts();
    boolean failure = test.status() == TestStatus.FAILED;
    Attempt first = attempts.get(0);
    out.append("    <").append(failure ? "failure" : "error");
    attributeIfPresent(out, "message", message(first));
    attribute(out, "type", type(first));
    String body = first.throwable().map(ThrowableInfo::stackTrace).orElse("");
    body = body.isEmpty() ? message(first) : body;
    if (body.isEmpty()) {
      out.append("/>\n");
    } else {
      out.append('>')
          .append(XmlText.content(body))
          .append("</")
          .append(failure ? "failure" : "error")
          .append(">\n");
    }
    for (Attempt rerun : attempts.subList(1, attempts.size())) {
      attemptElement(out, failure ? "rerunFailure" : "rerunError", rerun);
    }
    output(out, "system-out", first.stdout());
    output(out, "system-err", first.stderr());
  }

  /** One earlier or later attempt: message and type, its {@code stackTrace}, its output. */
  private static void attemptElement(StringBuilder out, String element, Attempt attempt) {
    out.append("    <").append(element);
    attributeIfPresent(out, "message", message(attempt));
    attribute(out, "type", type(attempt));
    String trace = attempt.throwable().map(ThrowableInfo::stackTrace).orElse("");
    out.append(">\n      <stackTrace>")
        .append(XmlText.content(trace.isEmpty() ? message(attempt) : trace))
        .append("</stackTrace>\n");
    if (!attempt.stdout().isEmpty()) {
      out.append("      <system-out>")
          .append(XmlText.content(attempt.stdout()))
          .append("</system-out>\n");
    }
    if (!attempt.stderr().isEmpty()) {
      out.append("      <system-err>")
          .append(XmlText.content(attempt.stderr()))
          .append("</system-err>\n");
    }
    out.append("    </").append(element).append(">\n");
  }

  private static String type(Attempt attempt) {
    return attempt
        .throwable()
        .map(ThrowableInfo::className)
        .orElse(attempt.status() == TestStatus.CRASHED ? CRASH_TYPE : UNKNOWN_TYPE);
  }

  /** An attempt's {@code message} attribute, one line as for a result (see {@link #message}). */
  private static String message(Attempt attempt) {
    Optional<String> thrown = attempt.throwable().map(ThrowableInfo::message);
    if (thrown.isPresent()
        && !thrown.get().isEmpty()
        && (attempt.message().isEmpty() || attempt.message().startsWith(thrown.get() + "\n"))) {
      return thrown.get();
    }
    return attempt.message();
  }

  /**
   * A passed-on-rerun test: each failed attempt as a {@code flakyFailure} (an assertion) or {@code
   * flakyError} (anything else), failures first as the schema orders them.
   */
  private static void flaky(StringBuilder out, TestResult test) {
    if (!test.earlierAttempts().isEmpty()) {
      List<Attempt> failed =
          test.earlierAttempts().stream().filter(a -> a.status() != TestStatus.PASSED).toList();
      for (Attempt a : failed) {
        if (a.status() == TestStatus.FAILED) {
          attemptElement(out, "flakyFailure", a);
        }
      }
      for (Attempt a : failed) {
        if (a.status() != TestStatus.FAILED) {
          attemptElement(out, "flakyError", a);
        }
      }
      return;
    }
    Optional<ThrowableInfo> thrown = test.throwable();
    String element =
        thrown.isPresent() && !thrown.get().assertion() ? "flakyError" : "flakyFailure";
    out.append("    <").append(element);
    attributeIfPresent(out, "message", message(test));
    attribute(out, "type", thrown.map(ThrowableInfo::className).orElse(UNKNOWN_TYPE));
    String trace = thrown.map(ThrowableInfo::stackTrace).orElse("");
    out.append(">\n      <stackTrace>")
        .append(XmlText.content(trace.isEmpty() ? message(test) : trace))
        .append("</stackTrace>\n    </")
        .append(element)
        .append(">\n");
  }

  /**
   * The {@code message} attribute: the result's message; but when that is the exception's message
   * followed by more lines (a timed-out test's thread dump, which its {@code system-err} holds),
   * the exception's message alone.
   */
  private static String message(TestResult test) {
    Optional<String> thrown = test.throwable().map(ThrowableInfo::message);
    if (thrown.isPresent()
        && !thrown.get().isEmpty()
        && test.message().startsWith(thrown.get() + "\n")) {
      return thrown.get();
    }
    if (!test.message().isEmpty()) {
      return test.message();
    }
    return test.throwable().map(ThrowableInfo::message).orElse("");
  }

  private static void output(StringBuilder out, String element, String text) {
    if (!text.isEmpty()) {
      out.append("    <").append(element).append('>');
      out.append(XmlText.content(text));
      out.append("</").append(element).append(">\n");
    }
  }

  private static void property(Writer out, String name, String value) throws IOException {
    out.write("    <property");
    attribute(out, "name", name);
    attribute(out, "value", value);
    out.write("/>\n");
  }

  private static void attribute(Writer out, String name, String value) throws IOException {
    out.write(' ');
    out.write(name);
    out.write("=\"");
    out.write(XmlText.attribute(value));
    out.write('"');
  }

  private static void attribute(StringBuilder out, String name, String value) {
    out.append(' ').append(name).append("=\"").append(XmlText.attribute(value)).append('"');
  }

  private static void attributeIfPresent(StringBuilder out, String name, String value) {
    if (!value.isEmpty()) {
      attribute(out, name, value);
    }
  }
}
