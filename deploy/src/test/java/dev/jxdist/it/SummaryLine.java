package dev.jxdist.it;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's closing summary line, e.g. {@code 75 tests: 70 passed, 2 failed, 1 errors, 2
 * skipped in 3.1s on 2 workers}.
 *
 * <p>Parsing is lenient about wording (singular forms, ANSI colours, extra counts such as {@code ,
 * 1 crashed} before {@code in}) and strict about the numbers.
 *
 * @param total all tests
 * @param passed passed tests
 * @param failed failed tests
 * @param errors tests that threw something other than an assertion error
 * @param skipped skipped or aborted tests
 * @param seconds the wall time the line states
 * @param workers how many workers the line states
 */
record SummaryLine(
    int total, int passed, int failed, int errors, int skipped, double seconds, int workers) {

  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
  private static final Pattern LINE =
      Pattern.compile(
          "(\\d+) tests?: (\\d+) passed, (\\d+) failed, (\\d+) errors?, (\\d+) skipped"
              + "(?:, [^,]*?)* in ([0-9.]+) ?s on (\\d+) workers?");

  /** The last summary line in {@code output}; an {@link AssertionError} if there is none. */
  static SummaryLine lastIn(String output) {
    List<String> lines = ANSI.matcher(output).replaceAll("").lines().toList();
    for (int i = lines.size() - 1; i >= 0; i--) {
      Matcher m = LINE.matcher(lines.get(i));
      if (m.find()) {
        return new SummaryLine(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            Integer.parseInt(m.group(4)),
            Integer.parseInt(m.group(5)),
            Double.parseDouble(m.group(6)),
            Integer.parseInt(m.group(7)));
      }
    }
    throw new AssertionError("no summary line (`N tests: ... on N workers`) in:\n" + output);
  }

  /** The counts Surefire reports too, to compare with {@link ReportTotals}. */
  ReportTotals totals() {
    return new ReportTotals(total, failed, errors, skipped);
  }
}
