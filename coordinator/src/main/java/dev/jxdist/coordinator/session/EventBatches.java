package dev.jxdist.coordinator.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Takes a session's events in batches: waits for the first one (at most a tick), then takes what
 * else is queued already, up to a limit. The session's rounds over every worker (deadlines,
 * heartbeats, rebalancing, the end) then run once per batch instead of once per event: under load,
 * when events queue up, they would otherwise cost events × workers (two million events and 500
 * workers in bench/scale.sh). An event is never held back for a later one: a batch is only what had
 * arrived.
 */
final class EventBatches<E> {

  /** The most events taken before the rounds over every worker run again. */
  static final int LIMIT = 512;

  private final BlockingQueue<E> queue;
  private final int limit;

  EventBatches(BlockingQueue<E> queue) {
    this(queue, LIMIT);
  }

  EventBatches(BlockingQueue<E> queue, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a batch holds at least one event, not " + limit);
    }
    this.queue = queue;
    this.limit = limit;
  }

  /**
   * The next batch, in arrival order: empty if nothing arrived within {@code timeoutMillis}.
   *
   * @throws InterruptedException if interrupted while it waits for the first event
   */
  List<E> next(long timeoutMillis) throws InterruptedException {
    E first = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    if (first == null) {
      return List.of();
    }
    List<E> batch = new ArrayList<>();
    batch.add(first);
    queue.drainTo(batch, limit - 1);
    return batch;
  }
}
