package dev.jxdist.worker.connection;

import dev.jxdist.common.wire.CoordinatorCommand;

/** Receives what arrives on the stream, on gRPC's threads, one call at a time. */
public interface InboundHandler {

  /** A decoded command. Implementations only enqueue work or flip flags. */
  void onCommand(CoordinatorCommand command);

  /** A message that is not a valid command arrived; {@code problem} says which part. */
  void onMalformed(String problem);

  /**
   * The stream ended: the coordinator completed it or it failed.
   *
   * @param description what happened, e.g. "UNAVAILABLE: io exception", for the log
   */
  void onEnd(String description);
}
