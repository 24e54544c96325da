package dev.jxdist.worker.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CoordinatorAddressTest {

  @Test
  void parsesHostAndPort() {
    assertThat(CoordinatorAddress.parse("build1:7001"))
        .isEqualTo(new CoordinatorAddress("build1", 7001));
    assertThat(CoordinatorAddress.parse("[::1]:7001"))
        .isEqualTo(new CoordinatorAddress("::1", 7001));
    assertThat(CoordinatorAddress.parse("[::1]:7001").toString()).isEqualTo("[::1]:7001");
  }

  @Test
  void namesWhatIsWrong() {
    assertThatThrownBy(() -> CoordinatorAddress.parse("build1"))
        .hasMessageContaining("'build1' is not host:port");
    assertThatThrownBy(() -> CoordinatorAddress.parse("build1:http"))
        .hasMessageContaining("no numeric port");
    assertThatThrownBy(() -> CoordinatorAddress.parse("build1:70000"))
        .hasMessageContaining("70000");
  }
}
