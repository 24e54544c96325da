package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The HTML report ({@code --report-html}) as Chromium shows it, checked against the JSON report it
 * was drawn from: the page loads without a single JavaScript error or network request, its counts
 * are the JSON's, its timeline has exactly the bars the JSON gives (by the rule below, written here
 * a second time, independently of the page's script) where the JSON puts them, hovering a bar names
 * its class and tests, and the failures, crashes and flaky tests are the JSON's.
 *
 * <p>The timeline's rule: per worker, its tests in the order they started; tests that started at
 * the same instant are in no known order among themselves (the coordinator can take a backlog of
 * events within one millisecond), so a top-level class's next test continues its bar unless a test
 * of another class started strictly between the two. A bar runs from its first start to its last
 * end; where {@code class_times} has the unit that ran them (same worker and class, the first to
 * end at or after the bar's last test), the bar covers that unit: from its {@code end_s} less its
 * {@code seconds} to its {@code end_s}. A bar's status is the worst of its tests' (crashed, error,
 * failed, flaky, passed, skipped).
 */
final class ReportPage {

  /** One bar of the timeline. */
  record Bar(String worker, String className, double start, double end, String status, int tests) {}

  private static final List<String> WORST_FIRST =
      List.of("crashed", "error", "failed", "flaky", "passed", "skipped");

  private ReportPage() {}

  /** The JSON report in {@code file}. */
  static JsonObject json(Path file) {
    try {
      return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Opens {@code html} in {@code browser} and checks everything it shows against {@code json};
   * returns the bars it checked.
   */
  static List<Bar> assertDrawsItsJson(Browser browser, Path html, JsonObject json) {
    browser.open(html);
    assertThat(browser.errors()).as("JavaScript errors on " + html).isEmpty();
    assertThat(((Number) browser.script("return performance.getEntriesByType('resource').length")))
        .as("requests the page made")
        .isEqualTo(0L);

    JsonObject summary = json.getAsJsonObject("summary");
    Map<String, String> counts = new LinkedHashMap<>();
    counts.put("total", "total");
    counts.put("passed", "passed");
    counts.put("failed", "failed");
    counts.put("errors", "errors");
    counts.put("skipped", "skipped");
    counts.put("crashed", "crashed");
    counts.put("flaky", "flaky");
    counts.forEach(
        (card, field) ->
            assertThat(
                    browser
                        .driver()
                        .findElement(By.cssSelector("[data-count='" + card + "'] .n"))
                        .getText())
                .as("the %s count", card)
                .isEqualTo(summary.get(field).getAsString()));

    List<Bar> expected = expectedBars(json);
    List<Bar> shown = shownBars(browser);
    assertThat(shown).as("the timeline's bars").hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      Bar e = expected.get(i);
      Bar s = shown.get(i);
      assertThat(List.of(s.worker(), s.className(), s.status(), s.tests()))
          .as("bar %d", i)
          .isEqualTo(List.of(e.worker(), e.className(), e.status(), e.tests()));
      assertThat(s.start()).as("start of %s", e).isCloseTo(e.start(), within(0.0015));
      assertThat(s.end()).as("end of %s", e).isCloseTo(e.end(), within(0.0015));
    }
    assertBarsWhereTheirTimesAre(browser, json, expected);
    if (!expected.isEmpty()) {
      assertHoverNamesTheTests(browser, json, expected.get(0));
    }

    assertThat(problemIds(browser, "failures"))
        .as("the failures listed")
        .isEqualTo(idsWithStatus(json, "failed", "error"));
    assertThat(problemIds(browser, "crashes"))
        .as("the crashes listed")
        .isEqualTo(idsWithStatus(json, "crashed"));
    assertThat(problemIds(browser, "flaky"))
        .as("the flaky tests listed")
        .isEqualTo(idsWithStatus(json, "flaky"));
    for (JsonElement element : json.getAsJsonArray("tests")) {
      JsonObject test = element.getAsJsonObject();
      String status = test.get("status").getAsString();
      if (List.of("failed", "error", "crashed").contains(status)) {
        String card = problemText(browser, test.get("id").getAsString());
        String shownPart = status.equals("crashed") ? "message" : "stack_trace";
        for (String line : test.get(shownPart).getAsString().strip().split("\n")) {
          assertThat(card).as("%s of %s", shownPart, test.get("id")).contains(line.strip());
        }
      }
    }
    assertThat(browser.driver().findElements(By.cssSelector("#hosts-table tbody tr")))
        .hasSize(json.getAsJsonArray("hosts").size());
    return expected;
  }

  /** The bars the JSON gives, by the rule in this class's comment, ordered by worker and start. */
  static List<Bar> expectedBars(JsonObject json) {
    JsonArray tests = json.getAsJsonArray("tests");
    Map<String, List<Integer>> byWorker = new LinkedHashMap<>();
    for (int i = 0; i < tests.size(); i++) {
      String worker = tests.get(i).getAsJsonObject().get("worker").getAsString();
      if (!worker.isEmpty()) {
        byWorker.computeIfAbsent(worker, w -> new ArrayList<>()).add(i);
      }
    }
    List<JsonObject> units = new ArrayList<>();
    JsonArray times =
        json.has("class_times") ? json.getAsJsonArray("class_times") : new JsonArray();
    for (JsonElement u : times) {
      JsonObject unit = u.getAsJsonObject();
      if (!unit.get("worker").getAsString().isEmpty() && unit.get("end_s").getAsDouble() > 0) {
        units.add(unit);
      }
    }
    List<OpenBar> made = new ArrayList<>();
    byWorker.forEach(
        (worker, indices) -> {
          indices.sort(
              Comparator.comparingDouble(
                      (Integer i) -> tests.get(i).getAsJsonObject().get("start_s").getAsDouble())
                  .thenComparing(i -> i));
          // Each class's open bar and the number of the last instant one of its tests started at.
          Map<String, OpenBar> open = new HashMap<>();
          int instant = -1;
          double previous = Double.NaN;
          for (int i : indices) {
            JsonObject test = tests.get(i).getAsJsonObject();
            double start = test.get("start_s").getAsDouble();
            if (start != previous) {
              previous = start;
              instant++;
            }
            String top = topLevel(test.get("class").getAsString());
            OpenBar bar = open.get(top);
            if (bar == null || bar.lastInstant < instant - 1) {
              bar = new OpenBar(worker, top, start);
              open.put(top, bar);
              made.add(bar);
            }
            bar.add(instant, start, test);
          }
        });
    List<Bar> out = new ArrayList<>();
    for (OpenBar bar : made) {
      out.add(
          withUnit(
              units,
              new Bar(
                  bar.worker,
                  bar.className,
                  bar.start,
                  bar.end,
                  worst(bar.statuses),
                  bar.statuses.size())));
    }
    out.sort(Comparator.comparing(Bar::worker).thenComparingDouble(Bar::start));
    return out;
  }

  /** A bar of {@link #expectedBars} while its worker's tests are read. */
  private static final class OpenBar {
    final String worker;
    final String className;
    final List<String> statuses = new ArrayList<>();
    double start;
    double end;
    int lastInstant;

    OpenBar(String worker, String className, double start) {
      this.worker = worker;
      this.className = className;
      this.start = start;
      this.end = start;
    }

    void add(int instant, double startS, JsonObject test) {
      lastInstant = instant;
      start = Math.min(start, startS);
      end = Math.max(end, test.get("end_s").getAsDouble());
      statuses.add(test.get("status").getAsString());
    }
  }

  private static Bar withUnit(List<JsonObject> units, Bar bar) {
    int best = -1;
    for (int i = 0; i < units.size(); i++) {
      JsonObject u = units.get(i);
      if (u == null
          || !u.get("worker").getAsString().equals(bar.worker())
          || !topLevel(u.get("class").getAsString()).equals(bar.className())
          || u.get("end_s").getAsDouble() + 0.0015 < bar.end()) {
        continue;
      }
      if (best < 0 || u.get("end_s").getAsDouble() < units.get(best).get("end_s").getAsDouble()) {
        best = i;
      }
    }
    if (best < 0) {
      return bar;
    }
    double unitEnd = units.get(best).get("end_s").getAsDouble();
    double unitStart = unitEnd - units.get(best).get("seconds").getAsDouble();
    units.set(best, null);
    return new Bar(
        bar.worker(),
        bar.className(),
        Math.max(0, Math.min(bar.start(), unitStart)),
        Math.max(bar.end(), unitEnd),
        bar.status(),
        bar.tests());
  }

  private static String worst(List<String> statuses) {
    return WORST_FIRST.stream().filter(statuses::contains).findFirst().orElse("skipped");
  }

  private static String topLevel(String className) {
    int dollar = className.indexOf('$');
    return dollar < 0 ? className : className.substring(0, dollar);
  }

  /** The bars the page shows, ordered by worker and start. */
  static List<Bar> shownBars(Browser browser) {
    List<Bar> out = new ArrayList<>();
    for (WebElement bar : browser.driver().findElements(By.cssSelector("#timeline .bar"))) {
      out.add(
          new Bar(
              bar.getDomAttribute("data-worker"),
              bar.getDomAttribute("data-class"),
              Double.parseDouble(bar.getDomAttribute("data-start")),
              Double.parseDouble(bar.getDomAttribute("data-end")),
              bar.getDomAttribute("data-status"),
              Integer.parseInt(bar.getDomAttribute("data-tests"))));
    }
    out.sort(Comparator.comparing(Bar::worker).thenComparingDouble(Bar::start));
    return out;
  }

  /**
   * Each bar's left and right edges sit where its start and end fall on the time axis, which runs
   * from the first bar's start to the later of the run's wall time and the last bar's end.
   */
  private static void assertBarsWhereTheirTimesAre(
      Browser browser, JsonObject json, List<Bar> expected) {
    if (expected.isEmpty()) {
      return;
    }
    double from = expected.stream().mapToDouble(Bar::start).min().orElseThrow();
    double to =
        Math.max(
            json.getAsJsonObject("summary").get("wall_s").getAsDouble(),
            expected.stream().mapToDouble(Bar::end).max().orElseThrow());
    @SuppressWarnings("unchecked")
    List<List<Object>> boxes =
        (List<List<Object>>)
            browser.script(
                "return Array.from(document.querySelectorAll('#timeline .bar')).map(function (b) {"
                    + "  var bar = b.getBoundingClientRect();"
                    + "  var track = b.parentElement.getBoundingClientRect();"
                    + "  return [b.getAttribute('data-start'), b.getAttribute('data-end'),"
                    + "          bar.left - track.left, bar.width, track.width];"
                    + "});");
    assertThat(boxes).hasSameSizeAs(expected);
    for (List<Object> box : boxes) {
      double start = Double.parseDouble((String) box.get(0));
      double end = Double.parseDouble((String) box.get(1));
      double left = ((Number) box.get(2)).doubleValue();
      double width = ((Number) box.get(3)).doubleValue();
      double track = ((Number) box.get(4)).doubleValue();
      assertThat(left)
          .as("left edge of the bar at %s s", start)
          .isCloseTo(track * (start - from) / (to - from), within(1.5));
      // Very short bars are drawn a few pixels wide, so that they can be seen and hovered.
      assertThat(width)
          .as("width of the bar at %s s", start)
          .isCloseTo(Math.max(3, track * (end - start) / (to - from)), within(1.5));
    }
  }

  private static void assertHoverNamesTheTests(Browser browser, JsonObject json, Bar bar) {
    WebElement element =
        browser.driver().findElements(By.cssSelector("#timeline .bar")).stream()
            .filter(b -> bar.worker().equals(b.getDomAttribute("data-worker")))
            .filter(b -> bar.className().equals(b.getDomAttribute("data-class")))
            .findFirst()
            .orElseThrow();
    new Actions(browser.driver()).moveToElement(element).perform();
    WebElement tooltip = browser.driver().findElement(By.id("tooltip"));
    assertThat(tooltip.isDisplayed()).as("the tooltip shows on hover").isTrue();
    String text = tooltip.getText();
    assertThat(text).contains(bar.className()).contains(bar.worker());
    List<JsonObject> mine = new ArrayList<>();
    for (JsonElement candidate : json.getAsJsonArray("tests")) {
      JsonObject test = candidate.getAsJsonObject();
      if (test.get("worker").getAsString().equals(bar.worker())
          && topLevel(test.get("class").getAsString()).equals(bar.className())
          && test.get("start_s").getAsDouble() >= bar.start() - 0.0015
          && test.get("end_s").getAsDouble() <= bar.end() + 0.0015) {
        mine.add(test);
      }
    }
    assertThat(mine).hasSize(bar.tests());
    mine.sort(Comparator.comparingDouble(t -> t.get("start_s").getAsDouble()));
    // The tooltip lists the first 24 of a bar's tests.
    for (JsonObject test : mine.subList(0, Math.min(24, mine.size()))) {
      assertThat(text).as("the tooltip of %s", bar).contains(test.get("name").getAsString());
    }
    new Actions(browser.driver()).moveByOffset(0, 400).perform();
  }

  private static List<String> problemIds(Browser browser, String section) {
    List<String> ids = new ArrayList<>();
    for (WebElement card :
        browser.driver().findElements(By.cssSelector("#" + section + " .problem[data-test]"))) {
      ids.add(card.getDomAttribute("data-test"));
    }
    return ids;
  }

  private static String problemText(Browser browser, String id) {
    return (String)
        browser.script(
            "var cards = document.querySelectorAll('.problem[data-test]');"
                + "for (var i = 0; i < cards.length; i++)"
                + "  if (cards[i].getAttribute('data-test') === arguments[0]) return cards[i].textContent;"
                + "return '';",
            id);
  }

  private static List<String> idsWithStatus(JsonObject json, String... statuses) {
    List<String> ids = new ArrayList<>();
    for (JsonElement element : json.getAsJsonArray("tests")) {
      JsonObject test = element.getAsJsonObject();
      if (List.of(statuses).contains(test.get("status").getAsString())) {
        ids.add(test.get("id").getAsString());
      }
    }
    return ids;
  }
}
