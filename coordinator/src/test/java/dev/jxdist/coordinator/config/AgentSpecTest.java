package dev.jxdist.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AgentSpecTest {

  @Test
  void aListGivesEachAgentItsSlotsAutoOrOne() {
    assertThat(AgentSpec.parseList("a:7171*2, 10.0.0.5:7171*auto,[fd00::5]:1", "--agents"))
        .containsExactly(
            new AgentSpec(new HostPort("a", 7171), OptionalInt.of(2)),
            new AgentSpec(new HostPort("10.0.0.5", 7171), OptionalInt.empty()),
            new AgentSpec(new HostPort("fd00::5", 1), OptionalInt.of(1)));
  }

  @Test
  void printsAsItIsWritten() {
    assertThat(AgentSpec.parse("a:7171*3", "--agents")).hasToString("a:7171*3");
    assertThat(AgentSpec.parse("a:7171*auto", "--agents")).hasToString("a:7171*auto");
  }

  @Test
  void badEntriesAreUsageErrorsNamingTheOptionAndTheEntry() {
    for (String bad : List.of("a", "a:0*2", "a:7171*0", "a:7171*x", "a:7171*", "a:7171*2000")) {
      assertThatThrownBy(() -> AgentSpec.parse(bad, "--agents"))
          .as(bad)
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("--agents")
          .hasMessageContaining("'" + bad.split("\\*")[0]);
    }
    assertThatThrownBy(() -> AgentSpec.parseList("a:1,,b:2", "--agents"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("empty entry");
  }
}
