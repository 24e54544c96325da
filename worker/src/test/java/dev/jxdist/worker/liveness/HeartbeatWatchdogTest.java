package dev.jxdist.worker.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeartbeatWatchdogTest {

  private final ManualClock clock = new ManualClock();

  @Test
  void givesTheCoordinatorTheHandshakeTimeoutToConfigureUs() {
    HeartbeatWatchdog watchdog = new HeartbeatWatchdog(clock, Duration.ofSeconds(60));
    clock.advance(Duration.ofSeconds(60));
    assertThat(watchdog.expired()).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(watchdog.expired()).hasValueSatisfying(r -> assertThat(r).contains("60 s"));
  }

  @Test
  void countsSilenceFromTheLastMessage() {
    HeartbeatWatchdog watchdog = new HeartbeatWatchdog(clock, Duration.ofSeconds(60));
    watchdog.heartbeat(2);
    clock.advance(Duration.ofSeconds(9));
    watchdog.heard();
    clock.advance(Duration.ofSeconds(10));
    assertThat(watchdog.expired()).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(watchdog.expired())
        .hasValueSatisfying(r -> assertThat(r).contains("10 s").contains("heartbeats of 2 s"));
  }

  @Test
  void aHeartbeatOfZeroTurnsTheCheckOff() {
    HeartbeatWatchdog watchdog = new HeartbeatWatchdog(clock, Duration.ofSeconds(60));
    watchdog.heartbeat(0);
    clock.advance(Duration.ofDays(1));
    assertThat(watchdog.expired()).isEmpty();
  }

  @Test
  void firesOnceWhenItsThreadFindsTheDeadlinePassed() throws Exception {
    AtomicInteger fired = new AtomicInteger();
    CountDownLatch latch = new CountDownLatch(1);
    try (HeartbeatWatchdog watchdog = new HeartbeatWatchdog(clock, Duration.ofSeconds(60))) {
      watchdog.start(
          Duration.ofMillis(5),
          reason -> {
            fired.incrementAndGet();
            latch.countDown();
          });
      Thread.sleep(50);
      assertThat(fired).hasValue(0);
      clock.advance(Duration.ofMinutes(2));
      assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(50);
      assertThat(fired).hasValue(1);
    }
  }

  /** A clock that moves only when told. */
  static final class ManualClock extends Clock {
    private volatile Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
