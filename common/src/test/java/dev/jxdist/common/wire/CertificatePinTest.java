package dev.jxdist.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CertificatePinTest {

  @Test
  void parsesWithOrWithoutColonsInEitherCaseAndPrintsAsOpensslDoes() {
    CertificatePin a = CertificatePin.parse("AB:cd:" + "01".repeat(30));
    CertificatePin b = CertificatePin.parse("abCD" + "01".repeat(30));

    assertThat(a).isEqualTo(b);
    assertThat(a.toString()).isEqualTo("AB:CD:" + "01:".repeat(29) + "01");
  }

  @Test
  void refusesWhatIsNotAFingerprint() {
    assertThatThrownBy(() -> CertificatePin.parse("ab".repeat(31)))
        .hasMessageContaining("64 hex digits");
    assertThatThrownBy(() -> CertificatePin.parse("zz".repeat(32)))
        .hasMessageContaining("64 hex digits");
  }
}
