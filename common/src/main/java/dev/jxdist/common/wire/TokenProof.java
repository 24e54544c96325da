package dev.jxdist.common.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The coordinator's proof, on a Join stream, that it knows the run's token: HMAC-SHA256 under the
 * token of a label, the joiner's fresh nonce and the SHA-256 of the certificate the coordinator
 * presents on that TLS connection. A joiner checks it before it sends its token, its name or
 * anything else, so that a coordinator with a certificate the joiner accepts but without the token
 * gets nothing. The nonce makes an old proof useless; the certificate binds the proof to the
 * connection (a proof made behind another certificate does not check); the label keeps a proof from
 * being taken for any other HMAC under the token.
 */
public final class TokenProof {

  /** The size of a joiner's nonce. */
  public static final int NONCE_BYTES = 32;

  private static final byte[] LABEL =
      "jxdist join 2: the coordinator knows the token\n".getBytes(StandardCharsets.US_ASCII);

  private TokenProof() {}

  /** A fresh nonce of {@link #NONCE_BYTES} random bytes, for one Challenge. */
  public static ByteBuffer nonce() {
    byte[] b = new byte[NONCE_BYTES];
    new SecureRandom().nextBytes(b);
    return ByteBuffer.wrap(b).asReadOnlyBuffer();
  }

  /** The proof for {@code nonce} by a coordinator that presents {@code certificate}. */
  public static ByteBuffer of(RunToken token, ByteBuffer nonce, CertificatePin certificate) {
    requireNonce(nonce);
    return ByteBuffer.wrap(token.mac(LABEL, bytes(nonce), certificate.sha256())).asReadOnlyBuffer();
  }

  /**
   * Whether {@code proof} shows that the coordinator behind {@code certificate} knows {@code
   * token}, for the {@code nonce} this joiner sent; compared in constant time.
   */
  public static boolean checks(
      ByteBuffer proof, RunToken token, ByteBuffer nonce, CertificatePin certificate) {
    return MessageDigest.isEqual(bytes(proof), bytes(of(token, nonce, certificate)));
  }

  /**
   * Refuses a nonce of another size.
   *
   * @throws IllegalArgumentException saying what a nonce is
   */
  public static void requireNonce(ByteBuffer nonce) {
    if (nonce.remaining() != NONCE_BYTES) {
      throw new IllegalArgumentException(
          "a Challenge's nonce is " + NONCE_BYTES + " bytes, not " + nonce.remaining());
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return b;
  }
}
