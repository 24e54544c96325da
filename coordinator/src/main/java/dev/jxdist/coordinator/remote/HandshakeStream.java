package dev.jxdist.coordinator.remote;

import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.MalformedMessageException;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.common.wire.TokenProof;
import dev.jxdist.common.wire.Untrusted;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound half of one stream that reaches the coordinator (a worker's, a joiner's), with the
 * handshake every such stream goes through: the first message must be the opening one (Hello,
 * JoinRequest), carry the run's token, and speak our protocol version; a stream that fails any of
 * these is ended with a status that says which, and nothing it sent is heard. Where the peer is to
 * be sure of the coordinator first (a joiner: {@link Rules#proveTo}), the stream opens with a
 * challenge, answered with the coordinator's proof that it knows the token ({@link TokenProof}),
 * before the opening message. After the handshake every message is handed on as it decodes; one
 * that does not decode is logged and dropped. gRPC calls it serially.
 *
 * <p>The one place where the coordinator decides whom it listens to: a service says what its
 * opening message is and what an admitted peer becomes ({@link #admit}), and how it hears of the
 * peer after that.
 *
 * @param <M> the stream's message on the wire
 * @param <E> the message as a record
 * @param <P> what an admitted stream becomes (a worker's handle, a joiner)
 */
public abstract class HandshakeStream<M, E, P> implements StreamObserver<M> {

  private static final Logger log = LoggerFactory.getLogger(HandshakeStream.class);

  /** What a stream with another token is told. */
  public static final String WRONG_TOKEN = "wrong or missing session token";

  /**
   * What the opening message says about its sender.
   *
   * @param who the peer as the log names it ({@code worker 'w1' from host h})
   * @param token the token it presents
   * @param protocolVersion the protocol version it speaks
   */
  public record Opening(String who, String token, int protocolVersion) {}

  /**
   * A peer's request that the coordinator prove it knows the token.
   *
   * @param protocolVersion the protocol version it speaks
   * @param nonce its fresh random bytes
   */
  public record Challenge(int protocolVersion, ByteBuffer nonce) {}

  /**
   * The rules of one kind of stream.
   *
   * @param token the run's secret
   * @param opening the opening message's name, for the refusal ({@code Hello})
   * @param protocol the protocol's name, for the refusal ({@code join protocol})
   * @param protocolVersion the version this coordinator speaks
   * @param upgrade what a peer of another version should do, for the refusal
   * @param proveTo the coordinator's certificate, if peers challenge the coordinator first and get
   *     a proof bound to it; empty if they open at once
   */
  public record Rules(
      RunToken token,
      String opening,
      String protocol,
      int protocolVersion,
      String upgrade,
      Optional<CertificatePin> proveTo) {
    public Rules {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(proveTo, "proveTo");
    }
  }

  private final StreamObserver<?> responses;
  private final Rules rules;
  private P peer;
  private boolean rejected;
  private boolean proven;

  protected HandshakeStream(StreamObserver<?> responses, Rules rules) {
    this.responses = Objects.requireNonNull(responses, "responses");
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /** The message as a record. */
  protected abstract E decode(M message) throws MalformedMessageException;

  /** What {@code event} says of its sender, if it is the opening message. */
  protected abstract Optional<Opening> opening(E event);

  /**
   * What {@code event} asks, if it is a challenge. Only streams whose rules have {@link
   * Rules#proveTo} are challenged; this default says no message is one.
   */
  protected Optional<Challenge> challenge(E event) {
    return Optional.empty();
  }

  /**
   * Sends {@code proof}, the answer to the peer's challenge, as the stream's first message. Only
   * streams whose rules have {@link Rules#proveTo} are challenged.
   */
  protected void prove(ByteBuffer proof) {
    throw new UnsupportedOperationException(rules.protocol() + " has no challenge");
  }

  /** The stream passed the handshake with {@code opening}: what it becomes, heard from now on. */
  protected abstract P admit(E opening);

  /** {@code peer} sent {@code event}. */
  protected abstract void received(P peer, E event);

  /** {@code peer}'s stream ended, cleanly ({@code cause} null) or not. */
  protected abstract void ended(P peer, Throwable cause);

  @Override
  public final void onNext(M message) {
    if (rejected) {
      return;
    }
    E event;
    try {
      event = decode(message);
    } catch (MalformedMessageException e) {
      log.warn(
          "{}: rejected a malformed message: {}",
          peer == null ? "a stream" : peer,
          Untrusted.quote(e.getMessage()));
      return;
    }
    if (peer != null) {
      received(peer, event);
      return;
    }
    Optional<Opening> opening = opening(event);
    if (rules.proveTo().isPresent() && !proven) {
      answer(event, opening);
      return;
    }
    if (opening.isEmpty()) {
      reject(
          Status.FAILED_PRECONDITION.withDescription(
              (proven ? "the message after the proof must be " : "the first message must be ")
                  + rules.opening()));
      return;
    }
    Opening o = opening.get();
    if (!rules.token().matches(o.token())) {
      log.warn("refused {}: wrong or missing token", o.who());
      reject(Status.UNAUTHENTICATED.withDescription(WRONG_TOKEN));
      return;
    }
    if (o.protocolVersion() != rules.protocolVersion()) {
      reject(otherVersion(o.protocolVersion()));
      return;
    }
    peer = admit(event);
  }

  /**
   * The first message of a stream whose peer challenges the coordinator: a challenge in our
   * protocol version is answered with the proof; anything else ends the stream (an opening message
   * of another version says so, without its token being looked at).
   */
  private void answer(E event, Optional<Opening> opening) {
    Optional<Challenge> challenge = challenge(event);
    if (challenge.isEmpty()) {
      int version = opening.map(Opening::protocolVersion).orElse(rules.protocolVersion());
      reject(
          version != rules.protocolVersion()
              ? otherVersion(version)
              : Status.FAILED_PRECONDITION.withDescription(
                  "the first message must be Challenge: the coordinator proves it knows the token"
                      + " before it is sent"));
      return;
    }
    if (challenge.get().protocolVersion() != rules.protocolVersion()) {
      reject(otherVersion(challenge.get().protocolVersion()));
      return;
    }
    proven = true;
    prove(TokenProof.of(rules.token(), challenge.get().nonce(), rules.proveTo().get()));
  }

  private Status otherVersion(int version) {
    return Status.FAILED_PRECONDITION.withDescription(
        rules.protocol()
            + " version "
            + version
            + " is not supported; this coordinator speaks "
            + rules.protocolVersion()
            + ": "
            + rules.upgrade());
  }

  @Override
  public final void onError(Throwable t) {
    if (peer != null) {
      ended(peer, t);
    }
  }

  @Override
  public final void onCompleted() {
    if (peer != null) {
      ended(peer, null);
    } else if (!rejected) {
      responses.onCompleted();
    }
  }

  private void reject(Status status) {
    rejected = true;
    responses.onError(status.asRuntimeException());
  }
}
