package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The selection options, on the junit6 fixture (CalculatorTest is tagged {@code math},
 * LifecycleTest {@code lifecycle}), both with {@code --project} and with {@code --classpath}/{@code
 * --scan}.
 */
class SelectionIT {

  @Test
  void selectClassRunsThatClassOnly() {
    Path project = Fixtures.built("junit6");
    Path json = Fixtures.runsDir().resolve("select-class.json");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "1",
            "--project",
            project.toString(),
            "--select-class",
            "fx.WordsTest",
            "--report-json",
            json.toString());

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonReport report = JsonReport.read(json);
    assertThat(report.tests()).hasSize(4).allMatch(t -> t.className().equals("fx.WordsTest"));
  }

  @Test
  void aClassThatIsNotThereIsAUsageErrorNamingIt() {
    Path project = Fixtures.built("junit6");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "1",
            "--project",
            project.toString(),
            "--select-class",
            "fx.NoSuchTest");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(4);
    assertThat(run.output()).contains("--select-class fx.NoSuchTest: no such class");
    assertThat(run.output()).doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(");
  }

  @Test
  void includeTagOnAClasspathWithScanRunsTheTaggedClassOnly() {
    Path project = Fixtures.built("junit6");
    Path testClasses = project.resolve("target/test-classes");
    Path json = Fixtures.runsDir().resolve("include-tag.json");
    Path reports = Fixtures.runsDir().resolve("include-tag-reports");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "1",
            "-cp",
            testClasses + File.pathSeparator + Fixtures.dependencyClasspath("junit6"),
            "--scan",
            testClasses.toString(),
            "--include-tag",
            "math",
            "--reports-dir",
            reports.toString(),
            "--report-json",
            json.toString());

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonReport report = JsonReport.read(json);
    assertThat(report.tests()).hasSize(3).allMatch(t -> t.className().equals("fx.CalculatorTest"));
    assertThat(reports.resolve("TEST-fx.CalculatorTest.xml")).isRegularFile();
    assertThat(reports.resolve("TEST-fx.WordsTest.xml")).doesNotExist();
  }

  @Test
  void excludeTagsAndSelectPackageLeaveTheTaggedClassesOut() {
    Path project = Fixtures.built("junit6");
    Path json = Fixtures.runsDir().resolve("exclude-tag.json");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "2",
            "--project",
            project.toString(),
            "--select-package",
            "fx",
            "--exclude-tag",
            "math",
            "--exclude-tag",
            "lifecycle",
            "--report-json",
            json.toString());

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonReport report = JsonReport.read(json);
    assertThat(report.tests())
        .isNotEmpty()
        .noneMatch(t -> t.className().equals("fx.CalculatorTest"))
        .noneMatch(t -> t.className().equals("fx.LifecycleTest"))
        .anyMatch(t -> t.className().equals("fx.WordsTest"));
  }
}
