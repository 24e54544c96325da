package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jxdist.it.hosts.TestHost;
import dev.jxdist.it.hosts.TestHosts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code jxdist run --hosts} on two real OpenSSH hosts (network namespaces), two workers each: the
 * slow fixture (four classes of 2.1 s) runs with every test reported once, on both hosts, and no worker JVM is left on
 * either host afterwards; each host's sync is reported in a line of its own.
 */
class RemoteRunIT {

  private static final Path WORK_DIR = Path.of("target", "test-hosts", "RemoteRunIT").toAbsolutePath();

  private static TestHosts testHosts;

  @BeforeAll
  static void createHosts() {
    testHosts = TestHosts.create(2, WORK_DIR);
  }

  @AfterAll
  static void closeHosts() {
    if (testHosts != null) {
      testHosts.close();
    }
  }

  @Test
  void aSuiteRunsOnTwoHostsWithEveryTestOnceAndLeavesNoWorker() throws Exception {
    Path project = Fixtures.built("slow");
    Path json = Fixtures.runsDir().resolve("remote-run.json");
    Files.deleteIfExists(json);
    TestHost a = testHosts.hosts().get(0);
    TestHost b = testHosts.hosts().get(1);

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "--hosts",
            a.user() + "@" + a.address() + "*2," + b.user() + "@" + b.address() + "*2",
            "--ssh-key",
            testHosts.clientKey().toString(),
            "--known-hosts",
            testHosts.knownHosts().toString(),
            "--project",
            project.toString(),
            "--report-json",
            json.toString());

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonReport report = JsonReport.read(json);
    List<String> ids = report.tests().stream().map(JsonReport.Entry::id).toList();
    assertThat(ids).isNotEmpty().doesNotHaveDuplicates().hasSize(report.summary().total());
    assertThat(report.summary().passed() + report.summary().skipped())
        .isEqualTo(report.summary().total());

    JsonObject root =
        JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
    List<String> hosts = new ArrayList<>();
    for (JsonElement test : root.getAsJsonArray("tests")) {
      hosts.add(test.getAsJsonObject().get("host").getAsString());
    }
    Set<String> used = hosts.stream().collect(Collectors.toSet());
    assertThat(used).as(run.describe()).containsExactlyInAnyOrder(a.address(), b.address());

    for (TestHost host : List.of(a, b)) {
      assertThat(host.processes("jxdist-worker")).as("workers left on " + host).isEmpty();
    }
    // Each host's sync figures: the classpath, the worker jar and the project files went there.
    for (JsonElement host : root.getAsJsonArray("hosts")) {
      JsonObject sync = host.getAsJsonObject().getAsJsonObject("sync");
      assertThat(sync.get("files").getAsInt()).as(host.toString()).isPositive();
      assertThat(sync.get("files_uploaded").getAsInt()).isLessThanOrEqualTo(sync.get("files").getAsInt());
    }
    assertThat(root.getAsJsonArray("hosts")).hasSize(2);
    // Off a terminal, each host's sync says how it went in one line as soon as it is over.
    for (TestHost host : List.of(a, b)) {
      assertThat(run.output())
          .containsPattern(
              "(?m)^sync "
                  + Pattern.quote(host.address())
                  + ": [1-9][0-9]* files, [0-9]+ uploaded, [0-9.]+ [KM]?i?B in [0-9]+\\.[0-9]s$");
    }
  }

  @Test
  void aHostThatCannotBeReachedIsNamedAndTheRunGoesOnWithoutIt() throws Exception {
    Path project = Fixtures.built("junit6");
    Path json = Fixtures.runsDir().resolve("remote-run-bad-host.json");
    Files.deleteIfExists(json);
    TestHost good = testHosts.hosts().get(0);
    TestHost cut = testHosts.hosts().get(1);
    cut.cut();
    ProcessResult run;
    try {
      run =
          Jxdist.run(
              Fixtures.runsDir(),
              "run",
              "--hosts",
              good.user() + "@" + good.address() + "," + cut.user() + "@" + cut.address(),
              "--ssh-key",
              testHosts.clientKey().toString(),
              "--known-hosts",
              testHosts.knownHosts().toString(),
              "--project",
              project.toString(),
              "--report-json",
              json.toString());
    } finally {
      cut.heal();
    }

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.output()).contains(cut.address() + ": unreachable");
    // Its place is gone with it: the good host runs its one worker, not two.
    assertThat(SummaryLine.lastIn(run.output()).workers()).isEqualTo(1);
    JsonObject root =
        JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
    for (JsonElement test : root.getAsJsonArray("tests")) {
      assertThat(test.getAsJsonObject().get("host").getAsString()).isEqualTo(good.address());
      assertThat(test.getAsJsonObject().get("status").getAsString()).isEqualTo("passed");
    }
    assertThat(root.getAsJsonArray("tests")).isNotEmpty();
  }
}
