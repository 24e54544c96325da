package dev.jxdist.coordinator.remote;

import dev.jxdist.common.wire.WorkerEvent;

/** Where the service hands what arrives on worker streams: the session's event queue. */
public interface WorkerConnections {

  /** A worker presented the right token; {@code worker} can be written to from now on. */
  void connected(RemoteWorker worker);

  /** An event from a connected worker (never its Hello, which {@link #connected} carries). */
  void received(RemoteWorker worker, WorkerEvent event);

  /** The worker's stream ended, cleanly ({@code cause} null) or not. */
  void disconnected(RemoteWorker worker, Throwable cause);
}
