package dev.jxdist.coordinator.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.coordinator.config.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file carries the run's certificate pin after the token, for joiners. */
class TokenFileTest {

  private static final CertificatePin PIN_A = CertificatePin.parse("aa".repeat(32));
  private static final CertificatePin PIN_B = CertificatePin.parse("bb".repeat(32));

  private final ByteArrayOutputStream said = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(said, true, StandardCharsets.UTF_8);

  @Test
  void aNewFileHoldsTheTokenThenThePin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");

    var token = TokenFile.readOrCreate(file, PIN_A, err);

    assertThat(Files.readAllLines(file))
        .containsExactly(token.reveal(), "coordinator-cert-sha256=" + PIN_A);
    assertThat(TokenFile.read(file, "--token-file").matches(token.reveal())).isTrue();
    assertThat(TokenFile.readPin(file, "--token-file")).contains(PIN_A);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void aLaterRunReplacesThePinAndKeepsTheToken(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    var token = TokenFile.readOrCreate(file, PIN_A, err);

    var again = TokenFile.readOrCreate(file, PIN_B, err);

    assertThat(again.matches(token.reveal())).isTrue();
    assertThat(Files.readAllLines(file))
        .containsExactly(token.reveal(), "coordinator-cert-sha256=" + PIN_B);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void aUsersTokenFileGetsThePinAndAFileWithoutOneHasNone(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "my-own-secret-of-the-team\n");
    assertThat(TokenFile.readPin(file, "--token-file")).isEmpty();

    TokenFile.readOrCreate(file, PIN_A, err);

    assertThat(Files.readAllLines(file))
        .containsExactly("my-own-secret-of-the-team", "coordinator-cert-sha256=" + PIN_A);
  }

  @Test
  void aMalformedPinNamesTheFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "secret\ncoordinator-cert-sha256=12\n");
    assertThatThrownBy(() -> TokenFile.readPin(file, "--token-file"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("64 hex digits");
  }
}
