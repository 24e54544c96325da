package dev.jxdist.coordinator.session;

import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.coordinator.manager.WorkerProcess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The session's deadlines: when Pings are due, and which workers are past a deadline: a worker that
 * never says Hello within the handshake timeout, one that is silent for {@link
 * GrpcDefaults#MISSED_HEARTBEATS} heartbeats, one that does not say goodbye within the drain
 * timeout of being shut down, and one that will never start (its process says why); silence while
 * the session itself was too busy to send Pings does not count. It decides; the session acts. Time
 * comes from the injected clock alone, so all of it is tested without sleeping.
 */
final class Liveness {

  /** How long a worker told to shut down has to say goodbye. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);

  /**
   * A worker past a deadline.
   *
   * @param slot the worker
   * @param neverStarted it will never connect (counted as a worker that could not be started),
   *     rather than crashed
   * @param reason why, as the crash report says it
   */
  record Lapse(WorkerSlot slot, boolean neverStarted, String reason) {}

  private final Clock clock;
  private final Duration heartbeat;
  private final Duration silenceLimit;
  private Instant nextPing;
  private long pingSequence;
  private Instant silenceCountsFrom = Instant.MIN;

  /**
   * @param heartbeat time between Pings
   */
  Liveness(Clock clock, Duration heartbeat) {
    this.clock = clock;
    this.heartbeat = heartbeat;
    this.silenceLimit = heartbeat.multipliedBy(GrpcDefaults.MISSED_HEARTBEATS);
    this.nextPing = clock.instant().plus(heartbeat);
  }

  /** Now, as every deadline sees it. */
  Instant now() {
    return clock.instant();
  }

  /**
   * The session was busy from {@code since} until now (one long event: a plan of a million tests to
   * index, say). Longer than a heartbeat, and no Pings went out meanwhile: a worker's silence
   * before now is the session's doing, not the worker's, and counts from now on.
   */
  void busy(Instant since) {
    Instant now = clock.instant();
    if (Duration.between(since, now).compareTo(heartbeat) > 0) {
      silenceCountsFrom = now;
    }
  }

  /** When a worker told to shut down now must have said goodbye. */
  Instant drainDeadline() {
    return clock.instant().plus(DRAIN_TIMEOUT);
  }

  /**
   * The workers among {@code slots} that are past a deadline now. A worker whose JVM is not
   * launched yet (a join place waiting for a joiner) has a deadline of its own, its process's: its
   * handshake wait starts when it is launched.
   */
  List<Lapse> lapses(Collection<WorkerSlot> slots) {
    Instant now = clock.instant();
    List<Lapse> lapses = new ArrayList<>();
    for (WorkerSlot slot : slots) {
      WorkerSlot.State state = slot.state();
      if (state == WorkerSlot.State.STARTING) {
        WorkerProcess process = slot.process().orElseThrow();
        if (!process.launched()) {
          slot.notLaunchedAt(now);
        }
        Optional<String> failure = process.startFailure();
        if (failure.isPresent()) {
          lapses.add(new Lapse(slot, true, failure.get()));
        } else if (process.launched() && past(slot.awaitingHelloSince(), now, handshakeTimeout())) {
          lapses.add(
              new Lapse(
                  slot,
                  false,
                  "it did not connect within " + handshakeTimeout().toSeconds() + " s"));
        }
      } else if (state.isConnected() && past(later(slot.lastHeard()), now, silenceLimit)) {
        lapses.add(
            new Lapse(
                slot,
                false,
                "it was silent for "
                    + silenceLimit.toSeconds()
                    + " s (frozen, or its link is down)"));
      } else if (state == WorkerSlot.State.DRAINING && now.isAfter(slot.drainDeadline())) {
        lapses.add(
            new Lapse(
                slot,
                false,
                "it did not say goodbye within "
                    + DRAIN_TIMEOUT.toSeconds()
                    + " s of being shut down"));
      }
    }
    return lapses;
  }

  /** The sequence number of the Ping due now, if one is; the next is due a heartbeat later. */
  OptionalLong pingDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextPing)) {
      return OptionalLong.empty();
    }
    nextPing = now.plus(heartbeat);
    return OptionalLong.of(++pingSequence);
  }

  /** {@code heard}, or when silence counts from if that is later. */
  private Instant later(Instant heard) {
    return heard.isAfter(silenceCountsFrom) ? heard : silenceCountsFrom;
  }

  private static Duration handshakeTimeout() {
    return GrpcDefaults.HANDSHAKE_TIMEOUT;
  }

  private static boolean past(Instant since, Instant now, Duration limit) {
    return Duration.between(since, now).compareTo(limit) > 0;
  }
}
