package dev.jxdist.worker.liveness;

import dev.jxdist.common.wire.GrpcDefaults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Notices a coordinator that has gone quiet. Until the worker is configured, the coordinator has
 * {@link GrpcDefaults#HANDSHAKE_TIMEOUT} to say anything; after {@code Configure}, silence longer
 * than {@code heartbeatSeconds * MISSED_HEARTBEATS} means it is gone (frozen, or the link is cut).
 * A heartbeat of 0 turns the check off.
 *
 * <p>All decisions read the injected {@link Clock}; {@link #expired()} is the whole rule and can be
 * tested without sleeping. {@link #start} checks it periodically on a thread "worker-watchdog".
 */
public final class HeartbeatWatchdog implements AutoCloseable {

  private final Clock clock;
  private final AtomicBoolean fired = new AtomicBoolean();
  private volatile Instant lastHeard;
  private volatile Duration limit;
  private volatile String what;
  private ScheduledExecutorService timer;
  private boolean closed;

  /**
   * @param clock the time source
   * @param handshakeTimeout how long the coordinator may stay silent before it configures us
   */
  public HeartbeatWatchdog(Clock clock, Duration handshakeTimeout) {
    this.clock = clock;
    this.lastHeard = clock.instant();
    this.limit = handshakeTimeout;
    this.what = "the coordinator did not configure this worker within " + seconds(handshakeTimeout);
  }

  /** Something arrived from the coordinator. */
  public void heard() {
    lastHeard = clock.instant();
  }

  /** The coordinator's heartbeat interval from {@code Configure}; 0 turns the check off. */
  public void heartbeat(int heartbeatSeconds) {
    heard();
    if (heartbeatSeconds <= 0) {
      limit = null;
      return;
    }
    Duration silence = Duration.ofSeconds((long) heartbeatSeconds * GrpcDefaults.MISSED_HEARTBEATS);
    what =
        "heard nothing from the coordinator for "
            + seconds(silence)
            + " ("
            + GrpcDefaults.MISSED_HEARTBEATS
            + " heartbeats of "
            + heartbeatSeconds
            + " s); it is frozen or the link is cut, so this worker exits";
    limit = silence;
  }

  /** Why the coordinator counts as gone now, or empty while it does not. */
  public Optional<String> expired() {
    Duration current = limit;
    if (current == null) {
      return Optional.empty();
    }
    Duration silence = Duration.between(lastHeard, clock.instant());
    return silence.compareTo(current) > 0 ? Optional.of(what) : Optional.empty();
  }

  /**
   * Checks {@link #expired()} every {@code period}; calls {@code onExpired} once, with the reason,
   * the first time it is.
   */
  public synchronized void start(Duration period, Consumer<String> onExpired) {
    if (closed || timer != null) {
      throw new IllegalStateException("the heartbeat watchdog is closed or already started");
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "worker-watchdog");
              t.setDaemon(true);
              return t;
            });
    var unused =
        timer.scheduleWithFixedDelay(
            () -> expired().filter(r -> fired.compareAndSet(false, true)).ifPresent(onExpired),
            period.toMillis(),
            period.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
