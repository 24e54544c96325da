package dev.jxdist.coordinator.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The slowest tests and classes of a run, as {@code --durations-report N} prints them at the end
 * (in the manner of pytest's {@code --durations}):
 *
 * <pre>
 * slowest 3 tests:
 * 1.23s fx.SlowTest &gt; waits()
 * 0.70s fx.OtherTest &gt; sleeps()
 * 0.05s fx.CalcTest &gt; add(int)[2]
 * slowest 2 classes:
 * 2.50s fx.SlowTest
 * 0.90s fx.OtherTest
 * </pre>
 *
 * <p>A test's time is JUnit's, as its worker measured it; tests that did not run (skipped, not run)
 * are left out. A class's time is what its worker spent on it in one launcher call, class set-up
 * and tear-down included ({@link UnitTime}); a top-level class that did not run as one unit counts
 * with the sum of its tests' times (its nested classes' included). Longest first; names break ties.
 */
final class DurationsReport {

  private DurationsReport() {}

  /** The lists of the {@code n} slowest tests and classes, or empty text if nothing took time. */
  static String render(RunReport report, int n) {
    if (n <= 0) {
      return "";
    }
    List<Map.Entry<String, Double>> tests = new ArrayList<>();
    for (TestResult test : report.tests()) {
      if (test.durationS() > 0 && Double.isFinite(test.durationS())) {
        tests.add(Map.entry(ConsoleSummary.title(test), test.durationS()));
      }
    }
    StringBuilder out = new StringBuilder();
    section(out, "test", "tests", tests, n);
    section(out, "class", "classes", new ArrayList<>(classes(report).entrySet()), n);
    return out.toString();
  }

  /** Seconds by top-level class name: unit times where there are any, else test times. */
  private static Map<String, Double> classes(RunReport report) {
    Map<String, Double> units = new LinkedHashMap<>();
    for (UnitTime unit : report.units()) {
      if (Double.isFinite(unit.seconds())) {
        units.merge(ConsoleSummary.printable(unit.className()), unit.seconds(), Double::sum);
      }
    }
    Map<String, Double> fromTests = new LinkedHashMap<>();
    for (TestResult test : report.tests()) {
      String cls = ConsoleSummary.printable(test.surefire().suite());
      if (!cls.isEmpty() && test.durationS() > 0 && Double.isFinite(test.durationS())) {
        fromTests.merge(cls, test.durationS(), Double::sum);
      }
    }
    Map<String, Double> out = new LinkedHashMap<>(units);
    fromTests.forEach(out::putIfAbsent);
    return out;
  }

  private static void section(
      StringBuilder out, String one, String many, List<Map.Entry<String, Double>> times, int n) {
    if (times.isEmpty()) {
      return;
    }
    times.sort(
        Comparator.comparing((Map.Entry<String, Double> e) -> e.getValue())
            .reversed()
            .thenComparing(Map.Entry::getKey));
    List<Map.Entry<String, Double>> shown = times.subList(0, Math.min(n, times.size()));
    List<String> seconds = new ArrayList<>();
    int width = 0;
    for (Map.Entry<String, Double> e : shown) {
      String s = String.format(Locale.ROOT, "%.2fs", e.getValue());
      seconds.add(s);
      width = Math.max(width, s.length());
    }
    out.append("slowest ").append(shown.size()).append(' ');
    out.append(shown.size() == 1 ? one : many).append(":\n");
    for (int i = 0; i < shown.size(); i++) {
      String s = seconds.get(i);
      out.append(" ".repeat(width - s.length())).append(s).append(' ');
      out.append(shown.get(i).getKey()).append('\n');
    }
  }
}
