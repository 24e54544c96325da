package dev.jxdist.coordinator.report;

import static dev.jxdist.coordinator.report.SampleRuns.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's Java side: what it carries and how. How it draws is tested in a real browser, by the
 * end-to-end tests (HtmlReportIT).
 */
class HtmlReportTest {

  private static final Pattern DATA =
      Pattern.compile(
          "<script type=\"application/json\" id=\"jxdist-data\">(.*?)</script>", Pattern.DOTALL);

  @TempDir Path dir;

  @Test
  void thePageCarriesTheJsonReportAsItIs() {
    RunReport run = SampleRuns.mixed();

    String page = HtmlReport.render(JsonReport.toJson(run));

    assertThat(page).startsWith("<!DOCTYPE html>").doesNotContain("/*JXDIST_REPORT_");
    assertThat(JsonParser.parseString(data(page)))
        .isEqualTo(JsonParser.parseString(JsonReport.toJson(run)));
  }

  @Test
  void nothingInTheRunCanEndTheScriptItSitsIn() {
    String evil = "</script><script>alert(1)</script><!--";
    TestResult test = SampleRuns.withOutput(result("fx.Evil", evil, TestStatus.FAILED), evil, evil);
    RunReport run =
        new RunReport(
            new RunSummary(1, 0, 1, 0, 0, 0, 0, 0.5, 1), List.of(), List.of(), List.of(test));

    String page = HtmlReport.render(JsonReport.toJson(run));

    String data = data(page);
    assertThat(data).doesNotContain("<").contains("\\u003c/script>");
    JsonObject parsed = JsonParser.parseString(data).getAsJsonObject();
    assertThat(parsed.getAsJsonArray("tests").get(0).getAsJsonObject().get("name").getAsString())
        .isEqualTo(evil);
    // Exactly the page's own two scripts: the data and the code that draws it.
    assertThat(page.split("<script", -1)).hasSize(3);
  }

  @Test
  void thePageFetchesNothing() {
    String page = HtmlReport.render(JsonReport.toJson(SampleRuns.mixed()));

    assertThat(page).doesNotContainPattern("(?i)\\b(src|href)\\s*=");
    assertThat(page).doesNotContainPattern("(?i)url\\(");
    assertThat(page).doesNotContainPattern("(?i)@import");
    assertThat(page).contains("default-src 'none'");
  }

  @Test
  void writingCreatesTheDirectoriesAndReplacesTheOldPage() throws Exception {
    Path file = dir.resolve("deep/er/report.html");
    HtmlReport html = new HtmlReport(file);
    assertThat(html.file()).isEqualTo(file);
    html.write(SampleRuns.mixed());
    RunReport empty =
        new RunReport(new RunSummary(0, 0, 0, 0, 0, 0, 0, 0.1, 5), List.of(), List.of(), List.of());
    html.write(empty);

    String page = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(page).isEqualTo(HtmlReport.render(JsonReport.toJson(empty)));
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  private static String data(String page) {
    Matcher m = DATA.matcher(page);
    assertThat(m.find()).as("the page has its data element").isTrue();
    return m.group(1);
  }
}
