package dev.jxdist.coordinator.join;

import dev.jxdist.common.wire.JoinDirective;
import dev.jxdist.common.wire.JoinMapper;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's handle of one connected joiner: who it is, the outbound half of its Join
 * stream, and the assignment it holds. Guarded by its {@link JoinProvisioner}'s lock, which is the
 * one place that writes to the stream.
 */
final class Joiner {

  private static final Logger log = LoggerFactory.getLogger(Joiner.class);

  private final String name;
  private final int cores;
  private final StreamObserver<dev.jxdist.proto.v1.JoinDirective> outbound;

  /** The worker it was assigned and has not reported the end of, or null when it is free. */
  JoinedWorker current;

  private boolean ended;

  Joiner(String name, int cores, StreamObserver<dev.jxdist.proto.v1.JoinDirective> outbound) {
    this.name = Objects.requireNonNull(name, "name");
    this.cores = cores;
    this.outbound = Objects.requireNonNull(outbound, "outbound");
  }

  /** The name it gave (its host name unless its user chose another). */
  String name() {
    return name;
  }

  /** Its machine's processors. */
  int cores() {
    return cores;
  }

  /** Whether its stream has ended, either way. */
  boolean ended() {
    return ended;
  }

  /** Sends a directive; a stream the transport already tore down is not an error here. */
  void send(JoinDirective directive) {
    if (ended) {
      return;
    }
    try {
      outbound.onNext(JoinMapper.toProto(directive));
    } catch (RuntimeException e) {
      log.debug("joiner {}: send failed: {}", name, e.toString());
    }
  }

  /** Ends the stream normally. Idempotent. */
  void end() {
    if (ended) {
      return;
    }
    ended = true;
    try {
      outbound.onCompleted();
    } catch (RuntimeException e) {
      log.debug("joiner {}: completing the stream failed: {}", name, e.toString());
    }
  }

  /** Marks the stream as gone (the joiner left or its link broke). */
  void lost() {
    ended = true;
  }

  @Override
  public String toString() {
    return "Joiner[" + name + "]";
  }
}
