package dev.jxdist.coordinator.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token file: a strong token readable by its owner only, refused otherwise with what fixes it,
 * and the run's certificate pin after the token, for joiners.
 */
class TokenFileTest {

  private static final CertificatePin PIN_A = CertificatePin.parse("aa".repeat(32));
  private static final CertificatePin PIN_B = CertificatePin.parse("bb".repeat(32));
  private static final String TEAM_SECRET = "my-own-secret-of-the-team-0123456789";

  @TempDir Path dir;

  private final ByteArrayOutputStream said = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(said, true, StandardCharsets.UTF_8);

  @Test
  void aCreatedTokenIsStrongAndReadableByItsOwnerOnly() throws IOException {
    Path file = dir.resolve("sub/token");

    RunToken token = TokenFile.readOrCreate(file, err);

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

  @Test
  void aFileOfAnotherUserIsRefusedNamingBoth() throws IOException {
    Path file = ownerOnly(dir.resolve("token"), TEAM_SECRET);
    UserPrincipalLookupService users = file.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal other;
    if (Files.getOwner(file).getName().equals("root")) {
      // Run as root (as CI is): a file that user nobody planted, read by root.
      Files.setOwner(file, users.lookupPrincipalByName("nobody"));
      other = users.lookupPrincipalByName("root");
    } else {
      // Run as a user: the same file read as if by another user.
      other = users.lookupPrincipalByName("nobody");
    }
    UserPrincipal owner = Files.getOwner(file);

    assertThatThrownBy(() -> TokenFile.requireOwnedBy(file, "--token-file", other))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--token-file " + file)
        .hasMessageContaining("belongs to " + owner.getName() + ", not to " + other.getName())
        .hasMessageContaining("a token file of your own instead ('umask 077; openssl rand")
        .hasMessageNotContaining(TEAM_SECRET);
    // Its owner reads it.
    TokenFile.requireOwnedBy(file, "--token-file", owner);
  }

  @Test
  void aFileOfRootsIsTakenAsItsOwnUsersFileIs() throws IOException {
    Path file = ownerOnly(dir.resolve("token"), TEAM_SECRET);
    UserPrincipalLookupService users = file.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal root = users.lookupPrincipalByName("root");
    if (!Files.getOwner(file).equals(root)) {
      // Not root: the file is the reader's own, and read as such.
      assertThat(TokenFile.read(file, "--token-file").matches(TEAM_SECRET)).isTrue();
      return;
    }
    // Root's file, read by another user: nobody but root could have planted it.
    TokenFile.requireOwnedBy(file, "--token-file", users.lookupPrincipalByName("nobody"));
    assertThat(TokenFile.read(file, "--token-file").matches(TEAM_SECRET)).isTrue();
  }

  @Test
  void aNewFileHoldsTheTokenThenThePin() throws Exception {
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
  void aLaterRunReplacesThePinAndKeepsTheToken() throws Exception {
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
  void aUsersTokenFileGetsThePinAndAFileWithoutOneHasNone() throws Exception {
    Path file = ownerOnly(dir.resolve("token"), TEAM_SECRET);
    assertThat(TokenFile.readPin(file, "--token-file")).isEmpty();

    TokenFile.readOrCreate(file, PIN_A, err);

    assertThat(Files.readAllLines(file))
        .containsExactly(TEAM_SECRET, "coordinator-cert-sha256=" + PIN_A);
  }

  @Test
  void aMalformedPinNamesTheFile() throws Exception {
    Path file = ownerOnly(dir.resolve("token"), TEAM_SECRET + "\ncoordinator-cert-sha256=12");
    assertThatThrownBy(() -> TokenFile.readPin(file, "--token-file"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("64 hex digits");
  }

  private static Path ownerOnly(Path file, String content) throws IOException {
    Files.writeString(file, content + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }
}
