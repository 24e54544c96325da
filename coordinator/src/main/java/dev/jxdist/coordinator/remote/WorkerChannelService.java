package dev.jxdist.coordinator.remote;

import dev.jxdist.common.wire.MalformedMessageException;
import dev.jxdist.common.wire.ProtoMapper;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.common.wire.Untrusted;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.proto.v1.CoordinatorMessage;
import dev.jxdist.proto.v1.WorkerChannelGrpc;
import dev.jxdist.proto.v1.WorkerMessage;
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
    return new Unbatching(stream(responses));
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
   * Hands the messages of a worker's Batch on one by one, in order, as if each had come alone; a
   * malformed batch (empty, nested) is logged and dropped, as a malformed message is.
   */
  private static final class Unbatching implements StreamObserver<WorkerMessage> {
    private final StreamObserver<WorkerMessage> messages;

    Unbatching(StreamObserver<WorkerMessage> messages) {
      this.messages = messages;
    }

    @Override
    public void onNext(WorkerMessage message) {
      List<WorkerMessage> each;
      try {
        each = ProtoMapper.unbatch(message);
      } catch (MalformedMessageException e) {
        log.warn(
            "a worker's stream: rejected a malformed batch: {}", Untrusted.quote(e.getMessage()));
        return;
      }
      each.forEach(messages::onNext);
    }

    @Override
    public void onError(Throwable t) {
      messages.onError(t);
    }

    @Override
    public void onCompleted() {
      messages.onCompleted();
    }
  }
}
