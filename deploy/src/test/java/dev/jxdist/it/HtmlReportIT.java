package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.jxdist.coordinator.report.HtmlReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * {@code --report-html} in a real headless Chromium: real runs of the fixtures with failures and
 * with a crash, and a report that exists only as JSON (as a merge of two CI shards would give it),
 * each drawn exactly as its JSON says ({@link ReportPage}), with no JavaScript error and no
 * request. The demo's report is checked and photographed by {@link DistributionIT}.
 */
class HtmlReportIT {

  private static Browser browser;

  @BeforeAll
  static void startChromium() {
    browser = Browser.start(1400, 1000);
  }

  @AfterAll
  static void stopChromium() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void failuresErrorsAndSkipsAreDrawnFromTheRunsJson() throws Exception {
    Path project = Fixtures.built("basics");
    Path dir = Files.createDirectories(Fixtures.runsDir().resolve("html-basics"));
    Path json = dir.resolve("report.json");
    Path html = dir.resolve("report.html");

    ProcessResult run =
        Jxdist.run(
            project,
            "run",
            "-n",
            "2",
            "--project",
            project.toString(),
            "--report-json",
            json.toString(),
            "--report-html",
            html.toString());

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    JsonObject report = ReportPage.json(json);
    List<ReportPage.Bar> bars = ReportPage.assertDrawsItsJson(browser, html, report);
    // Two workers, every top-level class of the fixture on one of them.
    assertThat(bars).extracting(ReportPage.Bar::worker).containsOnly("w1", "w2");
    assertThat(bars).extracting(ReportPage.Bar::className).hasSize(13).doesNotHaveDuplicates();
    assertThat(bars)
        .filteredOn(b -> b.className().equals("fx.FailingTest"))
        .extracting(ReportPage.Bar::status)
        .containsExactly("failed");
    assertThat(bars)
        .filteredOn(b -> b.className().equals("fx.ErroringTest"))
        .extracting(ReportPage.Bar::status)
        .containsExactly("error");
    assertThat(browser.driver().findElement(By.id("verdict")).getText())
        .isEqualTo("1 failed, 1 error of 34 tests");
    assertThat(browser.driver().findElement(By.id("failures")).getText())
        .contains("the answer must be 42 ==> expected: <42> but was: <43>")
        .contains("boom from fx.ErroringTest");
  }

  @Test
  void aCrashShowsItsCauseTheCommandAndTheWorkersLastLines() throws Exception {
    Path project = Fixtures.built("crash");
    Path dir = Files.createDirectories(Fixtures.runsDir().resolve("html-crash"));
    Path json = dir.resolve("report.json");
    Path html = dir.resolve("report.html");

    ProcessResult run =
        Jxdist.run(
            project,
            "run",
            "-n",
            "2",
            "--project",
            project.toString(),
            "--report-json",
            json.toString(),
            "--report-html",
            html.toString());

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    List<ReportPage.Bar> bars = ReportPage.assertDrawsItsJson(browser, html, ReportPage.json(json));
    assertThat(bars)
        .filteredOn(b -> b.status().equals("crashed"))
        .extracting(ReportPage.Bar::className)
        .containsExactly("fx.ExitTest");
    String crashes = browser.driver().findElement(By.id("crashes")).getText();
    assertThat(crashes)
        .contains("fx.ExitTest \u203a exitsTheJvm()")
        .contains("exit code 3")
        .contains("command: ")
        .contains("jxdist-worker.jar")
        .contains("last words before System.exit(3)");
  }

  @Test
  void aReportThatIsOnlyJsonIsDrawnToo() throws Exception {
    // Two CI shards' workers and hosts, every status (flaky too, which only reruns give), names
    // that are markup, a worker that crashed between classes and one that never started, a
    // worker whose next class started in the millisecond its last class's last test did (listed
    // first, as plan order can put it), and one whose whole first class ran in the millisecond its
    // next class's first test started (listed after that class): still one bar each.
    String text;
    try (InputStream in = HtmlReportIT.class.getResourceAsStream("/report/two-shards.json")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path dir = Files.createDirectories(Fixtures.runsDir().resolve("html-json-only"));
    Path json = Files.writeString(dir.resolve("two-shards.json"), text);
    Path html = Files.writeString(dir.resolve("two-shards.html"), HtmlReport.render(text));

    List<ReportPage.Bar> bars = ReportPage.assertDrawsItsJson(browser, html, ReportPage.json(json));

    assertThat(bars).hasSize(6);
    // Markup in a test's name is shown as text, never run.
    assertThat(browser.script("return window.__pwned === undefined")).isEqualTo(true);
    assertThat(browser.driver().findElement(By.id("flaky")).getText())
        .contains("<img src=x onerror=\"window.__pwned=1\">")
        .contains("passed on attempt 3");
    assertThat(browser.driver().findElement(By.id("slowest-tests")).getText())
        .contains("emptyCart</script><script>window.__pwned=2</script>");
    assertThat(browser.driver().findElement(By.id("crashes")).getText())
        .contains("worker s2-w3 on ci-b")
        .contains("java.lang.OutOfMemoryError: Java heap space");
    assertThat(
            browser.driver().findElements(By.cssSelector("#timeline .track.idle")).stream()
                .map(t -> t.getDomAttribute("data-idle"))
                .toList())
        .containsExactly("did not start", "ran no test");
    assertThat(browser.driver().findElement(By.id("hosts")).getText())
        .contains("ci-a")
        .contains("3.0 MiB")
        .contains("1.25 s");
  }

  @Test
  void aScriptErrorOrARequestOnThePageFailsTheseChecks() throws IOException {
    Path dir = Files.createDirectories(Fixtures.runsDir().resolve("html-broken"));
    Path broken =
        Files.writeString(
            dir.resolve("broken.html"),
            "<!DOCTYPE html><html><body><script>"
                + "document.documentElement.setAttribute('data-rendered', 'true');"
                + "undefinedFunction();</script></body></html>");
    Path fetching =
        Files.writeString(
            dir.resolve("fetching.html"),
            "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\""
                + " content=\"default-src 'none'; script-src 'unsafe-inline'\"></head><body>"
                + "<img src=\"http://127.0.0.1:9/x.png\"><script>"
                + "document.documentElement.setAttribute('data-rendered', 'true');"
                + "</script></body></html>");
    Path blank = Files.writeString(dir.resolve("blank.html"), "<!DOCTYPE html><p>nothing");

    browser.open(broken);
    assertThat(browser.errors()).anyMatch(e -> e.contains("undefinedFunction"));
    browser.open(fetching);
    assertThat(browser.errors()).isNotEmpty();
    assertThatThrownBy(() -> browser.open(blank, Duration.ofSeconds(2)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("was not drawn");
  }
}
