package dev.jxdist.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.coordinator.config.UsageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotCountTest {

  @Test
  void aNumberOrAutoForOnePerCore() {
    assertThat(SlotCount.parse("3", "--slots")).isEqualTo(3);
    assertThat(SlotCount.parse(" 1 ", "--workers")).isEqualTo(1);
    assertThat(SlotCount.parse("auto", "--slots"))
        .isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void anythingElseIsAUsageErrorNamingTheOption() {
    for (String bad : List.of("0", "-1", "two", "", "1025", "99999999")) {
      assertThatThrownBy(() -> SlotCount.parse(bad, "--workers"))
          .as(bad)
          .isInstanceOf(UsageException.class)
          .hasMessageStartingWith("--workers " + bad + ": give a number from 1 to 1024, or auto");
    }
  }
}
