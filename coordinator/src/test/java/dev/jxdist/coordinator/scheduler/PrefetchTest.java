package dev.jxdist.coordinator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrefetchTest {

  @Test
  void twoWhilePlentyIsLeftOneAtTheTailAndNeverBehindALongUnit() {
    assertThat(Prefetch.mayTakeAnother(0, 0, 0, 0, 4)).as("an idle worker").isTrue();
    assertThat(Prefetch.mayTakeAnother(1, 1, 8, 8, 4)).as("plenty").isTrue();
    assertThat(Prefetch.mayTakeAnother(2, 2, 100, 100, 4)).as("full").isFalse();
    assertThat(Prefetch.mayTakeAnother(1, 1, 7, 70, 4)).as("tail").isFalse();
    assertThat(Prefetch.mayTakeAnother(1, 30, 40, 100, 4)).as("holds more than a share").isFalse();
  }

  @Test
  void theWorkersStillStartingCount() {
    assertThat(Prefetch.workers(1, 6)).isEqualTo(6);
    assertThat(Prefetch.workers(7, 6)).isEqualTo(7);
    assertThat(Prefetch.workers(0, 0)).isEqualTo(1);
  }
}
