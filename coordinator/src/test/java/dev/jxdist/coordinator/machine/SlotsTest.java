package dev.jxdist.coordinator.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlotsTest {

  @Test
  void runsShareTheSlotsAndGetNoMoreThanAreFree() {
    Slots slots = new Slots(4);
    assertThat(slots.reserve(2)).isEqualTo(2);
    assertThat(slots.reserve(3)).as("only 2 left").isEqualTo(2);
    assertThat(slots.reserve(1)).as("full").isZero();
    slots.release(2);
    assertThat(slots.free()).isEqualTo(2);
    assertThat(slots.reserve(0)).as("0 asks for every free slot").isEqualTo(2);
    assertThat(slots.free()).isZero();
  }

  @Test
  void aDrainingAgentGrantsNothing() {
    Slots slots = new Slots(2);
    slots.drain();
    assertThat(slots.reserve(1)).isZero();
    assertThat(slots.reserve(0)).isZero();
    assertThat(slots.free()).isEqualTo(2);
  }

  @Test
  void releasingMoreThanHeldIsABug() {
    Slots slots = new Slots(2);
    slots.reserve(1);
    assertThatThrownBy(() -> slots.release(2)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Slots(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
