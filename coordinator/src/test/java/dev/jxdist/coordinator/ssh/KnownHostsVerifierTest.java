package dev.jxdist.coordinator.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsVerifierTest {

  private static PublicKey key;
  private static PublicKey otherKey;

  @TempDir Path dir;

  @BeforeAll
  static void keys() throws GeneralSecurityException {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    key = rsa.generateKeyPair().getPublic();
    otherKey = rsa.generateKeyPair().getPublic();
  }

  @Test
  void anUnknownHostIsRefusedWithoutAcceptNew() throws IOException {
    Path file = dir.resolve("known_hosts");
    KnownHostsVerifier verifier = KnownHostsVerifier.read(file, false);

    assertThat(verifier.verify("build1", 22, key)).isFalse();
    assertThat(verifier.verdict()).isEqualTo(KnownHostsVerifier.Verdict.UNKNOWN);
    assertThat(file).doesNotExist();
  }

  @Test
  void acceptNewRecordsTheKeyAndTheNextCheckTrustsIt() throws IOException {
    Path file = dir.resolve("sub").resolve("known_hosts");

    assertThat(KnownHostsVerifier.read(file, true).verify("build1", 22, key)).isTrue();
    assertThat(KnownHostsVerifier.read(file, true).verify("build2", 2222, otherKey)).isTrue();

    assertThat(Files.readAllLines(file))
        .hasSize(2)
        .satisfies(lines -> assertThat(lines.get(0)).startsWith("build1 ssh-rsa AAAA"))
        .satisfies(lines -> assertThat(lines.get(1)).startsWith("[build2]:2222 ssh-rsa AAAA"));
    KnownHostsVerifier strict = KnownHostsVerifier.read(file, false);
    assertThat(strict.verify("build1", 22, key)).isTrue();
    assertThat(strict.verify("build2", 2222, otherKey)).isTrue();
    assertThat(strict.verdict()).isEqualTo(KnownHostsVerifier.Verdict.NONE);
  }

  @Test
  void aChangedKeyIsRefusedEvenWithAcceptNew() throws IOException {
    Path file = dir.resolve("known_hosts");
    KnownHostsVerifier.read(file, true).verify("build1", 22, key);
    String before = Files.readString(file);

    KnownHostsVerifier verifier = KnownHostsVerifier.read(file, true);

    assertThat(verifier.verify("build1", 22, otherKey)).isFalse();
    assertThat(verifier.verdict()).isEqualTo(KnownHostsVerifier.Verdict.CHANGED);
    assertThat(file).hasContent(before.strip());
  }

  @Test
  void anAppendedLineStartsOnANewLine() throws IOException {
    Path file = Files.writeString(dir.resolve("known_hosts"), "# no newline at the end");

    KnownHostsVerifier.read(file, true).verify("build1", 22, key);

    assertThat(Files.readAllLines(file)).hasSize(2);
  }
}
