package dev.jxdist.coordinator.remote;

import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.common.wire.MalformedMessageException;
import dev.jxdist.common.wire.PlanParts;
import dev.jxdist.common.wire.ProtoMapper;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.common.wire.Untrusted;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.proto.v1.CoordinatorMessage;
import dev.jxdist.proto.v1.WorkerChannelGrpc;
import dev.jxdist.proto.v1.WorkerMessage;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one gRPC service: turns each worker stream into a {@link RemoteWorker} and hands its events
 * on. It checks what must be checked at the edge (the {@link HandshakeStream}: the first message is
 * a Hello with the run's token, in a protocol version we speak; every message decodes) and nothing
 * else.
 */
public final class WorkerChannelService extends WorkerChannelGrpc.WorkerChannelImplBase {

  private static final Logger log = LoggerFactory.getLogger(WorkerChannelService.class);

  private final HandshakeStream.Rules rules;
  private final WorkerConnections connections;

  /**
   * @param token the run's secret every worker must present in its Hello
   * @param connections where connected workers and their events go
   */
  public WorkerChannelService(RunToken token, WorkerConnections connections) {
    this.rules =
        new HandshakeStream.Rules(
            token,
            "Hello",
            "protocol",
            ProtoMapper.PROTOCOL_VERSION,
            "use a worker jar of the same jxdist release",
            Optional.empty());
    this.connections = Objects.requireNonNull(connections, "connections");
  }

  @Override
  public StreamObserver<WorkerMessage> connect(StreamObserver<CoordinatorMessage> responses) {
    return new Unpacking(stream(responses), responses);
  }

  private StreamObserver<WorkerMessage> stream(StreamObserver<CoordinatorMessage> responses) {
    return new HandshakeStream<WorkerMessage, WorkerEvent, RemoteWorker>(responses, rules) {
      @Override
      protected WorkerEvent decode(WorkerMessage message) throws MalformedMessageException {
        return ProtoMapper.fromProto(message);
      }

      @Override
      protected Optional<HandshakeStream.Opening> opening(WorkerEvent event) {
        return event instanceof WorkerEvent.Hello hello
            ? Optional.of(
                new HandshakeStream.Opening(
                    "worker "
                        + Untrusted.quote(hello.workerId())
                        + " from host "
                        + Untrusted.quote(hello.host()),
                    hello.token(),
                    hello.protocolVersion()))
            : Optional.empty();
      }

      @Override
      protected RemoteWorker admit(WorkerEvent opening) {
        RemoteWorker worker = new RemoteWorker((WorkerEvent.Hello) opening, responses);
        connections.connected(worker);
        return worker;
      }

      @Override
      protected void received(RemoteWorker worker, WorkerEvent event) {
        connections.received(worker, event);
      }

      @Override
      protected void ended(RemoteWorker worker, Throwable cause) {
        connections.disconnected(worker, cause);
      }
    };
  }

  /**
   * Hands a worker's messages on one by one, as if each had come alone: a Batch's in order, a plan
   * sent in parts ({@link PlanParts}) joined into one. A malformed batch (empty, nested) is logged
   * and dropped, as a malformed message is; a plan whose parts exceed {@link
   * GrpcDefaults#MAX_PLAN_BYTES} ends the stream: without them there is no plan.
   */
  private static final class Unpacking implements StreamObserver<WorkerMessage> {
    private final StreamObserver<WorkerMessage> messages;
    private final StreamObserver<CoordinatorMessage> responses;
    private final PlanParts plan = new PlanParts(GrpcDefaults.MAX_PLAN_BYTES);
    private boolean ended;

    Unpacking(
        StreamObserver<WorkerMessage> messages, StreamObserver<CoordinatorMessage> responses) {
      this.messages = messages;
      this.responses = responses;
    }

    @Override
    public void onNext(WorkerMessage message) {
      if (ended) {
        return;
      }
      List<WorkerMessage> each;
      try {
        each = ProtoMapper.unbatch(message);
      } catch (MalformedMessageException e) {
        log.warn(
            "a worker's stream: rejected a malformed batch: {}", Untrusted.quote(e.getMessage()));
        return;
      }
      for (WorkerMessage m : each) {
        Optional<WorkerMessage> whole;
        try {
          whole = plan.join(m);
        } catch (MalformedMessageException e) {
          log.warn("a worker's stream: ended it: {}", Untrusted.quote(e.getMessage()));
          ended = true;
          Status status = Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage());
          responses.onError(status.asRuntimeException());
          messages.onError(status.asRuntimeException());
          return;
        }
        whole.ifPresent(messages::onNext);
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!ended) {
        messages.onError(t);
      }
    }

    @Override
    public void onCompleted() {
      if (!ended) {
        messages.onCompleted();
      }
    }
  }
}
