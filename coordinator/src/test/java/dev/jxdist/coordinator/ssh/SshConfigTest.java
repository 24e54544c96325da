package dev.jxdist.coordinator.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.coordinator.config.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigTest {

  private static final Path HOME = Path.of("/home/ci");

  @Test
  void firstValueWinsAndIdentityFilesAddUp() {
    SshConfig config =
        SshConfig.parse(
            "test",
            String.join(
                "\n",
                "# build machines",
                "Host build1",
                "  HostName 10.0.0.7",
                "  User ci",
                "  Port 2222",
                "  IdentityFile ~/.ssh/build_key",
                "",
                "Host build*",
                "  User nobody",
                "  Port 22",
                "  IdentityFile /etc/keys/shared",
                "Host *",
                "  IdentityFile id_fallback"),
            HOME);

    SshConfig.Entry entry = config.lookup("build1");

    assertThat(entry.hostName()).contains("10.0.0.7");
    assertThat(entry.user()).contains("ci");
    assertThat(entry.port()).isEqualTo(OptionalInt.of(2222));
    assertThat(entry.identityFiles())
        .containsExactly(
            Path.of("/home/ci/.ssh/build_key"),
            Path.of("/etc/keys/shared"),
            Path.of("/home/ci/.ssh/id_fallback"));
  }

  @Test
  void patternsMatchWithWildcardsAndNegation() {
    SshConfig config =
        SshConfig.parse(
            "test", "Host build? !build9\n  User builder\nHost other\n  User other\n", HOME);

    assertThat(config.lookup("build3").user()).contains("builder");
    assertThat(config.lookup("build9").user()).isEmpty();
    assertThat(config.lookup("build10").user()).isEmpty();
    assertThat(config.lookup("BUILD4").user()).contains("builder");
    assertThat(config.lookup("other").user()).contains("other");
  }

  @Test
  void linesBeforeTheFirstHostApplyToEveryHost() {
    SshConfig config = SshConfig.parse("test", "User everyone\nHost a\n  User alice\n", HOME);

    assertThat(config.lookup("a").user()).contains("everyone");
    assertThat(config.lookup("b").user()).contains("everyone");
  }

  @Test
  void equalsSignsQuotesCaseAndPercentHAreUnderstood() {
    SshConfig config =
        SshConfig.parse(
            "test",
            "host=web\n  HOSTNAME=%h.example.com\n  identityfile \"~/my keys/web key\"\n",
            HOME);

    SshConfig.Entry entry = config.lookup("web");

    assertThat(entry.hostName()).contains("web.example.com");
    assertThat(entry.identityFiles()).containsExactly(Path.of("/home/ci/my keys/web key"));
  }

  @Test
  void matchBlocksAndUnknownKeywordsAreIgnored() {
    SshConfig config =
        SshConfig.parse(
            "test",
            "Match host web\n  User matched\nHost web\n  ForwardAgent yes\n  User plain\n",
            HOME);

    assertThat(config.lookup("web").user()).contains("plain");
  }

  @Test
  void aHostTheConfigDoesNotNameGetsNothing() {
    SshConfig.Entry entry = SshConfig.parse("test", "Host a\n  Port 2200\n", HOME).lookup("b");

    assertThat(entry)
        .isEqualTo(
            new SshConfig.Entry(
                Optional.empty(), Optional.empty(), OptionalInt.empty(), List.of()));
  }

  @Test
  void aBadPortNamesTheFileAndLine() {
    SshConfig config = SshConfig.parse("my-config", "Host a\n  Port 70000\n", HOME);

    assertThatThrownBy(() -> config.lookup("a"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("my-config line 2")
        .hasMessageContaining("70000");
  }

  @Test
  void aKeywordWithoutValueIsAUsageError() {
    assertThatThrownBy(() -> SshConfig.parse("my-config", "Host a\nUser\n", HOME))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("my-config line 2");
  }

  @Test
  void aMissingFileIsAnEmptyConfigAndARealFileIsRead(@TempDir Path dir) throws IOException {
    assertThat(SshConfig.read(dir.resolve("absent"), HOME).lookup("a").user()).isEmpty();

    Path file = Files.writeString(dir.resolve("config"), "Host a\n  User real\n");

    assertThat(SshConfig.read(file, HOME).lookup("a").user()).contains("real");
  }
}
