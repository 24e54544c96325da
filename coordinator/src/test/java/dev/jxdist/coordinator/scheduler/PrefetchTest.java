package dev.jxdist.coordinator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefetchTest {

  private int nextId;

  /** {@code workers} ready workers; worker {@code i} holds units of the costs {@code held[i]}. */
  private Holdings holding(double[]... held) {
    Holdings h = new Holdings();
    for (int i = 0; i < held.length; i++) {
      h.join("w" + (i + 1));
      for (double cost : held[i]) {
        h.hold("w" + (i + 1), new WorkUnit(nextId, "C" + nextId, List.of(nextId++), 1), cost);
      }
    }
    return h;
  }

  @Test
  void aWorkerThatHoldsNothingAlwaysGetsOne() {
    Holdings h = holding(new double[] {}, new double[] {50});
    assertThat(Prefetch.mayTakeAnother(h, "w1", 100, 1, 100, 8)).isTrue();
  }

  @Test
  void twoWhilePlentyIsLeftOneAtTheTailAndNeverBehindALongUnit() {
    double[] one = {1};
    assertThat(Prefetch.mayTakeAnother(holding(one, one, one, one), "w1", 1, 8, 8, 4))
        .as("plenty")
        .isTrue();
    assertThat(Prefetch.mayTakeAnother(holding(new double[] {1, 1}, one), "w1", 1, 100, 100, 2))
        .as("full")
        .isFalse();
    assertThat(Prefetch.mayTakeAnother(holding(one, one, one, one), "w1", 10, 7, 70, 4))
        .as("tail")
        .isFalse();
    assertThat(
            Prefetch.mayTakeAnother(
                holding(new double[] {30}, one, one, one), "w1", 2.5, 40, 100, 4))
        .as("holds more than a share of what waits")
        .isFalse();
  }

  @Test
  void theFirstWaveIsOneUnitEach() {
    double[] one = {1};
    Holdings h = holding(one, one, new double[] {});
    assertThat(Prefetch.mayTakeAnother(h, "w1", 1, 100, 100, 3))
        .as("w3 is ready and holds nothing")
        .isFalse();
  }

  @Test
  void noWorkerTakesMoreThanItsShareOfAllTheWorkLeft() {
    // The start: 6, 5 and 4 s went to three of six workers; 25.1 s wait, 4 s of them next.
    Holdings h = holding(new double[] {6}, new double[] {5}, new double[] {4});
    assertThat(4 <= 25.1 / 6).as("within a share of what waits").isTrue();
    assertThat(Prefetch.mayTakeAnother(h, "w3", 3, 27, 25.1, 6))
        .as("4 + 3 s against 40.1 s / 6 workers")
        .isFalse();
    assertThat(Prefetch.mayTakeAnother(h, "w3", 2, 27, 25.1, 6)).as("4 + 2 s").isTrue();
  }

  @Test
  void theWorkersStillStartingCount() {
    assertThat(Prefetch.workers(1, 6)).isEqualTo(6);
    assertThat(Prefetch.workers(7, 6)).isEqualTo(7);
    assertThat(Prefetch.workers(0, 0)).isEqualTo(1);
  }
}
