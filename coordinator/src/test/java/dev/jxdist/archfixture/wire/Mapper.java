package dev.jxdist.archfixture.wire;

import dev.jxdist.proto.v1.WorkerMessage;

/** Allowed: the mapper knows protocol messages. */
public final class Mapper {
  /** A protocol message, where it belongs. */
  public WorkerMessage empty() {
    return WorkerMessage.getDefaultInstance();
  }
}
