package dev.jxdist.coordinator.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

  @TempDir Path dir;

  @Test
  void aCreatedTokenIsStrongAndReadableByItsOwnerOnly() throws IOException {
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    Path file = dir.resolve("sub/token");

    RunToken token =
        TokenFile.readOrCreate(file, new PrintStream(said, true, StandardCharsets.UTF_8));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(token.reveal()).hasSizeGreaterThanOrEqualTo(32);
    assertThat(said.toString(StandardCharsets.UTF_8))
        .contains(file.toString())
        .doesNotContain(token.reveal());
    assertThat(TokenFile.read(file, "--token-file").matches(token.reveal())).isTrue();
  }

  @Test
  void aShortTokenIsRefusedWithoutShowingIt() throws IOException {
    Path file = ownerOnly(dir.resolve("token"), "0123456789abcdef0123456789abcde");

    assertThatThrownBy(() -> TokenFile.read(file, "--token-file"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--token-file " + file)
        .hasMessageContaining("31 characters")
        .hasMessageContaining("openssl rand -hex 32 > " + file)
        .hasMessageNotContaining("0123456789abcdef");
  }

  @Test
  void aFileOthersCanReadIsRefusedWithTheChmodThatFixesIt() throws IOException {
    Path file = ownerOnly(dir.resolve("my token"), "0123456789abcdef0123456789abcdef");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    assertThatThrownBy(() -> TokenFile.read(file, "--token-file"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("(rw-r-----)")
        .hasMessageContaining("run 'chmod 600 \"" + file + "\"'")
        .hasMessageNotContaining("0123456789abcdef");
    assertThatThrownBy(() -> TokenFile.readOrCreate(file, System.err))
        .hasMessageContaining("chmod 600");

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThat(TokenFile.read(file, "--token-file").matches("0123456789abcdef0123456789abcdef"))
        .isTrue();
  }

  private static Path ownerOnly(Path file, String content) throws IOException {
    Files.writeString(file, content + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }
}
