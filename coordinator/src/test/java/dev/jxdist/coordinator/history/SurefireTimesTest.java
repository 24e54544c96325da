package dev.jxdist.coordinator.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurefireTimesTest {

  @TempDir Path dir;

  /** A report as Surefire 3.5 wrote it for the durations fixture (its properties cut to one). */
  void copyRealReport() throws IOException {
    try (InputStream in =
        getClass().getResourceAsStream("/surefire-reports/TEST-fx.MediumTest.xml")) {
      Files.copy(in, dir.resolve("TEST-fx.MediumTest.xml"));
    }
  }

  void report(String file, String text) throws IOException {
    Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
  }

  static String suite(String name, String time) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\""
        + name
        + "\" time=\""
        + time
        + "\" tests=\"1\">\n  <testcase name=\"t\" classname=\""
        + name
        + "\" time=\""
        + time
        + "\"/>\n</testsuite>\n";
  }

  @Test
  void readsEachClassTimeFromItsReport() throws IOException {
    copyRealReport();
    report("TEST-fx.LongTest.xml", suite("fx.LongTest", "2.005"));

    SurefireTimes times = SurefireTimes.in(dir);

    assertThat(times.seconds("fx.MediumTest")).hasValue(0.52);
    assertThat(times.seconds("fx.LongTest")).hasValue(2.005);
    assertThat(times.seconds("fx.NeverRun")).isEmpty();
    assertThat(times.total()).hasValueCloseTo(2.525, within(1e-9));
  }

  @Test
  void noReportsHaveNoTotal() throws IOException {
    assertThat(SurefireTimes.in(dir.resolve("never-tested")).total()).isEmpty();
    report("TEST-fx.NotXml.xml", "this is not xml");
    assertThat(SurefireTimes.in(dir).total()).isEmpty();
    assertThat(SurefireTimes.none().total()).isEmpty();
  }

  @Test
  void aNestedClassReportedOnItsOwnCountsForItsTopLevelClass() throws IOException {
    report("TEST-fx.Outer.xml", suite("fx.Outer", "1.5"));
    report("TEST-fx.Outer$Inner.xml", suite("fx.Outer$Inner", "0.25"));

    SurefireTimes times = SurefireTimes.in(dir);

    assertThat(times.seconds("fx.Outer")).hasValue(1.75);
    assertThat(times.seconds("fx.Outer$Inner")).isEmpty();
  }

  @Test
  void surefire2sGroupedThousandsAreRead() throws IOException {
    report("TEST-fx.Slow.xml", suite("fx.Slow", "1,234.5"));

    assertThat(SurefireTimes.in(dir).seconds("fx.Slow")).hasValue(1234.5);
  }

  @Test
  void whatIsNotASurefireReportIsPassedOver() throws IOException {
    report("TEST-fx.Good.xml", suite("fx.Good", "3"));
    report("TEST-fx.NotXml.xml", "this is not xml");
    report("TEST-fx.Empty.xml", "");
    report("TEST-fx.NoTime.xml", "<testsuite name=\"fx.NoTime\"/>");
    report("TEST-fx.NoName.xml", "<testsuite time=\"4\"/>");
    report("TEST-fx.Negative.xml", suite("fx.Negative", "-1"));
    report("TEST-fx.NaN.xml", suite("fx.NaN", "NaN"));
    report("TEST-fx.Words.xml", suite("fx.Words", "long"));
    report(
        "TEST-fx.Other.xml", "<testsuites><testsuite name=\"fx.Other\" time=\"5\"/></testsuites>");
    // Only TEST-*.xml files are reports: Surefire's text summaries and anything else are not.
    report("fx.Text.txt", suite("fx.Text", "6"));
    report("fx.Plain.xml", suite("fx.Plain", "7"));
    Files.createDirectory(dir.resolve("TEST-fx.Dir.xml"));

    SurefireTimes times = SurefireTimes.in(dir);

    assertThat(times.seconds("fx.Good")).hasValue(3.0);
    for (String other :
        new String[] {
          "fx.NotXml",
          "fx.Empty",
          "fx.NoTime",
          "fx.NoName",
          "fx.Negative",
          "fx.NaN",
          "fx.Words",
          "fx.Other",
          "fx.Text",
          "fx.Plain",
          "fx.Dir"
        }) {
      assertThat(times.seconds(other)).as(other).isEmpty();
    }
  }

  @Test
  void anEntityIsNeverResolved() throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "9.5", StandardCharsets.UTF_8);
    report(
        "TEST-fx.Entity.xml",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite [<!ENTITY t SYSTEM \""
            + secret.toUri()
            + "\">]>\n<testsuite name=\"fx.Entity\" time=\"&t;\"/>");

    assertThat(SurefireTimes.in(dir).seconds("fx.Entity")).isEmpty();
  }

  @Test
  void noDirectoryIsNoTimes() throws IOException {
    assertThat(SurefireTimes.in(dir.resolve("missing")).seconds("fx.A")).isEmpty();
    report("file", "a file, not a directory");
    assertThat(SurefireTimes.in(dir.resolve("file")).seconds("fx.A")).isEmpty();
    assertThat(SurefireTimes.none().seconds("fx.A")).isEmpty();
  }

  @Test
  void theDirectoryIsReadWhenATimeIsFirstAskedFor() throws IOException {
    SurefireTimes times = SurefireTimes.in(dir);
    report("TEST-fx.Late.xml", suite("fx.Late", "1"));

    assertThat(times.seconds("fx.Late")).hasValue(1.0);
    report("TEST-fx.Later.xml", suite("fx.Later", "1"));
    assertThat(times.seconds("fx.Later")).as("read once").isEmpty();
  }
}
