package dev.jxdist.common.model;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

/**
 * An exception flattened for the wire and the reports.
 *
 * @param className the exception's class
 * @param message its message, empty if none
 * @param stackTrace the full trace as {@link Throwable#printStackTrace()} prints it
 * @param assertion true for {@link AssertionError} and its subclasses: Surefire calls those
 *     failures and anything else errors
 */
public record ThrowableInfo(
    String className, String message, String stackTrace, boolean assertion) {

  public ThrowableInfo {
    Objects.requireNonNull(className, "className");
    message = message == null ? "" : message;
    stackTrace = stackTrace == null ? "" : stackTrace;
  }

  /**
   * The most characters a message, or a trace, keeps: a failure is one event on the wire, far below
   * its size limit (a 20-million-character assertion message would end the worker's stream).
   */
  public static final int TEXT_LIMIT = 1 << 20;

  /**
   * Flattens {@code t}, whatever it does: an exception whose {@code getMessage} or {@code
   * printStackTrace} throws, or whose causes are too deep to print recursively, is still a failure
   * with a trace (written here, cause after cause), never one lost on its way to the report.
   */
  public static ThrowableInfo of(Throwable t) {
    String trace;
    try {
      StringWriter out = new StringWriter();
      t.printStackTrace(new PrintWriter(out));
      trace = out.toString();
    } catch (Throwable unprintable) {
      trace = traceOf(t);
    }
    return new ThrowableInfo(
        t.getClass().getName(), bounded(messageOf(t)), bounded(trace), t instanceof AssertionError);
  }

  /** {@code t}'s message, or what its {@code getMessage} threw. */
  private static String messageOf(Throwable t) {
    try {
      return t.getMessage();
    } catch (Throwable e) {
      return "(its getMessage() threw " + e.getClass().getName() + ")";
    }
  }

  /**
   * The trace of {@code t} and its causes, a cause at a time (no recursion, no overridden {@code
   * toString}), up to {@link #TEXT_LIMIT}.
   */
  private static String traceOf(Throwable t) {
    StringBuilder out = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    String prefix = "";
    for (Throwable c = t; c != null && seen.add(c) && out.length() < TEXT_LIMIT; ) {
      out.append(prefix).append(c.getClass().getName());
      String message = messageOf(c);
      if (message != null) {
        out.append(": ").append(message);
      }
      out.append('\n');
      try {
        for (StackTraceElement frame : c.getStackTrace()) {
          out.append("\tat ").append(frame).append('\n');
        }
        c = c.getCause();
      } catch (Throwable e) {
        c = null;
      }
      prefix = "Caused by: ";
    }
    return out.toString();
  }

  /** {@code text}, cut at {@link #TEXT_LIMIT} characters with a note of how much was left out. */
  static String bounded(String text) {
    if (text == null || text.length() <= TEXT_LIMIT) {
      return text;
    }
    return text.substring(0, TEXT_LIMIT)
        + "\n... ("
        + (text.length() - TEXT_LIMIT)
        + " more characters left out by jxdist)";
  }
}
