package dev.jxdist.it;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The coordinator certificate of {@code src/test/resources/tls}, for runs whose joiners are started
 * before the run writes its pin into the token file: the run presents it ({@code --tls-cert},
 * {@code --tls-key}) and the joiners pin it ({@code --coordinator-cert-sha256}), as in CI.
 */
final class TestCertificate {

  /** {@code openssl x509 -in tls/coordinator.crt -noout -fingerprint -sha256}. */
  static final String SHA256 =
      "76:09:44:C5:4A:63:6F:53:97:E0:BA:C0:F3:F4:7E:E6:CB:89:65:C0:32:0C:B5:2B:B1:B8:9D:02:53:5C:22:CD";

  private TestCertificate() {}

  /** The certificate, PEM. */
  static Path cert() {
    return resource("tls/coordinator.crt");
  }

  /** Its private key, PEM. */
  static Path key() {
    return resource("tls/coordinator.key");
  }

  private static Path resource(String name) {
    try {
      return Path.of(TestCertificate.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
