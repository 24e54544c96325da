package dev.jxdist.coordinator.remote;

import dev.jxdist.common.wire.MalformedMessageException;
import dev.jxdist.common.wire.ProtoMapper;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.proto.v1.CoordinatorMessage;
import dev.jxdist.proto.v1.WorkerChannelGrpc;
import dev.jxdist.proto.v1.WorkerMessage;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one gRPC service: turns each worker stream into a {@link RemoteWorker} and hands its events
 * on. It checks what must be checked at the edge (the first message is a Hello with the run's
 * token, in a protocol version we speak, and every message decodes) and nothing else.
 */
public final class WorkerChannelService extends WorkerChannelGrpc.WorkerChannelImplBase {

  private static final Logger log = LoggerFactory.getLogger(WorkerChannelService.class);

  private final byte[] token;
  private final WorkerConnections connections;

  /**
   * @param token the run's secret every worker must present in its Hello
   * @param connections where connected workers and their events go
   */
  public WorkerChannelService(String token, WorkerConnections connections) {
    this.token = Objects.requireNonNull(token, "token").getBytes(StandardCharsets.UTF_8);
    this.connections = Objects.requireNonNull(connections, "connections");
  }

  @Override
  public StreamObserver<WorkerMessage> connect(StreamObserver<CoordinatorMessage> responses) {
    return new Inbound(responses);
  }

  /** One worker stream's inbound half. gRPC calls it serially. */
  private final class Inbound implements StreamObserver<WorkerMessage> {
    private final StreamObserver<CoordinatorMessage> responses;
    private RemoteWorker worker;
    private boolean rejected;

    Inbound(StreamObserver<CoordinatorMessage> responses) {
      this.responses = responses;
    }

    @Override
    public void onNext(WorkerMessage message) {
      if (rejected) {
        return;
      }
      WorkerEvent event;
      try {
        event = ProtoMapper.fromProto(message);
      } catch (MalformedMessageException e) {
        log.warn("{}: rejected a malformed message: {}", who(), e.getMessage());
        return;
      }
      if (worker != null) {
        connections.received(worker, event);
        return;
      }
      if (!(event instanceof WorkerEvent.Hello hello)) {
        reject(Status.FAILED_PRECONDITION.withDescription("the first message must be Hello"));
        return;
      }
      if (!MessageDigest.isEqual(token, hello.token().getBytes(StandardCharsets.UTF_8))) {
        log.warn(
            "rejected worker '{}' from host {}: wrong or missing token",
            hello.workerId(),
            hello.host());
        reject(Status.UNAUTHENTICATED.withDescription("wrong or missing session token"));
        return;
      }
      if (hello.protocolVersion() != ProtoMapper.PROTOCOL_VERSION) {
        reject(
            Status.FAILED_PRECONDITION.withDescription(
                "protocol version "
                    + hello.protocolVersion()
                    + " is not supported; this coordinator speaks "
                    + ProtoMapper.PROTOCOL_VERSION
                    + ": use a worker jar of the same jxdist release"));
        return;
      }
      worker = new RemoteWorker(hello, responses);
      connections.connected(worker);
    }

    @Override
    public void onError(Throwable t) {
      if (worker != null) {
        connections.disconnected(worker, t);
      }
    }

    @Override
    public void onCompleted() {
      if (worker != null) {
        connections.disconnected(worker, null);
      } else if (!rejected) {
        responses.onCompleted();
      }
    }

    private void reject(Status status) {
      rejected = true;
      responses.onError(status.asRuntimeException());
    }

    private String who() {
      return worker == null ? "unidentified worker" : "worker " + worker.id();
    }
  }
}
