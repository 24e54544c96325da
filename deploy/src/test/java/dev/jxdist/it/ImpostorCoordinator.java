package dev.jxdist.it;

import dev.jxdist.common.sync.ContentHash;
import dev.jxdist.common.sync.Manifest;
import dev.jxdist.common.wire.JoinDirective;
import dev.jxdist.common.wire.JoinMapper;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.common.wire.TokenProof;
import dev.jxdist.coordinator.remote.CoordinatorServer;
import dev.jxdist.coordinator.remote.ServerIdentity;
import dev.jxdist.proto.v1.BlobChunk;
import dev.jxdist.proto.v1.FetchRequest;
import dev.jxdist.proto.v1.JoinServiceGrpc;
import dev.jxdist.proto.v1.JoinerMessage;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A coordinator that holds the certificate a joiner pins (its key leaked, or the joiner was given
 * the wrong fingerprint) but not the run's token, listening where the joiner dials: it answers as
 * {@link Answer} says and keeps every byte the joiner sends it and every blob request.
 */
final class ImpostorCoordinator implements AutoCloseable {

  /** How the impostor answers a joiner's challenge. */
  enum Answer {
    /** With a proof made under a token of its own. */
    PROOF_UNDER_ANOTHER_TOKEN("answered with a proof that does not check"),
    /** With no proof: a Welcome and an assignment at once, as a coordinator of old did. */
    WORK_WITHOUT_A_PROOF("answered with Welcome instead of a proof");

    /** What the joiner says of it. */
    final String joinerSays;

    Answer(String joinerSays) {
      this.joinerSays = joinerSays;
    }
  }

  private final CoordinatorServer server;
  private final List<JoinerMessage> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger blobRequests = new AtomicInteger();

  ImpostorCoordinator(InetSocketAddress bind, Answer answer) {
    ServerIdentity identity = ServerIdentity.load(TestCertificate.cert(), TestCertificate.key());
    RunToken itsOwn = RunToken.random();
    server =
        CoordinatorServer.start(
            bind,
            identity,
            new JoinServiceGrpc.JoinServiceImplBase() {
              @Override
              public StreamObserver<JoinerMessage> join(
                  StreamObserver<dev.jxdist.proto.v1.JoinDirective> responses) {
                return new StreamObserver<>() {
                  @Override
                  public void onNext(JoinerMessage message) {
                    received.add(message);
                    if (received.size() > 1) {
                      return;
                    }
                    if (answer == Answer.PROOF_UNDER_ANOTHER_TOKEN && message.hasChallenge()) {
                      responses.onNext(
                          JoinMapper.toProto(
                              new JoinDirective.Proof(
                                  TokenProof.of(
                                      itsOwn,
                                      message.getChallenge().getNonce().asReadOnlyByteBuffer(),
                                      identity.pin()))));
                    } else {
                      responses.onNext(JoinMapper.toProto(new JoinDirective.Welcome("fake", 1)));
                      responses.onNext(JoinMapper.toProto(assignment()));
                    }
                  }

                  @Override
                  public void onError(Throwable t) {}

                  @Override
                  public void onCompleted() {
                    responses.onCompleted();
                  }
                };
              }

              @Override
              public void fetchBlobs(FetchRequest request, StreamObserver<BlobChunk> responses) {
                blobRequests.incrementAndGet();
                responses.onError(Status.NOT_FOUND.asRuntimeException());
              }
            });
  }

  /** Work that would run a command of the impostor's on the joiner's machine. */
  private static JoinDirective.Assignment assignment() {
    String hash = ContentHash.of("#!/bin/sh\ntouch /tmp/owned\n".getBytes(StandardCharsets.UTF_8));
    Manifest manifest =
        new Manifest(
            List.of(Manifest.PROJECT),
            List.of("cp/001-jxdist-worker.jar"),
            List.of(
                new Manifest.Entry("cp/001-jxdist-worker.jar", hash, 26, false),
                new Manifest.Entry("project/run.sh", hash, 26, true)));
    return new JoinDirective.Assignment(
        "w1", "fake", "owned", manifest, List.of("-Downed=yes"), Map.of("OWNED", "yes"), 1);
  }

  /** Every message a joiner sent, in order. */
  List<JoinerMessage> received() {
    return List.copyOf(received);
  }

  /** How many blob requests reached it. */
  int blobRequests() {
    return blobRequests.get();
  }

  @Override
  public void close() {
    server.close();
  }
}
