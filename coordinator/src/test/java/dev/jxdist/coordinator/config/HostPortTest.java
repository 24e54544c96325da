package dev.jxdist.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {

  @Test
  void namesAndAddressesOfBothFamiliesParse() {
    assertThat(HostPort.parse("--advertise", "build1:7070"))
        .isEqualTo(new HostPort("build1", 7070));
    assertThat(HostPort.parse("--advertise", " 10.0.0.5:1 "))
        .isEqualTo(new HostPort("10.0.0.5", 1));
    assertThat(HostPort.parse("--advertise", "[fd00::5]:65535"))
        .isEqualTo(new HostPort("fd00::5", 65535));
  }

  @Test
  void printsAsAGrpcTargetWithBracketsForIpv6() {
    assertThat(new HostPort("10.0.0.5", 7070)).hasToString("10.0.0.5:7070");
    assertThat(new HostPort("fd00::5", 7070)).hasToString("[fd00::5]:7070");
  }

  @Test
  void whatIsNotHostColonPortIsAUsageErrorNamingTheOption() {
    for (String bad :
        new String[] {"10.0.0.5", "build1:0", "build1:65536", "fd00::5:7070", ":7070", "a:b"}) {
      assertThatThrownBy(() -> HostPort.parse("--advertise", bad))
          .as(bad)
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("--advertise '" + bad + "' is not HOST:PORT");
    }
  }
}
