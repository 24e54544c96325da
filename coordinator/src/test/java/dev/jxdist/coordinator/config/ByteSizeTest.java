package dev.jxdist.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ByteSizeTest {

  @Test
  void binaryUnitsInEitherCaseWithOrWithoutB() {
    assertThat(ByteSize.parse("20g", "--cache-max")).isEqualTo(20L << 30);
    assertThat(ByteSize.parse("512m", "--cache-max")).isEqualTo(512L << 20);
    assertThat(ByteSize.parse("64K", "--cache-max")).isEqualTo(64L << 10);
    assertThat(ByteSize.parse("2GiB", "--cache-max")).isEqualTo(2L << 30);
    assertThat(ByteSize.parse("1t", "--cache-max")).isEqualTo(1L << 40);
    assertThat(ByteSize.parse("1000", "--cache-max")).isEqualTo(1000);
  }

  @Test
  void whatIsNotAPositiveSizeIsAUsageErrorNamingTheOption() {
    for (String bad : List.of("", "0", "-5m", "5x", "m", "1.5g", "99999999999999t")) {
      assertThatThrownBy(() -> ByteSize.parse(bad, "--cache-max"))
          .as(bad)
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("--cache-max " + bad + ": give a positive size");
    }
  }

  @Test
  void formatsForPeople() {
    assertThat(ByteSize.format(512)).isEqualTo("512 B");
    assertThat(ByteSize.format(1536)).isEqualTo("1.5 KB");
    assertThat(ByteSize.format(20L << 30)).isEqualTo("20.0 GB");
  }
}
