package dev.jxdist.common.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The proofs an agent and a coordinator exchange that each knows the agent's token: HMAC-SHA256
 * under the token of a label, the other side's fresh nonce and the SHA-256 of the agent's TLS
 * certificate. Like {@link TokenProof}, but with labels of their own, one per side, so that no
 * proof made here can be replayed as a join proof or as the other side's proof, even when an agent
 * token is also some run's token.
 */
public final class AgentProof {

  /** Which side proves. */
  public enum Side {
    /** The agent answers the coordinator's Hello. */
    AGENT("jxdist agent 1: the agent knows the token\n"),
    /** The coordinator answers the agent's challenge. */
    COORDINATOR("jxdist agent 1: the coordinator knows the token\n");

    private final String label;

    Side(String label) {
      this.label = label;
    }
  }

  private AgentProof() {}

  /**
   * The proof by {@code side} for {@code nonce}, over the agent's certificate {@code agentCert}.
   */
  public static ByteBuffer of(
      Side side, RunToken agentToken, ByteBuffer nonce, CertificatePin agentCert) {
    TokenProof.requireNonce(nonce);
    byte[] n = new byte[nonce.remaining()];
    nonce.duplicate().get(n);
    return ByteBuffer.wrap(
            agentToken.mac(side.label.getBytes(StandardCharsets.US_ASCII), n, agentCert.sha256()))
        .asReadOnlyBuffer();
  }

  /** Whether {@code proof} is {@code side}'s proof for {@code nonce}; in constant time. */
  public static boolean checks(
      Side side,
      ByteBuffer proof,
      RunToken agentToken,
      ByteBuffer nonce,
      CertificatePin agentCert) {
    if (nonce.remaining() != TokenProof.NONCE_BYTES) {
      return false;
    }
    byte[] p = new byte[proof.remaining()];
    proof.duplicate().get(p);
    ByteBuffer expected = of(side, agentToken, nonce, agentCert);
    byte[] e = new byte[expected.remaining()];
    expected.duplicate().get(e);
    return MessageDigest.isEqual(p, e);
  }
}
