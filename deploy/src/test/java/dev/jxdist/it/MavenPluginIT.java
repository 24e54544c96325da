package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.it.hosts.TestHost;
import dev.jxdist.it.hosts.TestHosts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code mvn jxdist:test} on a fresh copy of the multi-module fixture: the build passes with the
 * counts Surefire gives, fails like Surefire's when a test fails, splits into shards, and runs on
 * SSH hosts. The plugin is found in the local repository ({@code mvn install} of this build puts it
 * there before these tests run) through the {@code jxdist} prefix the fixture's root POM declares.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MavenPluginIT {

  private static Path project;

  @BeforeAll
  static void copyTheFixture() {
    project = Fixtures.freshCopy("multi-module", "multi-module-mvn");
  }

  private static ProcessResult mvnJxdistTest(String logName, Map<String, String> environment) {
    return Fixtures.runMaven(
        project, logName, environment, "-B", "jxdist:test", "-Djxdist.workers=2");
  }

  @Test
  @Order(1)
  void passesOnAFreshReactor() {
    ProcessResult run = mvnJxdistTest("mvn-jxdist-test", Map.of());

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.output()).as(run.describe()).contains("BUILD SUCCESS");
    SummaryLine summary = SummaryLine.lastIn(run.output());
    ReportTotals surefire = Fixtures.surefireTotals("multi-module");
    assertThat(surefire).isEqualTo(new ReportTotals(16, 0, 0, 0));
    assertThat(summary.totals()).as(run.describe()).isEqualTo(surefire);
    assertThat(ReportTotals.readModules(project, "target/jxdist-reports")).isEqualTo(surefire);
  }

  @Test
  @Order(2)
  void failsTheBuildWhenATestFails() {
    // The worker JVMs inherit Maven's environment: FX_FAIL=true makes one beta test fail.
    ProcessResult run = mvnJxdistTest("mvn-jxdist-test-failing", Map.of("FX_FAIL", "true"));

    assertThat(run.exitCode()).as(run.describe()).isNotZero();
    assertThat(run.output()).as(run.describe()).contains("BUILD FAILURE");
    assertThat(run.output())
        .as(run.describe())
        .containsPattern("(?i)test failures|tests? failed")
        .contains("failsOnlyWhenAskedTo");
    SummaryLine summary = SummaryLine.lastIn(run.output());
    assertThat(summary.totals()).isEqualTo(new ReportTotals(16, 1, 0, 0));
  }

  @Test
  @Order(3)
  void selectsWithDashDTestAsSurefireAndNeverLeaksIntoACliRun() {
    // As with Surefire, a -Dtest that matches no class of a module fails the build there.
    ProcessResult strict =
        Fixtures.runMaven(
            project,
            "mvn-jxdist-test-dtest-strict",
            Map.of(),
            "-B",
            "jxdist:test",
            "-Djxdist.workers=2",
            "-Dtest=AlphaSlowTest");
    assertThat(strict.exitCode()).as(strict.describe()).isNotZero();
    assertThat(strict.output())
        .contains("No tests matching pattern \"AlphaSlowTest\" were executed in module fx:beta!");

    ProcessResult selected =
        Fixtures.runMaven(
            project,
            "mvn-jxdist-test-dtest",
            Map.of(),
            "-B",
            "jxdist:test",
            "-Djxdist.workers=2",
            "-Dtest=AlphaSlowTest#slowOne,BetaJvmTest",
            "-Dsurefire.failIfNoSpecifiedTests=false");
    assertThat(selected.exitCode()).as(selected.describe()).isZero();
    assertThat(SummaryLine.lastIn(selected.output()).totals())
        .as(selected.describe())
        .isEqualTo(new ReportTotals(1 + 4, 0, 0, 0));

    // The CLI's next run sees the whole build, not the plugin's selection.
    ProcessResult cli =
        Jxdist.run(Fixtures.runsDir(), "run", "-n", "2", "--project", project.toString());
    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    assertThat(SummaryLine.lastIn(cli.output()).totals()).isEqualTo(new ReportTotals(16, 0, 0, 0));
  }

  /**
   * Two CI jobs, each {@code mvn jxdist:test -Djxdist.shard=I/2}: each runs a share of the
   * reactor's tests, the two shares make the whole, and each job writes the reports it is asked
   * for.
   */
  @Test
  @Order(4)
  void twoShardsRunTheReactorsTestsBetweenThem() {
    Set<String> seen = new TreeSet<>();
    int total = 0;
    for (int shard = 1; shard <= 2; shard++) {
      Path json = Fixtures.runsDir().resolve("mvn-jxdist-shard-" + shard + ".json");
      Path html = Fixtures.runsDir().resolve("mvn-jxdist-shard-" + shard + ".html");
      ProcessResult run =
          Fixtures.runMaven(
              project,
              "mvn-jxdist-test-shard-" + shard,
              Map.of(),
              "-B",
              "jxdist:test",
              "-Djxdist.workers=2",
              "-Djxdist.shard=" + shard + "/2",
              "-Djxdist.reportJson=" + json,
              "-Djxdist.reportHtml=" + html);

      assertThat(run.exitCode()).as(run.describe()).isZero();
      List<JsonReport.Entry> tests = JsonReport.read(json).tests();
      assertThat(tests).as("shard %d of 2", shard).isNotEmpty().hasSizeLessThan(16);
      tests.forEach(t -> seen.add(t.id()));
      total += tests.size();
      assertThat(html).isNotEmptyFile();
    }
    assertThat(total).as("no test in both shards").isEqualTo(seen.size());
    assertThat(seen).as("every test in one shard").hasSize(16);
  }

  /**
   * {@code mvn jxdist:test -Djxdist.hosts=...} with the SSH options as parameters: the reactor's
   * tests run on a real sshd host (a network namespace), and on no local worker.
   */
  @Test
  @Order(5)
  void runsTheReactorsTestsOnAnSshHost() {
    Path json = Fixtures.runsDir().resolve("mvn-jxdist-hosts.json");
    try (TestHosts testHosts =
        TestHosts.create(1, Path.of("target", "test-hosts", "MavenPluginIT").toAbsolutePath())) {
      TestHost host = testHosts.hosts().get(0);
      ProcessResult run =
          Fixtures.runMaven(
              project,
              "mvn-jxdist-test-hosts",
              Map.of(),
              "-B",
              "jxdist:test",
              "-Djxdist.hosts=" + host.user() + "@" + host.address() + "*2",
              "-Djxdist.sshKeys=" + testHosts.clientKey(),
              "-Djxdist.knownHosts=" + testHosts.knownHosts(),
              "-Djxdist.requireAllHosts",
              "-Djxdist.reportJson=" + json);

      assertThat(run.exitCode()).as(run.describe()).isZero();
      JsonReport report = JsonReport.read(json);
      assertThat(report.summary().totals()).isEqualTo(new ReportTotals(16, 0, 0, 0));
      assertThat(report.tests()).allMatch(t -> t.host().equals(host.address()));
      assertThat(report.hosts()).extracting(JsonReport.Host::name).containsExactly(host.address());
      // Two slots; a slot whose module ran out of work may start a worker for another module.
      assertThat(report.workers().stream().map(JsonReport.Worker::slot).distinct()).hasSize(2);
      assertThat(host.processes("jxdist-worker")).as("workers left on " + host).isEmpty();
    }
  }
}
