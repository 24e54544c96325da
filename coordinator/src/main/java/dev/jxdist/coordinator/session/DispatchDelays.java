package dev.jxdist.coordinator.session;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long workers waited for their next unit as the coordinator saw it: from the arrival of a
 * UnitDone that left a worker with nothing queued to the Run that followed it. The load generator
 * of {@code bench/scale.sh} measures the same wait at the worker's end, queues of both JVMs
 * included; this is the coordinator's share. Logged at debug level when the run ends. Used by the
 * session thread only.
 */
final class DispatchDelays {

  private static final Logger log = LoggerFactory.getLogger(DispatchDelays.class);

  private long[] nanos = new long[1024];
  private int count;

  /** A worker that had nothing queued was sent its next Run {@code delay} after its UnitDone. */
  void waited(Duration delay) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = Math.max(0, delay.toNanos());
  }

  /** {@code p50 3.1 / p99 12.0 / max 40.2 ms over 812 waits}, or empty if there was none. */
  Optional<String> summary() {
    if (count == 0) {
      return Optional.empty();
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    return Optional.of(
        String.format(
            Locale.ROOT,
            "p50 %.2f / p99 %.2f / max %.2f ms over %d waits",
            percentile(sorted, 50) / 1e6,
            percentile(sorted, 99) / 1e6,
            sorted[count - 1] / 1e6,
            count));
  }

  /** Logs the {@link #summary} at debug level, if there were waits. */
  void log() {
    summary()
        .ifPresent(s -> log.debug("a worker's wait for its next unit, at the coordinator: {}", s));
  }

  /** The nearest-rank {@code p}th percentile of {@code sorted}. */
  static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
