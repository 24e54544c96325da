package dev.jxdist.coordinator.join;

import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.FetchRequest;
import dev.jxdist.common.wire.JoinDirective;
import dev.jxdist.common.wire.JoinMapper;
import dev.jxdist.common.wire.JoinerEvent;
import dev.jxdist.common.wire.MalformedMessageException;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.common.wire.Untrusted;
import dev.jxdist.coordinator.remote.HandshakeStream;
import dev.jxdist.proto.v1.JoinServiceGrpc;
import dev.jxdist.proto.v1.JoinerMessage;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC service joiners talk to: turns each Join stream into a {@link Joiner} of the {@link
 * JoinProvisioner} and hands its events on, and hands blob requests to the blob sender. It checks
 * what must be checked at the edge (the run's token on every call, a protocol version we speak,
 * messages that decode) and nothing else; each Join stream first gets the coordinator's proof that
 * it knows the token ({@link HandshakeStream}).
 */
public final class JoinService extends JoinServiceGrpc.JoinServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(JoinService.class);

  private final RunToken token;
  private final HandshakeStream.Rules rules;
  private final JoinProvisioner places;

  /**
   * @param token the run's secret every call must present
   * @param certificate the certificate the coordinator presents, which its proof is bound to
   * @param places where joiners and their events go
   */
  public JoinService(RunToken token, CertificatePin certificate, JoinProvisioner places) {
    this.token = Objects.requireNonNull(token, "token");
    this.rules =
        new HandshakeStream.Rules(
            token,
            "JoinRequest",
            "join protocol",
            JoinMapper.PROTOCOL_VERSION,
            "use jxdist worker of the same jxdist release",
            Optional.of(certificate));
    this.places = Objects.requireNonNull(places, "places");
  }

  @Override
  public StreamObserver<JoinerMessage> join(
      StreamObserver<dev.jxdist.proto.v1.JoinDirective> responses) {
    return new HandshakeStream<JoinerMessage, JoinerEvent, Joiner>(responses, rules) {
      @Override
      protected JoinerEvent decode(JoinerMessage message) throws MalformedMessageException {
        return JoinMapper.fromProto(message);
      }

      @Override
      protected Optional<HandshakeStream.Challenge> challenge(JoinerEvent event) {
        return event instanceof JoinerEvent.Challenge c
            ? Optional.of(new HandshakeStream.Challenge(c.protocolVersion(), c.nonce()))
            : Optional.empty();
      }

      @Override
      protected void prove(ByteBuffer proof) {
        responses.onNext(JoinMapper.toProto(new JoinDirective.Proof(proof)));
      }

      @Override
      protected Optional<HandshakeStream.Opening> opening(JoinerEvent event) {
        return event instanceof JoinerEvent.Join join
            ? Optional.of(
                new HandshakeStream.Opening(
                    "joiner " + Untrusted.quote(join.name()), join.token(), join.protocolVersion()))
            : Optional.empty();
      }

      @Override
      protected Joiner admit(JoinerEvent opening) {
        JoinerEvent.Join join = (JoinerEvent.Join) opening;
        String name = join.name().isBlank() ? "joiner" : join.name().strip();
        Joiner joiner = new Joiner(name, join.cores(), responses);
        places.joined(joiner);
        return joiner;
      }

      @Override
      protected void received(Joiner joiner, JoinerEvent event) {
        places.received(joiner, event);
      }

      @Override
      protected void ended(Joiner joiner, Throwable cause) {
        places.left(joiner, cause);
      }
    };
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
    if (!token.matches(request.token())) {
      log.warn("refused a blob request: wrong or missing token");
      responses.onError(
          Status.UNAUTHENTICATED.withDescription(HandshakeStream.WRONG_TOKEN).asRuntimeException());
      return;
    }
    places
        .blobs()
        .send(
            request.hashes(), (ServerCallStreamObserver<dev.jxdist.proto.v1.BlobChunk>) responses);
  }
}
