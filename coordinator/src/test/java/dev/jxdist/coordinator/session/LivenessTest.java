package dev.jxdist.coordinator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.coordinator.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every deadline of the session, on a clock the test moves. */
class LivenessTest {

  final ManualClock clock = new ManualClock();
  final Liveness liveness = new Liveness(clock, Duration.ofSeconds(1));
  final SuiteRun suite = Slots.suite("m");

  @Test
  void aPingIsDueEveryHeartbeatWithTheNextSequenceNumber() {
    assertThat(liveness.pingDue()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(liveness.pingDue()).hasValue(1);
    assertThat(liveness.pingDue()).isEmpty();
    clock.advance(Duration.ofMillis(999));
    assertThat(liveness.pingDue()).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(liveness.pingDue()).hasValue(2);
  }

  @Test
  void aWorkerThatNeverSaysHelloLapsesAfterTheHandshakeTimeout() {
    WorkerSlot slot = Slots.starting("w1", "w1", suite, clock.instant());

    clock.advance(GrpcDefaults.HANDSHAKE_TIMEOUT);
    assertThat(liveness.lapses(List.of(slot))).isEmpty();
    clock.advance(Duration.ofMillis(1));

    assertThat(liveness.lapses(List.of(slot)))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.neverStarted()).isFalse();
              assertThat(l.reason())
                  .isEqualTo(
                      "it did not connect within "
                          + GrpcDefaults.HANDSHAKE_TIMEOUT.toSeconds()
                          + " s");
            });
  }

  @Test
  void aJoinPlaceNobodyTookWaitsOnItsOwnDeadlineNotTheHandshakes() {
    WorkerSlot slot = Slots.starting("w1", "w1", suite, clock.instant());
    FakeProcess place = (FakeProcess) slot.process().orElseThrow();
    place.launched = false;

    clock.advance(GrpcDefaults.HANDSHAKE_TIMEOUT.multipliedBy(3));
    assertThat(liveness.lapses(List.of(slot))).isEmpty();
    // A joiner launched it now: the handshake wait starts from the last look before.
    place.launched = true;
    clock.advance(GrpcDefaults.HANDSHAKE_TIMEOUT);
    assertThat(liveness.lapses(List.of(slot))).isEmpty();

    place.startFailure = "no worker joined within 5m";
    assertThat(liveness.lapses(List.of(slot)))
        .singleElement()
        .isEqualTo(new Liveness.Lapse(slot, true, "no worker joined within 5m"));
  }

  @Test
  void aConnectedWorkerSilentForFiveHeartbeatsLapsesAndHearingFromItResetsTheWait() {
    WorkerSlot slot = Slots.starting("w1", "w1", suite, clock.instant());
    Slots.connect(slot, clock.instant());

    clock.advance(Duration.ofSeconds(4));
    slot.heard(clock.instant());
    clock.advance(Duration.ofSeconds(5));
    assertThat(liveness.lapses(List.of(slot))).isEmpty();
    clock.advance(Duration.ofMillis(1));

    assertSilent(slot);
  }

  @Test
  void aWorkerWhoseMessagesArrivedButWaitForTheSessionIsNotSilent() {
    WorkerSlot slot = Slots.starting("w1", "w1", suite, clock.instant());
    Slots.connect(slot, clock.instant());

    // Its messages keep arriving on the stream's thread while the session's loop, behind a
    // backlog of other workers' messages, handles none of them.
    for (int s = 0; s < 8; s++) {
      clock.advance(Duration.ofSeconds(1));
      slot.remote().arrived(clock.instant());
    }
    clock.advance(Duration.ofSeconds(5));
    assertThat(liveness.lapses(List.of(slot))).isEmpty();
    clock.advance(Duration.ofMillis(1));

    // Nothing has arrived for five heartbeats: silent, whatever the session handled.
    assertSilent(slot);
  }

  @Test
  void silenceWhileTheSessionWasTooBusyToPingCountsOnlyFromTheEndOfIt() {
    WorkerSlot slot = Slots.starting("w1", "w1", suite, clock.instant());
    Slots.connect(slot, clock.instant());

    // One event took the session 20 s (a plan of a million tests): no Ping went out meanwhile.
    java.time.Instant busySince = clock.instant();
    clock.advance(Duration.ofSeconds(20));
    liveness.busy(busySince);
    assertThat(liveness.lapses(List.of(slot))).isEmpty();
    clock.advance(Duration.ofSeconds(5));
    assertThat(liveness.lapses(List.of(slot))).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertSilent(slot);

    // Busy for no longer than a heartbeat is not a reason: Pings were due at most once.
    WorkerSlot other = Slots.starting("w2", "w2", suite, clock.instant());
    Slots.connect(other, clock.instant());
    clock.advance(Duration.ofSeconds(5));
    busySince = clock.instant();
    clock.advance(Duration.ofSeconds(1));
    liveness.busy(busySince);
    assertSilent(other);
  }

  /** {@code slot} alone lapses now, as silent for five heartbeats. */
  private void assertSilent(WorkerSlot slot) {
    assertThat(liveness.lapses(List.of(slot)))
        .singleElement()
        .extracting(Liveness.Lapse::reason)
        .isEqualTo("it was silent for 5 s (frozen, or its link is down)");
  }

  @Test
  void aWorkerToldToShutDownHasFifteenSecondsToSayGoodbye() {
    WorkerSlot slot = Slots.starting("w1", "w1", suite, clock.instant());
    Slots.connect(slot, clock.instant());
    slot.ready();
    slot.drain(Optional.empty(), false, liveness.drainDeadline());

    for (int s = 0; s < 15; s++) {
      clock.advance(Duration.ofSeconds(1));
      slot.heard(clock.instant()); // it still pongs, but never says Bye
      assertThat(liveness.lapses(List.of(slot))).isEmpty();
    }
    clock.advance(Duration.ofMillis(1));

    assertThat(liveness.lapses(List.of(slot)))
        .singleElement()
        .extracting(Liveness.Lapse::reason)
        .isEqualTo("it did not say goodbye within 15 s of being shut down");
  }

  @Test
  void workersThatEndedHaveNoDeadlines() {
    WorkerSlot slot = Slots.starting("w1", "w1", suite, clock.instant());
    slot.lost(WorkerSlot.State.CRASHED, "gone");

    clock.advance(Duration.ofHours(1));

    assertThat(liveness.lapses(List.of(slot))).isEmpty();
  }
}
