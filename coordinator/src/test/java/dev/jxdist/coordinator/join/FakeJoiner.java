package dev.jxdist.coordinator.join;

import dev.jxdist.common.wire.JoinDirective;
import dev.jxdist.common.wire.JoinMapper;
import dev.jxdist.common.wire.JoinerEvent;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.common.wire.TokenProof;
import dev.jxdist.coordinator.testing.TestTls;
import dev.jxdist.proto.v1.JoinServiceGrpc;
import dev.jxdist.proto.v1.JoinerMessage;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted joiner that speaks the real join protocol over a real loopback gRPC connection, so
 * that the join places and the service are tested as they run, without a jxdist worker process. It
 * challenges the coordinator and notes whether the proof checks, then joins whatever the proof said
 * (as a hostile joiner would), so that the coordinator's own checks are tested too.
 */
final class FakeJoiner implements AutoCloseable {

  /** The stream ended cleanly. */
  static final String COMPLETED = "completed";

  private final ManagedChannel channel;
  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final ClientCallStreamObserver<JoinerMessage> out;
  final String name;
  private boolean proofChecked;

  /** Challenges the coordinator at {@code target}, then joins with {@code token}. */
  FakeJoiner(String target, String token, String name) throws InterruptedException {
    this(target, name);
    ByteBuffer nonce = TokenProof.nonce();
    send(new JoinerEvent.Challenge(JoinMapper.PROTOCOL_VERSION, nonce));
    JoinDirective.Proof proof = expect(JoinDirective.Proof.class);
    proofChecked =
        TokenProof.checks(proof.hmac(), RunToken.of(token), nonce, TestTls.IDENTITY.pin());
    send(new JoinerEvent.Join(JoinMapper.PROTOCOL_VERSION, token, name, 8));
  }

  /** A stream to the coordinator at {@code target} on which nothing is sent yet. */
  static FakeJoiner unchallenged(String target, String name) {
    return new FakeJoiner(target, name);
  }

  private FakeJoiner(String target, String name) {
    this.name = name;
    this.channel = TestTls.channel(target);
    ClientCallStreamObserver<?>[] holder = new ClientCallStreamObserver<?>[1];
    JoinServiceGrpc.newStub(channel)
        .join(
            new ClientResponseObserver<JoinerMessage, dev.jxdist.proto.v1.JoinDirective>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<JoinerMessage> requestStream) {
                holder[0] = requestStream;
              }

              @Override
              public void onNext(dev.jxdist.proto.v1.JoinDirective value) {
                inbox.add(JoinMapper.fromProto(value));
              }

              @Override
              public void onError(Throwable t) {
                inbox.add(Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                inbox.add(COMPLETED);
              }
            });
    @SuppressWarnings("unchecked")
    ClientCallStreamObserver<JoinerMessage> o = (ClientCallStreamObserver<JoinerMessage>) holder[0];
    this.out = o;
  }

  /** Whether the coordinator's answer to the challenge proved that it knows this joiner's token. */
  boolean proofChecked() {
    return proofChecked;
  }

  void send(JoinerEvent event) {
    out.onNext(JoinMapper.toProto(event));
  }

  /** The next thing that arrives, of type {@code type}; fails after 10 s or on anything else. */
  <T> T expect(Class<T> type) throws InterruptedException {
    Object next = inbox.poll(10, TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError(name + ": no " + type.getSimpleName() + " within 10 s");
    }
    if (!type.isInstance(next)) {
      throw new AssertionError(name + ": expected " + type.getSimpleName() + " but got " + next);
    }
    return type.cast(next);
  }

  /** Whatever arrives within {@code millis}, or null. */
  Object poll(long millis) throws InterruptedException {
    return inbox.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** Vanishes, as a killed joiner does (the call is cancelled). */
  void vanish() {
    out.cancel("joiner killed", null);
  }

  /** Closes its half of the stream, as a joiner leaving in order does. */
  void leave() {
    out.onCompleted();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "FakeJoiner[" + name + "]";
  }
}
