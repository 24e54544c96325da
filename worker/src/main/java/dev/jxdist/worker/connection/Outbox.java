package dev.jxdist.worker.connection;

import dev.jxdist.common.wire.WorkerEvent;

/** Where the worker's events go, in order, to the coordinator. Thread-safe. */
public interface Outbox {

  /**
   * Queues {@code event}, waiting while the queue is full (back pressure on a slow link). Events
   * sent after the outbox closed are dropped.
   */
  void send(WorkerEvent event);

  /** Queues {@code event} unless the queue is full; never waits. Returns whether it was queued. */
  boolean offer(WorkerEvent event);
}
