package dev.jxdist.coordinator.join;

import dev.jxdist.common.wire.FetchRequest;
import dev.jxdist.common.wire.JoinMapper;
import dev.jxdist.common.wire.JoinerEvent;
import dev.jxdist.common.wire.MalformedMessageException;
import dev.jxdist.proto.v1.JoinServiceGrpc;
import dev.jxdist.proto.v1.JoinerMessage;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC service joiners talk to: turns each Join stream into a {@link Joiner} of the {@link
 * JoinProvisioner} and hands its events on, and hands blob requests to the blob sender. It checks
 * what must be checked at the edge (the run's token on every call, a protocol version we speak,
 * messages that decode) and nothing else.
 */
public final class JoinService extends JoinServiceGrpc.JoinServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(JoinService.class);

  /** What a joiner with another token is told. */
  static final String WRONG_TOKEN = "wrong or missing session token";

  private final byte[] token;
  private final JoinProvisioner places;

  /**
   * @param token the run's secret every call must present
   * @param places where joiners and their events go
   */
  public JoinService(String token, JoinProvisioner places) {
    this.token = Objects.requireNonNull(token, "token").getBytes(StandardCharsets.UTF_8);
    this.places = Objects.requireNonNull(places, "places");
  }

  @Override
  public StreamObserver<JoinerMessage> join(
      StreamObserver<dev.jxdist.proto.v1.JoinDirective> responses) {
    return new Inbound(responses);
  }

  @Override
  public void fetchBlobs(
      dev.jxdist.proto.v1.FetchRequest message,
      StreamObserver<dev.jxdist.proto.v1.BlobChunk> responses) {
    FetchRequest request;
    try {
      request = JoinMapper.fromProto(message);
    } catch (MalformedMessageException e) {
      responses.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    if (!tokenMatches(request.token())) {
      log.warn("refused a blob request: wrong or missing token");
      responses.onError(Status.UNAUTHENTICATED.withDescription(WRONG_TOKEN).asRuntimeException());
      return;
    }
    places
        .blobs()
        .send(
            request.hashes(), (ServerCallStreamObserver<dev.jxdist.proto.v1.BlobChunk>) responses);
  }

  private boolean tokenMatches(String presented) {
    return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }

  /** One joiner stream's inbound half. gRPC calls it serially. */
  private final class Inbound implements StreamObserver<JoinerMessage> {
    private final StreamObserver<dev.jxdist.proto.v1.JoinDirective> responses;
    private Joiner joiner;
    private boolean rejected;

    Inbound(StreamObserver<dev.jxdist.proto.v1.JoinDirective> responses) {
      this.responses = responses;
    }

    @Override
    public void onNext(JoinerMessage message) {
      if (rejected) {
        return;
      }
      JoinerEvent event;
      try {
        event = JoinMapper.fromProto(message);
      } catch (MalformedMessageException e) {
        log.warn(
            "{}: rejected a malformed message: {}",
            joiner == null ? "a joiner" : joiner,
            e.getMessage());
        return;
      }
      if (joiner != null) {
        places.received(joiner, event);
        return;
      }
      if (!(event instanceof JoinerEvent.Join join)) {
        reject(Status.FAILED_PRECONDITION.withDescription("the first message must be JoinRequest"));
        return;
      }
      if (!tokenMatches(join.token())) {
        log.warn("refused joiner '{}': wrong or missing token", join.name());
        reject(Status.UNAUTHENTICATED.withDescription(WRONG_TOKEN));
        return;
      }
      if (join.protocolVersion() != JoinMapper.PROTOCOL_VERSION) {
        reject(
            Status.FAILED_PRECONDITION.withDescription(
                "join protocol version "
                    + join.protocolVersion()
                    + " is not supported; this coordinator speaks "
                    + JoinMapper.PROTOCOL_VERSION
                    + ": use jxdist worker of the same jxdist release"));
        return;
      }
      String name = join.name().isBlank() ? "joiner" : join.name().strip();
      joiner = new Joiner(name, join.cores(), responses);
      places.joined(joiner);
    }

    @Override
    public void onError(Throwable t) {
      if (joiner != null) {
        places.left(joiner, t);
      }
    }

    @Override
    public void onCompleted() {
      if (joiner != null) {
        places.left(joiner, null);
      } else if (!rejected) {
        responses.onCompleted();
      }
    }

    private void reject(Status status) {
      rejected = true;
      responses.onError(status.asRuntimeException());
    }
  }
}
