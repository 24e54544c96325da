package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/**
 * jxdist's exit codes as a script sees them: 0 all passed, 4 usage error, 5 no tests found. Exit 1
 * (tests failed) is covered by {@link BasicsIT}. Usage errors name the thing at fault and are not
 * stack traces.
 */
class ExitCodesIT {

  @Test
  void allPassedExitsZero() {
    Path project = Fixtures.built("junit6");

    ProcessResult run =
        Jxdist.run(Fixtures.runsDir(), "run", "-n", "1", "--project", project.toString());

    assertThat(run.exitCode()).as(run.describe()).isZero();
    SummaryLine summary = SummaryLine.lastIn(run.output());
    assertThat(summary.total()).isPositive().isEqualTo(summary.passed());
    assertThat(summary.workers()).isEqualTo(1);
  }

  /**
   * Jupiter's random orders pick their seed per JVM unless the suite sets one: the workers of a run
   * share the run's, so they discover the same plan and the run goes ahead.
   */
  @Test
  void randomTestOrdersAreOneOrderForEveryWorkerOfTheRun() {
    Path project = Fixtures.built("junit6");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "2",
            "--project",
            project.toString(),
            "--jvm-arg=-Djunit.jupiter.testmethod.order.default="
                + "org.junit.jupiter.api.MethodOrderer$Random",
            "--jvm-arg=-Djunit.jupiter.testclass.order.default="
                + "org.junit.jupiter.api.ClassOrderer$Random");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    SummaryLine summary = SummaryLine.lastIn(run.output());
    assertThat(summary.total()).isPositive().isEqualTo(summary.passed());
    assertThat(summary.workers()).isEqualTo(2);
  }

  @Test
  void versionPrintsTheReleaseAndExitsZero() {
    ProcessResult run = Jxdist.run(Fixtures.runsDir(), "--version");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.output().strip()).matches("jxdist \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void unknownOptionExitsFourAndNamesTheOption() {
    ProcessResult run = Jxdist.run(Fixtures.runsDir(), "run", "--no-such-option", "-n", "1");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(4);
    assertThat(run.output()).contains("--no-such-option");
    assertNoStackTrace(run);
  }

  @Test
  void hostOptionsThatDoNotFitExitFourAndSayWhy() {
    String[] suite = {"--project", Fixtures.built("junit6").toString()};

    ProcessResult noHosts =
        Jxdist.run(Fixtures.runsDir(), concat(new String[] {"run", "--tunnel"}, suite));
    assertThat(noHosts.exitCode()).as(noHosts.describe()).isEqualTo(4);
    assertThat(noHosts.output()).contains("--tunnel goes with --hosts or --hosts-file");

    ProcessResult both =
        Jxdist.run(
            Fixtures.runsDir(),
            concat(
                new String[] {"run", "--hosts", "h1", "--tunnel", "--advertise", "10.0.0.1:7070"},
                suite));
    assertThat(both.exitCode()).as(both.describe()).isEqualTo(4);
    assertThat(both.output()).contains("--tunnel and --advertise exclude each other");

    ProcessResult badAddress =
        Jxdist.run(
            Fixtures.runsDir(),
            concat(new String[] {"run", "--hosts", "h1", "--advertise", "10.0.0.1"}, suite));
    assertThat(badAddress.exitCode()).as(badAddress.describe()).isEqualTo(4);
    assertThat(badAddress.output()).contains("--advertise '10.0.0.1' is not HOST:PORT");
    assertNoStackTrace(badAddress);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void missingClasspathEntryExitsFourAndNamesThePath() {
    Path testClasses = Fixtures.built("junit6").resolve("target/test-classes");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "1",
            "-cp",
            testClasses + File.pathSeparator + "/nonexistent/x.jar",
            "--scan",
            testClasses.toString());

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(4);
    assertThat(run.output()).contains("/nonexistent/x.jar");
    assertNoStackTrace(run);
  }

  /**
   * A token file that another user owns: a root run (as CI runs this) reading a token someone
   * planted in a shared directory would let that someone join. Refused before anything runs.
   */
  @Test
  void aTokenFileOfAnotherUserExitsFourAndNamesItsOwner() throws IOException {
    Path testClasses = Fixtures.built("junit6").resolve("target/test-classes");
    Path token = Fixtures.runsDir().resolve("planted-token");
    Files.deleteIfExists(token);
    Files.writeString(token, "0123456789abcdef".repeat(4) + "\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    Files.setOwner(
        token,
        token.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "1",
            "-cp",
            testClasses.toString(),
            "--scan",
            testClasses.toString(),
            "--token-file",
            token.toString());

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(4);
    assertThat(run.output())
        .contains("--token-file " + token)
        .contains("belongs to nobody, not to " + System.getProperty("user.name"))
        .doesNotContain("0123456789abcdef");
    assertNoStackTrace(run);
  }

  @Test
  void projectWithoutTestsExitsFive() {
    Path project = Fixtures.built("empty");

    ProcessResult run =
        Jxdist.run(Fixtures.runsDir(), "run", "-n", "1", "--project", project.toString());

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(5);
    assertNoStackTrace(run);
  }

  private static void assertNoStackTrace(ProcessResult run) {
    assertThat(run.output())
        .as("a user-facing error, not a stack trace: %s", run.describe())
        .doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(");
  }
}
