package dev.jxdist.common.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A run's secret: what every worker and joiner presents to be let in. It is compared in constant
 * time, and it never prints itself ({@link #toString} hides it), so that it cannot slip into a log,
 * a report or an error message; {@link #reveal} is for the channels that hand it on (a worker's
 * stdin, a file only its user can read, the opening message of a stream).
 */
public final class RunToken {

  private static final int RANDOM_BYTES = 32;

  private final String text;
  private final byte[] bytes;

  private RunToken(String text) {
    this.text = text;
    this.bytes = text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The token {@code text} (as read from a token file, without surrounding whitespace).
   *
   * @throws IllegalArgumentException if it is empty
   */
  public static RunToken of(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("a run token cannot be empty");
    }
    return new RunToken(text);
  }

  /** A fresh token: 32 bytes from a strong source, in hex. */
  public static RunToken random() {
    byte[] b = new byte[RANDOM_BYTES];
    new SecureRandom().nextBytes(b);
    return new RunToken(HexFormat.of().formatHex(b));
  }

  /** Whether {@code presented} is this token; in constant time, null never matches. */
  public boolean matches(String presented) {
    return presented != null
        && MessageDigest.isEqual(bytes, presented.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * HMAC-SHA256 under this token (its UTF-8 bytes) of {@code parts}, one after the other: proof
   * that whoever made it knows the token, without handing the token on (see {@link TokenProof}).
   */
  public byte[] mac(byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(bytes, "HmacSHA256"));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no HmacSHA256", e);
    }
  }

  /** The secret itself, to hand on to a worker or joiner; never to print. */
  public String reveal() {
    return text;
  }

  @Override
  public String toString() {
    return "RunToken[hidden]";
  }
}
