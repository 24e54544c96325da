package dev.jxdist.coordinator.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenSshClientTest {

  private static final OpenSshClient.Endpoint BUILD1 =
      new OpenSshClient.Endpoint(
          "build1",
          "10.0.0.5",
          2222,
          "ci",
          List.of(Path.of("/keys/a"), Path.of("/keys/b")),
          Path.of("/home/me/.ssh/known_hosts"),
          Duration.ofSeconds(5));

  @AfterEach
  void clearProperty() {
    System.clearProperty("jxdist.ssh.client");
  }

  @Test
  void itMakesTheConnectionSshjMadeWithNothingOfTheUsersConfig() {
    System.setProperty("jxdist.ssh.client", "/opt/bin/ssh");

    List<String> line = OpenSshClient.find().orElseThrow().commandLine(BUILD1, "sh -c 'x'");

    assertThat(line.get(0)).isEqualTo("/opt/bin/ssh");
    assertThat(String.join(" ", line))
        .contains("-F /dev/null")
        .contains("-o BatchMode=yes")
        .contains("-o IdentitiesOnly=yes -o UserKnownHostsFile=/home/me/.ssh/known_hosts")
        .contains("-o StrictHostKeyChecking=yes")
        .contains("-o ConnectTimeout=5")
        .contains("-o Ciphers=aes128-gcm@openssh.com,")
        .contains("-i /keys/a -i /keys/b -p 2222 -l ci");
    assertThat(line.subList(line.size() - 3, line.size()))
        .containsExactly("--", "10.0.0.5", "sh -c 'x'");
  }

  @Test
  void noneMeansNoClient() {
    System.setProperty("jxdist.ssh.client", "none");

    assertThat(OpenSshClient.find()).isEmpty();
  }
}
