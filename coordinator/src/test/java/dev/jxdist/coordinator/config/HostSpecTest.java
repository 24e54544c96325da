package dev.jxdist.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostSpecTest {

  @TempDir Path dir;

  @Test
  void everyPartIsOptionalButTheHost() {
    assertThat(HostSpec.parse("build1", "--hosts"))
        .isEqualTo(
            new HostSpec(Optional.empty(), "build1", OptionalInt.empty(), OptionalInt.of(1)));
    assertThat(HostSpec.parse("ci@build1:2222*4", "--hosts"))
        .isEqualTo(
            new HostSpec(Optional.of("ci"), "build1", OptionalInt.of(2222), OptionalInt.of(4)));
    assertThat(HostSpec.parse("10.0.0.7*auto", "--hosts").workers()).isEmpty();
    assertThat(HostSpec.parse("[fd00::7]:22", "--hosts").host()).isEqualTo("fd00::7");
  }

  @Test
  void badSpecsAreNamedWithTheirSource() {
    assertThatThrownBy(() -> HostSpec.parse("build1:99999", "--hosts"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("'build1:99999' has port 99999");
    assertThatThrownBy(() -> HostSpec.parse("build1*0", "--hosts"))
        .hasMessageContaining("give from 1 to 1024");
    assertThatThrownBy(() -> HostSpec.parse("a*99999999999", "--hosts"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("'a*99999999999' asks for 99999999999 workers");
    assertThatThrownBy(() -> HostSpec.parse("a:99999999999999999999999", "--hosts"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("has port 99999999999999999999999");
    assertThatThrownBy(() -> HostSpec.parse("a b", "--hosts"))
        .hasMessageContaining("'a b' is not a host")
        .hasMessageContaining("[user@]host[:port][*N|*auto]");
    assertThatThrownBy(() -> HostSpec.parseList(" , ")).hasMessageContaining("--hosts is empty");
  }

  @Test
  void aHostsFileHasOneSpecALineAndComments() throws IOException {
    Path file = dir.resolve("hosts.txt");
    Files.writeString(
        file, "# build farm\nbuild1*2\n\n  ci@build2:2222  # the big one\nbad host\n");

    assertThatThrownBy(() -> HostSpec.parseFile(file)).hasMessageContaining(file + " line 5");
    Files.writeString(file, "# build farm\nbuild1*2\n\n  ci@build2:2222  # the big one\n");
    List<HostSpec> hosts = HostSpec.parseFile(file);
    assertThat(hosts).extracting(HostSpec::host).containsExactly("build1", "build2");
    assertThat(hosts.get(1).user()).contains("ci");
  }
}
