package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.it.hosts.CommandResult;
import dev.jxdist.it.hosts.TestHost;
import dev.jxdist.it.hosts.TestHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code jxdist hosts check} against real OpenSSH hosts (network namespaces): good hosts show their
 * Java, cores, disk and store; a cut host, a host with a wrong known_hosts key and a host without
 * the given Java are each named with their reason; {@code --ssh-accept-new} records new keys but
 * never accepts a changed one.
 */
class HostsCheckIT {

  private static final Path WORK_DIR =
      Path.of("target", "test-hosts", "HostsCheckIT").toAbsolutePath();
  private static final Pattern COLUMNS = Pattern.compile("\\s{2,}");

  private static TestHosts testHosts;
  private static TestHost good1;
  private static TestHost good2;
  private static TestHost cut;
  private static TestHost wrongKey;

  /** The hosts' real keys, except a wrong one for {@link #wrongKey}. */
  private static Path knownHostsWithWrongKey;

  private static String wrongKeyLine;

  @BeforeAll
  static void createHosts() throws IOException {
    testHosts = TestHosts.create(4, WORK_DIR);
    List<TestHost> hosts = testHosts.hosts();
    good1 = hosts.get(0);
    good2 = hosts.get(1);
    cut = hosts.get(2);
    wrongKey = hosts.get(3);

    Path otherKey = WORK_DIR.resolve("other_host_key");
    Files.deleteIfExists(otherKey);
    Files.deleteIfExists(WORK_DIR.resolve("other_host_key.pub"));
    CommandResult.run(
            List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString()))
        .orThrow();
    String[] key =
        Files.readString(WORK_DIR.resolve("other_host_key.pub"), StandardCharsets.UTF_8).split(" ");
    wrongKeyLine = wrongKey.address() + " " + key[0] + " " + key[1];
    String lines =
        Files.readAllLines(testHosts.knownHosts()).stream()
            .map(line -> line.startsWith(wrongKey.address() + " ") ? wrongKeyLine : line)
            .collect(Collectors.joining("\n", "", "\n"));
    knownHostsWithWrongKey = Files.writeString(WORK_DIR.resolve("known_hosts_wrong"), lines);
    assertThat(lines).contains(wrongKeyLine).doesNotContain(wrongKey.hostKey());
  }

  @AfterAll
  static void closeHosts() {
    if (testHosts != null) {
      testHosts.close();
    }
  }

  @Test
  void goodHostsShowTheirFactsAndBadHostsTheirReason() {
    good1.exec(
        "sh",
        "-c",
        "mkdir -p .cache/jxdist/blobs && head -c 1048576 /dev/zero > .cache/jxdist/blobs/b1");
    cut.cut();
    ProcessResult check;
    try {
      check =
          Jxdist.run(
              WORK_DIR,
              "hosts",
              "check",
              "--hosts",
              String.join(",", spec(good1), spec(cut), spec(wrongKey), spec(good2) + "*auto"),
              "--ssh-key",
              testHosts.clientKey().toString(),
              "--known-hosts",
              knownHostsWithWrongKey.toString());
    } finally {
      cut.heal();
    }

    assertThat(check.exitCode()).as(check.describe()).isEqualTo(1);
    List<String> lines = check.output().lines().toList();
    assertThat(lines.get(0))
        .as(check.describe())
        .matches("HOST\\s+REACHABLE\\s+JAVA\\s+CORES\\s+FREE DISK\\s+STORE");
    // One row per host, in the order of the host list, named as the list names it.
    assertThat(lines.subList(1, 5))
        .extracting(line -> line.split(" ")[0])
        .containsExactly(good1.name(), cut.name(), wrongKey.name(), good2.name());
    for (TestHost good : List.of(good1, good2)) {
      String[] row = COLUMNS.split(row(lines, good));
      assertThat(row).as(check.describe()).hasSize(6);
      assertThat(row[1]).isEqualTo("yes");
      assertThat(Integer.parseInt(row[2].split("\\.")[0])).isGreaterThanOrEqualTo(17);
      assertThat(Integer.parseInt(row[3])).isPositive();
      assertThat(row[4]).matches("[0-9.]+ (B|KiB|MiB|GiB|TiB)");
    }
    assertThat(COLUMNS.split(row(lines, good1))[5]).isEqualTo("1.0 MiB");
    assertThat(COLUMNS.split(row(lines, good2))[5]).isEqualTo("0 B");
    assertThat(row(lines, cut))
        .as(check.describe())
        .matches(Pattern.quote(cut.name()) + "\\s+no\\s+unreachable \\(.*\\)");
    assertThat(row(lines, wrongKey))
        .as(check.describe())
        .matches(
            Pattern.quote(wrongKey.name())
                + "\\s+no\\s+host key does not match "
                + Pattern.quote(knownHostsWithWrongKey.toString())
                + "; remove the old key if the host was rebuilt");
    assertThat(check.output()).contains("2 of 4 hosts usable");
    // The cache directory is made where a run will need it.
    assertThat(good2.home().resolve(".cache/jxdist")).isDirectory();
  }

  @Test
  void onlyGoodHostsExitZero() throws IOException {
    Path hostsFile =
        Files.writeString(
            WORK_DIR.resolve("hosts.txt"),
            "# good ones\n" + spec(good1) + "\n" + spec(good2) + "*2\n");

    ProcessResult check =
        Jxdist.run(
            WORK_DIR,
            "hosts",
            "check",
            "--hosts-file",
            hostsFile.toString(),
            "--ssh-key",
            testHosts.clientKey().toString(),
            "--known-hosts",
            knownHostsWithWrongKey.toString(),
            "--remote-cache",
            "~/my cache/jx'dist");

    assertThat(check.exitCode()).as(check.describe()).isZero();
    assertThat(check.output()).contains("2 of 2 hosts usable");
    // The cache path reached the host's shell as one word, ~ being the remote home.
    assertThat(good1.home().resolve("my cache/jx'dist")).isDirectory();
  }

  @Test
  void acceptNewRecordsUnknownKeysButNeverAcceptsAChangedOne() throws IOException {
    Path empty = WORK_DIR.resolve("known_hosts_empty");
    Files.writeString(empty, "");

    ProcessResult accepted = check(empty, true, good1, good2);

    assertThat(accepted.exitCode()).as(accepted.describe()).isZero();
    String recorded = Files.readString(empty);
    assertThat(recorded).contains(good1.address() + " " + good1.hostKey());
    assertThat(recorded).contains(good2.address() + " " + good2.hostKey());
    assertThat(recorded.lines()).hasSize(2);

    ProcessResult strict = check(empty, false, good1, good2);
    assertThat(strict.exitCode()).as(strict.describe()).isZero();

    String before = Files.readString(knownHostsWithWrongKey);
    ProcessResult changed = check(knownHostsWithWrongKey, true, wrongKey);
    assertThat(changed.exitCode()).as(changed.describe()).isEqualTo(1);
    assertThat(row(changed.output().lines().toList(), wrongKey))
        .contains("host key does not match");
    assertThat(knownHostsWithWrongKey).hasContent(before.strip());
  }

  @Test
  void anUnknownHostIsRefusedWithoutAcceptNew() throws IOException {
    Path empty = WORK_DIR.resolve("known_hosts_none");
    Files.deleteIfExists(empty);

    ProcessResult check = check(empty, false, good1);

    assertThat(check.exitCode()).as(check.describe()).isEqualTo(1);
    assertThat(row(check.output().lines().toList(), good1))
        .contains(
            "host key is not in " + empty + "; add it (ssh-keyscan) or pass --ssh-accept-new");
    assertThat(empty).doesNotExist();
  }

  @Test
  void aMissingJavaIsNamed() {
    ProcessResult check =
        Jxdist.run(
            WORK_DIR,
            "hosts",
            "check",
            "--hosts",
            spec(good1),
            "--ssh-key",
            testHosts.clientKey().toString(),
            "--known-hosts",
            testHosts.knownHosts().toString(),
            "--remote-java",
            "/nonexistent/java");

    assertThat(check.exitCode()).as(check.describe()).isEqualTo(1);
    assertThat(row(check.output().lines().toList(), good1))
        .matches(
            Pattern.quote(good1.name())
                + "\\s+yes\\s+no Java at /nonexistent/java; install Java 17\\+ or pass"
                + " --remote-java");
  }

  @Test
  void aBadOptionIsAUsageError() {
    ProcessResult check =
        Jxdist.run(
            WORK_DIR, "hosts", "check", "--hosts", spec(good1), "--ssh-key", "/nonexistent/key");

    assertThat(check.exitCode()).as(check.describe()).isEqualTo(4);
    assertThat(check.output()).contains("--ssh-key /nonexistent/key does not exist");
  }

  private static ProcessResult check(Path knownHosts, boolean acceptNew, TestHost... hosts) {
    List<String> args = new ArrayList<>(List.of("hosts", "check", "--hosts"));
    args.add(List.of(hosts).stream().map(HostsCheckIT::spec).collect(Collectors.joining(",")));
    args.addAll(
        List.of(
            "--ssh-key", testHosts.clientKey().toString(), "--known-hosts", knownHosts.toString()));
    if (acceptNew) {
      args.add("--ssh-accept-new");
    }
    return Jxdist.run(WORK_DIR, args.toArray(String[]::new));
  }

  private static String spec(TestHost host) {
    return host.user() + "@" + host.address();
  }

  private static String row(List<String> lines, TestHost host) {
    return lines.stream()
        .filter(line -> line.startsWith(host.name() + " "))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no row for " + host.name() + " in:\n" + String.join("\n", lines)));
  }
}
