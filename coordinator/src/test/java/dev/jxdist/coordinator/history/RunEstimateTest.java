package dev.jxdist.coordinator.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.scheduler.UnitCost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunEstimateTest {

  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  /** Unit i costs the seconds given at i. */
  static UnitCost costs(double... seconds) {
    return u -> seconds[u.unitId()];
  }

  static List<WorkUnit> units(int n) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> new WorkUnit(i, "C" + i, List.of(i + 1), 1))
        .toList();
  }

  static Instant at(double seconds) {
    return T0.plusMillis(Math.round(seconds * 1000));
  }

  @Test
  void whatIsLeftIsSharedByTheWorkers() {
    RunEstimate eta = new RunEstimate(1);
    List<WorkUnit> units = units(4);
    eta.planned("s", Optional.of(costs(10, 6, 4, 4)), units);

    assertThat(eta.remaining(T0, 2)).hasValue(Duration.ofSeconds(12));
    assertThat(eta.remaining(T0, 0))
        .as("never divided by no workers")
        .hasValue(Duration.ofSeconds(24));

    eta.started("s", units.get(0), T0);
    eta.started("s", units.get(1), T0);
    // 4 s in: 24 - 8 left, but unit 0 alone needs 6 s more.
    assertThat(eta.remaining(at(4), 2)).hasValue(Duration.ofSeconds(8));

    eta.finished("s", units.get(1));
    eta.started("s", units.get(2), at(6));
    // 7 s in: 24 - 6 (done) - 7 (unit 0) - 1 (unit 2) = 10, over 2 workers.
    assertThat(eta.remaining(at(7), 2)).hasValue(Duration.ofSeconds(5));
  }

  @Test
  void theLongestRestOfARunningUnitIsTheLeastThatIsLeft() {
    RunEstimate eta = new RunEstimate(1);
    List<WorkUnit> units = units(3);
    eta.planned("s", Optional.of(costs(60, 1, 1)), units);
    eta.started("s", units.get(0), T0);

    assertThat(eta.remaining(at(1), 4)).hasValue(Duration.ofSeconds(59));
  }

  @Test
  void aUnitThatOverrunsItsEstimateLeavesNothingOfItselfAndAFinishedRunIsZero() {
    RunEstimate eta = new RunEstimate(1);
    List<WorkUnit> units = units(2);
    eta.planned("s", Optional.of(costs(2, 2)), units);
    eta.started("s", units.get(0), T0);
    eta.started("s", units.get(1), T0);

    assertThat(eta.remaining(at(5), 2)).hasValue(Duration.ZERO);
    eta.finished("s", units.get(0));
    eta.finished("s", units.get(1));
    assertThat(eta.remaining(at(5), 2)).hasValue(Duration.ZERO);
  }

  @Test
  void aStoppedUnitNoLongerCountsAsRunningAndItsRestComesBackAsAnotherUnit() {
    RunEstimate eta = new RunEstimate(1);
    List<WorkUnit> units = units(2);
    eta.planned("s", Optional.of(u -> u.unitId() == 0 ? 10 : u.unitId() == 1 ? 2 : 5), units);
    eta.started("s", units.get(0), T0);
    eta.stopped("s", 0);

    // Its worker is gone: nothing of it has been done.
    assertThat(eta.remaining(at(4), 1)).hasValue(Duration.ofSeconds(12));
    WorkUnit rest = new WorkUnit(7, "C0", List.of(3), 1);
    eta.started("s", rest, at(4));
    eta.finished("s", rest);
    assertThat(eta.remaining(at(9), 1)).hasValue(Duration.ofSeconds(7));
  }

  @Test
  void thereIsNoEstimateUntilEverySuiteIsPlannedWithHistory() {
    RunEstimate eta = new RunEstimate(2);
    eta.planned("a", Optional.of(costs(4)), units(1));
    assertThat(eta.remaining(T0, 1)).isEmpty();
    assertThat(eta.allPlanned()).isFalse();
    assertThat(eta.work()).isEmpty();
    eta.planned("b", Optional.of(costs(6)), units(1));
    assertThat(eta.remaining(T0, 1)).hasValue(Duration.ofSeconds(10));
    assertThat(eta.allPlanned()).isTrue();
    assertThat(eta.work()).hasValue(10.0);

    RunEstimate without = new RunEstimate(2);
    without.planned("a", Optional.of(costs(4)), units(1));
    without.planned("b", Optional.empty(), units(1));
    without.started("b", units(1).get(0), T0);
    without.finished("b", units(1).get(0));
    assertThat(without.remaining(T0, 1)).isEmpty();
    assertThat(without.allPlanned()).isTrue();
    assertThat(without.work()).isEmpty();

    assertThatThrownBy(() -> eta.planned("a", Optional.empty(), units(1)))
        .hasMessageContaining("planned already");
  }
}
