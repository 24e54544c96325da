package dev.jxdist.coordinator.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a run as the HTML report of {@code --report-html}: one self-contained page (its style and
 * script inline, nothing fetched from the network) with a timeline of every worker's classes, the
 * failures with their stack traces and output, the crashes with their cause and the worker's last
 * output, flaky tests, the slowest tests and classes, and each host's code sync.
 *
 * <p>The page is rendered in the browser from the JSON report ({@link JsonReport}), which it
 * carries: whatever has the JSON of a run, such as a merge of several runs' reports, makes the same
 * page with {@link #render(String)}. The page's parts are resources next to this class: {@code
 * report.html} with {@code report.css} and {@code report.js} put in its place.
 */
public final class HtmlReport {

  private static final String DATA = "/*JXDIST_REPORT_JSON*/";
  private static final String STYLE = "/*JXDIST_REPORT_CSS*/";
  private static final String SCRIPT = "/*JXDIST_REPORT_JS*/";

  private final Path file;

  /** Writes to {@code file}, creating its parent directories when needed. */
  public HtmlReport(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  /** The file this report is written to. */
  public Path file() {
    return file;
  }

  /** Writes {@code report} to the file, atomically (a reader never sees half a page). */
  public void write(RunReport report) throws IOException {
    Objects.requireNonNull(report, "report");
    String page = render(JsonReport.toJson(report));
    AtomicFiles.writeUtf8(file, out -> out.write(page));
  }

  /**
   * The page for a JSON report's text (the shape {@link JsonReport} writes).
   *
   * <p>The JSON goes into the page as it is, except that every {@code <} becomes its JSON escape (a
   * backslash, then {@code u003c}: the same string to a JSON reader), so that no test name or
   * output can end the script element it sits in.
   */
  public static String render(String json) {
    Objects.requireNonNull(json, "json");
    String page = resource("report.html");
    return replaceOnce(
        replaceOnce(
            replaceOnce(page, STYLE, resource("report.css")), SCRIPT, resource("report.js")),
        DATA,
        json.strip().replace("<", "\\u003c"));
  }

  private static String replaceOnce(String text, String marker, String replacement) {
    int at = text.indexOf(marker);
    if (at < 0) {
      throw new IllegalStateException(
          "the HTML report's page has no " + marker + "; rebuild jxdist");
    }
    return text.substring(0, at) + replacement + text.substring(at + marker.length());
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "the HTML report's " + name + " is missing from jxdist's jar; rebuild jxdist");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the HTML report's " + name, e);
    }
  }
}
