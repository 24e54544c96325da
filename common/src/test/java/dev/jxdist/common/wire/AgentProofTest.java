package dev.jxdist.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class AgentProofTest {

  private static final RunToken TOKEN = RunToken.of("0123456789abcdef0123456789abcdef");
  private static final CertificatePin CERT = CertificatePin.parse("aa".repeat(32));

  @Test
  void aProofChecksForItsSideNonceTokenAndCertificateOnly() {
    ByteBuffer nonce = TokenProof.nonce();
    ByteBuffer proof = AgentProof.of(AgentProof.Side.AGENT, TOKEN, nonce, CERT);

    assertThat(AgentProof.checks(AgentProof.Side.AGENT, proof, TOKEN, nonce, CERT)).isTrue();
    assertThat(AgentProof.checks(AgentProof.Side.COORDINATOR, proof, TOKEN, nonce, CERT))
        .as("the other side's proof")
        .isFalse();
    assertThat(AgentProof.checks(AgentProof.Side.AGENT, proof, TOKEN, TokenProof.nonce(), CERT))
        .as("another nonce")
        .isFalse();
    assertThat(
            AgentProof.checks(
                AgentProof.Side.AGENT,
                proof,
                RunToken.of("fedcba9876543210fedcba9876543210"),
                nonce,
                CERT))
        .as("another token")
        .isFalse();
    assertThat(
            AgentProof.checks(
                AgentProof.Side.AGENT, proof, TOKEN, nonce, CertificatePin.parse("bb".repeat(32))))
        .as("made behind another certificate (a relay)")
        .isFalse();
  }

  @Test
  void noAgentProofIsAJoinProofUnderTheSameToken() {
    ByteBuffer nonce = TokenProof.nonce();
    for (AgentProof.Side side : AgentProof.Side.values()) {
      assertThat(TokenProof.checks(AgentProof.of(side, TOKEN, nonce, CERT), TOKEN, nonce, CERT))
          .as(side.name())
          .isFalse();
    }
  }

  @Test
  void aNonceOfAnotherSizeNeverChecks() {
    ByteBuffer shortNonce = ByteBuffer.wrap(new byte[8]);
    assertThat(
            AgentProof.checks(
                AgentProof.Side.COORDINATOR, ByteBuffer.allocate(32), TOKEN, shortNonce, CERT))
        .isFalse();
  }
}
