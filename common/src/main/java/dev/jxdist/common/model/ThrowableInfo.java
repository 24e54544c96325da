package dev.jxdist.common.model;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

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

  /** Flattens {@code t}. */
  public static ThrowableInfo of(Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    return new ThrowableInfo(
        t.getClass().getName(), t.getMessage(), trace.toString(), t instanceof AssertionError);
  }
}
