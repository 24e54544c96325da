package dev.jxdist.common.wire;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The SHA-256 fingerprint of the coordinator's certificate: the one certificate a worker or a
 * joiner accepts. Written as {@code openssl x509 -fingerprint -sha256} prints it (64 hex digits in
 * pairs separated by colons); read with or without the colons, in either case.
 *
 * <p>{@link #trustManager} trusts exactly the certificate with this fingerprint: no certificate
 * authority, no host name (a coordinator is dialled by whatever address reaches it), no validity
 * dates (the pin is handed over with the run and lives as long as it does).
 */
public final class CertificatePin {

  private static final HexFormat COLONS = HexFormat.ofDelimiter(":").withUpperCase();

  private final byte[] sha256;

  private CertificatePin(byte[] sha256) {
    this.sha256 = sha256;
  }

  /**
   * The pin of {@code certificate}.
   *
   * @throws IllegalArgumentException if it cannot be encoded
   */
  public static CertificatePin of(X509Certificate certificate) {
    try {
      return new CertificatePin(digest(certificate.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("the certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  /**
   * Parses a fingerprint: 64 hex digits, in pairs separated by colons or not.
   *
   * @throws IllegalArgumentException saying what a fingerprint looks like (the value is not
   *     repeated: it may be anything a user pasted)
   */
  public static CertificatePin parse(String text) {
    String hex = text.strip().replace(":", "").toLowerCase(Locale.ROOT);
    if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException(
          "is not a SHA-256 fingerprint (64 hex digits, colons allowed, as openssl x509"
              + " -fingerprint -sha256 prints it)");
    }
    return new CertificatePin(HexFormat.of().parseHex(hex));
  }

  /** Whether {@code certificate} is the pinned one. */
  public boolean matches(X509Certificate certificate) {
    try {
      return MessageDigest.isEqual(sha256, digest(certificate.getEncoded()));
    } catch (CertificateEncodingException e) {
      return false;
    }
  }

  /** The certificate's SHA-256, 32 bytes (a copy). */
  public byte[] sha256() {
    return sha256.clone();
  }

  /** A trust manager for clients that accepts the pinned certificate and nothing else. */
  public X509ExtendedTrustManager trustManager() {
    return new Pinned();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertificatePin p && Arrays.equals(sha256, p.sha256);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sha256);
  }

  /** {@code AB:CD:...}, as openssl prints it. */
  @Override
  public String toString() {
    return COLONS.formatHex(sha256);
  }

  private static byte[] digest(byte[] encoded) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(encoded);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /**
   * The pin mismatch that {@code failure} (a failed call or connection) comes from, if it does:
   * searched through its causes and suppressed exceptions, where TLS engines put it.
   */
  public static Optional<MismatchException> mismatchIn(Throwable failure) {
    Deque<Throwable> todo = new ArrayDeque<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    if (failure != null) {
      todo.add(failure);
    }
    while (!todo.isEmpty()) {
      Throwable t = todo.poll();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof MismatchException m) {
        return Optional.of(m);
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      todo.addAll(Arrays.asList(t.getSuppressed()));
    }
    return Optional.empty();
  }

  /** The server presented another certificate than the pinned one. */
  public static final class MismatchException extends CertificateException {
    private static final long serialVersionUID = 1L;

    private final transient CertificatePin presented;

    MismatchException(CertificatePin expected, CertificatePin presented) {
      super(
          "the coordinator's certificate has SHA-256 fingerprint "
              + presented
              + ", not the pinned "
              + expected);
      this.presented = presented;
    }

    /** The fingerprint of the certificate the server presented. */
    public CertificatePin presented() {
      return presented;
    }
  }

  /** Trusts the one pinned certificate, as a server's; never a client's. */
  private final class Pinned extends ServerCertificateCheck {

    @Override
    protected void checkServer(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("the coordinator presented no certificate");
      }
      if (!matches(chain[0])) {
        throw new MismatchException(CertificatePin.this, of(chain[0]));
      }
    }
  }
}
