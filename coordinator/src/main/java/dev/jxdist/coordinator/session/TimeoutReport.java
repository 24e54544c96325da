package dev.jxdist.coordinator.session;

import dev.jxdist.common.model.ThrowableInfo;
import java.util.Optional;

/**
 * What the report of a test that ran out of time says: a {@code TimeoutException} whose stack is
 * that of the thread that runs the tests (taken from the worker's thread dump, so the report shows
 * where the test hung), with the whole dump as the test's standard error.
 */
final class TimeoutReport {

  /** The exception type of a timed-out test: the one JUnit's own {@code @Timeout} reports. */
  static final String TYPE = "java.util.concurrent.TimeoutException";

  /**
   * The thread that runs the tests in a worker JVM: its {@code main} thread, as in a Surefire fork.
   */
  static final String EXECUTION_THREAD = "main";

  private TimeoutReport() {}

  /** The exception a timed-out test reports: {@code message}, and where it hung. */
  static ThrowableInfo throwable(String message, String dump) {
    String trace =
        TYPE
            + ": "
            + message
            + executionThread(dump).map(frames -> "\n" + frames).orElse("")
            + "\n";
    return new ThrowableInfo(TYPE, message, trace, false);
  }

  /**
   * The frames ({@code at ...} lines and the locks between them) of the execution thread in {@code
   * dump}, in the worker's form or jcmd's: a thread's section is a line that starts with its quoted
   * name (elsewhere the name may be a lock's owner) up to the next blank line.
   */
  static Optional<String> executionThread(String dump) {
    String header = "\"" + EXECUTION_THREAD + "\"";
    int start = dump.startsWith(header) ? 0 : dump.indexOf("\n" + header);
    if (start < 0) {
      return Optional.empty();
    }
    start = dump.indexOf(header, start);
    int end = dump.indexOf("\n\n", start);
    String section = end < 0 ? dump.substring(start) : dump.substring(start, end);
    StringBuilder frames = new StringBuilder();
    section
        .lines()
        .skip(1)
        .map(String::strip)
        .filter(l -> l.startsWith("at ") || l.startsWith("- "))
        .forEach(l -> frames.append(frames.length() == 0 ? "" : "\n").append('\t').append(l));
    return frames.length() == 0 ? Optional.empty() : Optional.of(frames.toString());
  }
}
