package dev.jxdist.coordinator.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class HostCheckTest {

  @Test
  void theVersionIsReadFromJavaVersionOutput() {
    String stderr =
        "openjdk version \"17.0.15\" 2025-04-15\n"
            + "OpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)\n";

    assertThat(HostCheck.version(stderr)).contains("17.0.15");
    assertThat(HostCheck.version("bash: java: command not found")).isEmpty();
  }

  @Test
  void theMajorVersionKnowsBothNumberingSchemes() {
    assertThat(HostCheck.major("17.0.15")).isEqualTo(OptionalInt.of(17));
    assertThat(HostCheck.major("21")).isEqualTo(OptionalInt.of(21));
    assertThat(HostCheck.major("11.0.2")).isEqualTo(OptionalInt.of(11));
    assertThat(HostCheck.major("1.8.0_392")).isEqualTo(OptionalInt.of(8));
    assertThat(HostCheck.major("unknown")).isEmpty();
  }

  @Test
  void freeSpaceIsTheAvailableColumnOfDf() {
    String df =
        "Filesystem     1024-blocks      Used Available Capacity Mounted on\n"
            + "/dev/sda1        102687672  41234560  56194884      43% /\n";

    assertThat(HostCheck.dfAvailableKib(df)).isEqualTo(56194884L);
    assertThat(HostCheck.dfAvailableKib("df: /x: No such file or directory\n")).isEqualTo(-1);
  }

  @Test
  void missingSyncToolsAreNamed() {
    assertThat(HostCheck.missingTools("")).isEmpty();
    assertThat(HostCheck.missingTools("tar\n"))
        .contains("lacks tar, which code sync needs; install it");
    assertThat(HostCheck.missingTools("tar\nsha256sum\n"))
        .contains("lacks tar and sha256sum, which code sync needs; install them");
  }
}
