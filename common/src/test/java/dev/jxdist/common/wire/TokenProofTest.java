package dev.jxdist.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * A coordinator's proof checks only for the token, the nonce and the certificate it was made for.
 */
class TokenProofTest {

  private static final RunToken TOKEN = RunToken.of("0123456789abcdef0123456789abcdef");
  private static final CertificatePin CERT = CertificatePin.parse("aa".repeat(32));

  @Test
  void aProofChecksForItsTokenNonceAndCertificateOnly() {
    ByteBuffer nonce = TokenProof.nonce();
    ByteBuffer proof = TokenProof.of(TOKEN, nonce, CERT);

    assertThat(TokenProof.checks(proof, TOKEN, nonce, CERT)).isTrue();
    assertThat(TokenProof.checks(proof, RunToken.of(TOKEN.reveal() + "x"), nonce, CERT))
        .as("another token")
        .isFalse();
    assertThat(TokenProof.checks(proof, TOKEN, TokenProof.nonce(), CERT))
        .as("another nonce: an old proof replayed")
        .isFalse();
    assertThat(TokenProof.checks(proof, TOKEN, nonce, CertificatePin.parse("bb".repeat(32))))
        .as("another certificate: a proof relayed from behind another connection")
        .isFalse();
    assertThat(TokenProof.checks(ByteBuffer.allocate(32), TOKEN, nonce, CERT))
        .as("zeros")
        .isFalse();
    assertThat(proof.remaining()).isEqualTo(32);
  }

  @Test
  void theProofIsNotTheTokenNorAPlainHmacOfTheNonce() {
    ByteBuffer nonce = TokenProof.nonce();
    byte[] proof = new byte[32];
    TokenProof.of(TOKEN, nonce, CERT).duplicate().get(proof);
    byte[] nonceBytes = new byte[32];
    nonce.duplicate().get(nonceBytes);

    assertThat(proof).isNotEqualTo(TOKEN.mac(nonceBytes));
    assertThat(proof).isNotEqualTo(TOKEN.mac(nonceBytes, CERT.sha256()));
  }

  @Test
  void aNonceOfAnotherSizeIsRefused() {
    assertThatThrownBy(() -> TokenProof.of(TOKEN, ByteBuffer.allocate(31), CERT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a Challenge's nonce is 32 bytes, not 31");
  }
}
