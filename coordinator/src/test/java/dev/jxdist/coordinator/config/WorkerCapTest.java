package dev.jxdist.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WorkerCapTest {

  private final List<String> warnings = new ArrayList<>();

  @Test
  void aCountWithinTheCoresAndTheUnitsIsKept() {
    assertThat(WorkerCap.of(8, true, 2, OptionalInt.of(40), warnings::add)).isEqualTo(8);
    assertThat(WorkerCap.of(3, true, 2, OptionalInt.empty(), warnings::add)).isEqualTo(3);
    assertThat(warnings).isEmpty();
  }

  @Test
  void aGivenCountIsCappedPerCoreWithAWarning() {
    assertThat(WorkerCap.of(100_000, true, 2, OptionalInt.empty(), warnings::add)).isEqualTo(8);
    assertThat(warnings)
        .containsExactly("-n 100000 is more than 4 workers per core (2 cores); starting 8");
  }

  @Test
  void aGivenCountIsCappedAtTheTestClassesWithAWarning() {
    assertThat(WorkerCap.of(6, true, 2, OptionalInt.of(3), warnings::add)).isEqualTo(3);
    assertThat(warnings)
        .containsExactly("-n 6 is more than the 3 test classes there are to run; starting 3");
  }

  @Test
  void theDefaultIsCappedSilentlyAndNeverBelowOne() {
    assertThat(WorkerCap.of(64, false, 64, OptionalInt.of(5), warnings::add)).isEqualTo(5);
    assertThat(WorkerCap.of(2, false, 2, OptionalInt.of(0), warnings::add)).isEqualTo(1);
    assertThat(warnings).isEmpty();
  }
}
