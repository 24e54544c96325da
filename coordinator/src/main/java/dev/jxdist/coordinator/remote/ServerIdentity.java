package dev.jxdist.coordinator.remote;

import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.coordinator.config.UsageException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Who the coordinator is on the wire: its TLS key and certificate, and the certificate's {@link
 * CertificatePin} that every worker and joiner is handed and accepts nothing but. Either fresh for
 * each run (an EC P-256 key and a self-signed certificate, made with Bouncy Castle), or read from
 * the PEM files of {@code --tls-cert} and {@code --tls-key}.
 */
public final class ServerIdentity {

  /** How long a fresh certificate is valid: longer than any run, and nobody checks it but pins. */
  private static final Duration VALIDITY = Duration.ofDays(366);

  private final PrivateKey key;
  private final List<X509Certificate> chain;
  private final CertificatePin pin;

  private ServerIdentity(PrivateKey key, List<X509Certificate> chain) {
    this.key = Objects.requireNonNull(key, "key");
    this.chain = List.copyOf(chain);
    this.pin = CertificatePin.of(chain.get(0));
  }

  /** A fresh key pair and a self-signed certificate for {@code cn} (the run). */
  public static ServerIdentity generate(String cn) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      X500Name name = new X500Name("CN=" + cn.replaceAll("[^A-Za-z0-9 ._-]", "_"));
      Instant now = Instant.now();
      X509CertificateHolder holder =
          new JcaX509v3CertificateBuilder(
                  name,
                  new BigInteger(127, new SecureRandom()),
                  Date.from(now.minus(Duration.ofHours(1))),
                  Date.from(now.plus(VALIDITY)),
                  name,
                  pair.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      return new ServerIdentity(
          pair.getPrivate(), List.of(new JcaX509CertificateConverter().getCertificate(holder)));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(
          "this JVM cannot make an EC P-256 key and certificate: " + e.getMessage(), e);
    }
  }

  /**
   * The certificate chain in {@code certFile} (the coordinator's own first) and the private key in
   * {@code keyFile}, both PEM (a PKCS#8 or a traditional RSA/EC key, unencrypted).
   *
   * @throws UsageException naming the option and file at fault: unreadable, not PEM, no certificate
   *     or key in it, or a key that does not belong to the certificate
   */
  public static ServerIdentity load(Path certFile, Path keyFile) {
    List<X509Certificate> chain = new ArrayList<>();
    for (Object o : pemObjects(certFile, "--tls-cert")) {
      if (o instanceof X509CertificateHolder holder) {
        try {
          chain.add(new JcaX509CertificateConverter().getCertificate(holder));
        } catch (GeneralSecurityException e) {
          throw new UsageException(
              "--tls-cert "
                  + certFile
                  + " holds a certificate Java cannot read: "
                  + e.getMessage());
        }
      }
    }
    if (chain.isEmpty()) {
      throw new UsageException(
          "--tls-cert " + certFile + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    PrivateKey key = null;
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    for (Object o : pemObjects(keyFile, "--tls-key")) {
      try {
        if (o instanceof PEMKeyPair pair) {
          key = converter.getKeyPair(pair).getPrivate();
        } else if (o instanceof PrivateKeyInfo info) {
          key = converter.getPrivateKey(info);
        }
      } catch (IOException e) {
        throw new UsageException(
            "--tls-key " + keyFile + " holds a key Java cannot read: " + e.getMessage());
      }
      if (key != null) {
        break;
      }
    }
    if (key == null) {
      throw new UsageException(
          "--tls-key "
              + keyFile
              + " holds no unencrypted PEM private key (-----BEGIN PRIVATE KEY----- or"
              + " -----BEGIN RSA/EC PRIVATE KEY-----)");
    }
    if (!belongsTo(key, chain.get(0))) {
      throw new UsageException(
          "--tls-key "
              + keyFile
              + " is not the key of the certificate in --tls-cert "
              + certFile
              + "; give the key the certificate was made for");
    }
    return new ServerIdentity(key, chain);
  }

  /** The pin of the certificate this server presents. */
  public CertificatePin pin() {
    return pin;
  }

  /** The certificate this server presents. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** The server side of TLS for gRPC with this key and chain. */
  SslContext serverContext() {
    try {
      return GrpcSslContexts.configure(
              SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new)))
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ServerIdentity[" + pin + "]";
  }

  private static List<Object> pemObjects(Path file, String option) {
    List<Object> objects = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object o;
      while ((o = parser.readObject()) != null) {
        objects.add(o);
      }
    } catch (IOException e) {
      throw new UsageException(option + " " + file + " cannot be read as PEM: " + e.getMessage());
    }
    return objects;
  }

  /** Whether {@code key} signs what {@code certificate}'s public key verifies. */
  private static boolean belongsTo(PrivateKey key, X509Certificate certificate) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC", "ECDSA" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> null;
        };
    if (algorithm == null) {
      throw new UsageException(
          "--tls-key holds a " + key.getAlgorithm() + " key; give an RSA, EC or Ed25519 key");
    }
    try {
      byte[] probe = "jxdist".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
