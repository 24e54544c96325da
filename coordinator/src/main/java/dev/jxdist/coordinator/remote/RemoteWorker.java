package dev.jxdist.coordinator.remote;

import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.ProtoMapper;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.proto.v1.CoordinatorMessage;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's handle of one connected worker: the outbound half of its stream.
 *
 * <p>A gRPC stream observer is not thread-safe; the session thread is the one place that writes to
 * it. Sending to a stream that the transport has already torn down is not an error here: the
 * session learns of the loss from the inbound side and treats the worker as gone.
 */
public final class RemoteWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RemoteWorker.class);

  private final WorkerEvent.Hello hello;
  private final StreamObserver<CoordinatorMessage> outbound;
  private volatile Instant lastArrival;
  private boolean closed;

  /**
   * @param hello what the worker said about itself
   * @param outbound the outbound half of its stream (the service makes these; so do tests)
   */
  public RemoteWorker(WorkerEvent.Hello hello, StreamObserver<CoordinatorMessage> outbound) {
    this.hello = Objects.requireNonNull(hello, "hello");
    this.outbound = Objects.requireNonNull(outbound, "outbound");
  }

  /** The worker's id, as the coordinator named it when it started it. */
  public String id() {
    return hello.workerId();
  }

  /** What the worker said about itself. */
  public WorkerEvent.Hello hello() {
    return hello;
  }

  /**
   * Notes that a message of the worker arrived at {@code at}; called on the stream's thread, as it
   * arrives, before the message waits for the session's loop.
   */
  public void arrived(Instant at) {
    lastArrival = at;
  }

  /**
   * When the worker's last message arrived, whether or not the session has handled it yet: a
   * session loop behind a backlog of other workers' messages must not take a worker whose messages
   * wait in that backlog for a silent one.
   */
  public Optional<Instant> lastArrival() {
    return Optional.ofNullable(lastArrival);
  }

  /**
   * Sends a command.
   *
   * @throws IllegalStateException if this handle was closed
   */
  public void send(CoordinatorCommand command) {
    if (closed) {
      throw new IllegalStateException(
          "worker " + id() + ": stream already closed, cannot send " + command);
    }
    try {
      outbound.onNext(ProtoMapper.toProto(command));
    } catch (RuntimeException e) {
      // The call was cancelled under us (the worker vanished); the inbound side reports it.
      log.debug("worker {}: send failed: {}", id(), e.toString());
    }
  }

  /** Ends the stream normally. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      outbound.onCompleted();
    } catch (RuntimeException e) {
      log.debug("worker {}: completing the stream failed: {}", id(), e.toString());
    }
  }

  /** Ends the stream with an error status the worker will see. Idempotent. */
  public void abort(Status status) {
    if (closed) {
      return;
    }
    closed = true;
    try {
      outbound.onError(status.asRuntimeException());
    } catch (RuntimeException e) {
      log.debug("worker {}: aborting the stream failed: {}", id(), e.toString());
    }
  }

  @Override
  public String toString() {
    return "RemoteWorker[" + id() + " on " + hello.host() + ", pid " + hello.pid() + "]";
  }
}
