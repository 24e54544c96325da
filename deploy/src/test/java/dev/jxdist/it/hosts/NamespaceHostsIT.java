package dev.jxdist.it.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The SSH test hosts as the system OpenSSH client sees them: each host is its own machine (own
 * user, home, host key), runs Java, takes SFTP uploads, can be cut off and healed, and leaves
 * nothing behind when closed. The last test closes the hosts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NamespaceHostsIT {

  private static final Path WORK_DIR = Path.of("target", "test-hosts", "NamespaceHostsIT");

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
  @Order(1)
  void eachHostLogsInAsItsOwnUserWithItsOwnHome() {
    List<TestHost> hosts = testHosts.hosts();
    assertThat(hosts).hasSize(2);
    assertThat(hosts.get(0).user()).isNotEqualTo(hosts.get(1).user());
    assertThat(hosts.get(0).address()).isNotEqualTo(hosts.get(1).address());

    for (TestHost host : hosts) {
      CommandResult whoami = ssh(host, "whoami");
      assertThat(whoami.exitCode()).as(whoami.describe()).isZero();
      assertThat(whoami.stdout().strip()).isEqualTo(host.user());

      CommandResult home = ssh(host, "echo $HOME");
      assertThat(home.exitCode()).as(home.describe()).isZero();
      assertThat(home.stdout().strip()).isEqualTo(host.home().toString());

      CommandResult local = host.exec("whoami");
      assertThat(local.stdout().strip()).as(local.describe()).isEqualTo(host.user());
    }
  }

  @Test
  @Order(2)
  void javaRunsOnEveryHost() {
    for (TestHost host : testHosts.hosts()) {
      CommandResult java = ssh(host, "java -version");

      assertThat(java.exitCode()).as(java.describe()).isZero();
      assertThat(java.stderr()).as(java.describe()).containsPattern("version \"(1[7-9]|[2-9]\\d)");
    }
  }

  @Test
  @Order(3)
  void sftpUploadLandsInTheUsersHome() throws IOException {
    for (TestHost host : testHosts.hosts()) {
      String content = "uploaded to " + host.name() + "\n";
      Path file = Files.writeString(WORK_DIR.resolve("upload.txt"), content);
      Path batch = Files.writeString(WORK_DIR.resolve("sftp-batch"), "put " + file + " up.txt\n");
      List<String> command = new ArrayList<>(List.of("sftp", "-b", batch.toString()));
      command.addAll(testHosts.sshOptions());
      command.add(host.user() + "@" + host.address());

      CommandResult sftp = CommandResult.run(command);

      assertThat(sftp.exitCode()).as(sftp.describe()).isZero();
      Path uploaded = host.home().resolve("up.txt");
      assertThat(uploaded).hasContent(content.strip());
      assertThat(Files.getOwner(uploaded).getName()).isEqualTo(host.user());
    }
  }

  @Test
  @Order(4)
  void aCutHostFailsFastAndWorksAgainWhenHealed() {
    TestHost cut = testHosts.hosts().get(0);
    TestHost other = testHosts.hosts().get(1);

    cut.cut();
    try {
      long start = System.nanoTime();
      CommandResult refused = ssh(cut, "true");
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(255);
      assertThat(took).isLessThan(Duration.ofSeconds(5));
      // Refused by the local routing table: nothing went out of the machine by the default route.
      assertThat(refused.stderr()).contains("No route to host");
      CommandResult unaffected = ssh(other, "true");
      assertThat(unaffected.exitCode()).as(unaffected.describe()).isZero();
    } finally {
      cut.heal();
    }

    CommandResult healed = ssh(cut, "true");
    assertThat(healed.exitCode()).as(healed.describe()).isZero();
  }

  @Test
  @Order(5)
  void aWrongHostKeyIsRefused() throws IOException {
    TestHost host = testHosts.hosts().get(0);
    Path otherKey = WORK_DIR.resolve("other_host_key");
    Files.deleteIfExists(otherKey);
    Files.deleteIfExists(WORK_DIR.resolve("other_host_key.pub"));
    CommandResult.run(
            List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString()))
        .orThrow();
    String[] wrongKey =
        Files.readString(WORK_DIR.resolve("other_host_key.pub"), StandardCharsets.UTF_8).split(" ");
    Path wrongKnownHosts =
        Files.writeString(
            WORK_DIR.resolve("known_hosts_wrong"),
            host.address() + " " + wrongKey[0] + " " + wrongKey[1] + "\n");
    List<String> options = new ArrayList<>(testHosts.sshOptions());
    options.replaceAll(
        option ->
            option.startsWith("UserKnownHostsFile=")
                ? "UserKnownHostsFile=" + wrongKnownHosts
                : option);

    CommandResult refused = ssh(options, host, "true");

    assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(255);
    assertThat(refused.stderr()).contains("Host key verification failed");
    CommandResult accepted = ssh(host, "true");
    assertThat(accepted.exitCode()).as(accepted.describe()).isZero();
  }

  @Test
  @Order(6)
  void closeLeavesNoNamespaceAndNoProcessOfTheUsers() throws InterruptedException {
    List<TestHost> hosts = testHosts.hosts();
    for (TestHost host : hosts) {
      // A daemon detached from its SSH session, as a remote worker JVM is.
      CommandResult daemon =
          ssh(host, "setsid nohup sleep 300 >/dev/null 2>&1 </dev/null & echo started");
      assertThat(daemon.stdout()).as(daemon.describe()).contains("started");
      // "started" is printed when the job is forked, not when it has become `sleep`: wait for it.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (host.processes("^sleep 300$").isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(host.processes("^sleep 300$")).hasSize(1);
    }

    testHosts.close();
    testHosts.close();

    String namespaces = CommandResult.run(List.of("ip", "netns", "list")).orThrow().stdout();
    for (TestHost host : hosts) {
      assertThat(namespaces).doesNotContain(host.namespace());
      assertThat(liveProcessesOf(host.user())).isEmpty();
    }
    String links = CommandResult.run(List.of("ip", "-o", "link", "show")).orThrow().stdout();
    assertThat(links).doesNotContain(TestHosts.VETH_PREFIX + ProcessHandle.current().pid());
    String routes = CommandResult.run(List.of("ip", "route", "show")).orThrow().stdout();
    assertThat(routes).doesNotContain("10.213.");
  }

  /** The user's processes that have not exited (zombies wait for init to reap them). */
  private static List<String> liveProcessesOf(String user) {
    CommandResult pgrep = CommandResult.run(List.of("pgrep", "-a", "-u", user));
    assertThat(pgrep.exitCode()).as(pgrep.describe()).isIn(0, 1);
    return pgrep
        .stdout()
        .lines()
        .filter(line -> TestHosts.isLive(Long.parseLong(line.split(" ")[0])))
        .toList();
  }

  private static CommandResult ssh(TestHost host, String command) {
    return ssh(testHosts.sshOptions(), host, command);
  }

  private static CommandResult ssh(List<String> options, TestHost host, String command) {
    List<String> line = new ArrayList<>(List.of("ssh"));
    line.addAll(options);
    line.add(host.user() + "@" + host.address());
    line.add(command);
    return CommandResult.run(line, null, null, Duration.ofSeconds(20));
  }
}
