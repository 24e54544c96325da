package dev.jxdist.coordinator.join;

import com.google.protobuf.ByteString;
import dev.jxdist.common.wire.AgentProof;
import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.EventLoops;
import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.common.wire.ServerCertificateCheck;
import dev.jxdist.common.wire.TokenProof;
import dev.jxdist.coordinator.config.HostPort;
import dev.jxdist.proto.v1.AgentGranted;
import dev.jxdist.proto.v1.AgentHello;
import dev.jxdist.proto.v1.AgentReserve;
import dev.jxdist.proto.v1.AgentRunOffer;
import dev.jxdist.proto.v1.AgentServiceGrpc;
import dev.jxdist.proto.v1.AgentStatus;
import dev.jxdist.proto.v1.AgentStatusRequest;
import dev.jxdist.proto.v1.AgentToCoordinator;
import dev.jxdist.proto.v1.CoordinatorToAgent;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * The coordinator's Session with one agent (agent.proto): TLS to whatever certificate the agent
 * presents (it is self-signed and nobody pins it), then both proofs of the agent token bound to
 * that certificate ({@link AgentProof}), the agent's first, so that nothing of the run goes to a
 * machine that cannot prove it holds the agent token; then slots reserved, and the run offered. The
 * stream stays open while the run goes on: when the coordinator ends (or is killed), the agent
 * reaps the run.
 */
public final class AgentLink implements AutoCloseable {

  /** How long the agent may take to answer a step. */
  static final Duration ANSWER_WAIT = Duration.ofSeconds(20);

  private final HostPort address;
  private final EventLoops loops = EventLoops.create("jxdist-agent-link", 1);
  private final ManagedChannel channel;
  private final AtomicReference<X509Certificate> presented = new AtomicReference<>();
  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private StreamObserver<CoordinatorToAgent> stream;
  private boolean closed;

  private record Ended(Throwable cause) {}

  private AgentLink(HostPort address) {
    this.address = address;
    try {
      this.channel =
          NettyChannelBuilder.forAddress(address.host(), address.port())
              .sslContext(
                  GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                      .trustManager(new Recording())
                      .build())
              .keepAliveTime(GrpcDefaults.KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
              .keepAliveTimeout(GrpcDefaults.KEEPALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .keepAliveWithoutCalls(true)
              .eventLoopGroup(loops.group())
              .channelType(loops.socketChannel())
              .build();
    } catch (SSLException e) {
      loops.close();
      throw new IllegalStateException("this JVM cannot make a TLS client: " + e.getMessage(), e);
    }
  }

  /**
   * Connects to the agent at {@code address} and has both sides prove {@code agentToken}.
   *
   * @throws AgentException saying why the agent cannot be used
   */
  public static AgentLink open(HostPort address, RunToken agentToken) throws AgentException {
    AgentLink link = new AgentLink(address);
    try {
      link.authenticate(agentToken);
      return link;
    } catch (AgentException | RuntimeException e) {
      link.close();
      throw e;
    }
  }

  private void authenticate(RunToken agentToken) throws AgentException {
    stream =
        AgentServiceGrpc.newStub(channel)
            .session(
                new StreamObserver<>() {
                  @Override
                  public void onNext(AgentToCoordinator value) {
                    inbox.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    inbox.add(new Ended(t));
                  }

                  @Override
                  public void onCompleted() {
                    inbox.add(new Ended(null));
                  }
                });
    ByteBuffer nonce = TokenProof.nonce();
    send(
        CoordinatorToAgent.newBuilder()
            .setHello(
                AgentHello.newBuilder()
                    .setProtocolVersion(1)
                    .setNonce(ByteString.copyFrom(nonce.duplicate())))
            .build());
    AgentToCoordinator first = next("its proof");
    X509Certificate certificate = presented.get();
    if (!first.hasChallenge() || certificate == null) {
      throw new AgentException(address + " did not answer as a jxdist agent");
    }
    CertificatePin pin = CertificatePin.of(certificate);
    if (!AgentProof.checks(
        AgentProof.Side.AGENT,
        first.getChallenge().getProof().asReadOnlyByteBuffer(),
        agentToken,
        nonce,
        pin)) {
      throw new AgentException(
          address
              + " did not prove the agent token: --agent-token-file is not the agent's, or"
              + " something else answers there");
    }
    ByteBuffer theirs = first.getChallenge().getNonce().asReadOnlyByteBuffer();
    if (theirs.remaining() != TokenProof.NONCE_BYTES) {
      throw new AgentException(address + " sent a malformed challenge");
    }
    send(
        CoordinatorToAgent.newBuilder()
            .setProof(
                dev.jxdist.proto.v1.AgentProof.newBuilder()
                    .setHmac(
                        ByteString.copyFrom(
                            AgentProof.of(AgentProof.Side.COORDINATOR, agentToken, theirs, pin))))
            .build());
  }

  /** The agent's address. */
  public HostPort address() {
    return address;
  }

  /**
   * Asks for {@code wanted} slots (0: every free one) for run {@code runId}.
   *
   * @throws AgentException if the agent does not answer
   */
  public AgentGranted reserve(String runId, int wanted) throws AgentException {
    send(
        CoordinatorToAgent.newBuilder()
            .setReserve(AgentReserve.newBuilder().setRunId(runId).setSlots(wanted))
            .build());
    AgentToCoordinator answer = next("slots");
    if (!answer.hasGranted()) {
      throw new AgentException(address + " answered " + answer.getBodyCase() + ", not slots");
    }
    return answer.getGranted();
  }

  /**
   * Tells the agent where to join the run: at {@code host} (empty: the address this link comes
   * from) and {@code port}, with the run's token, accepting the run's certificate {@code pin}.
   */
  public void offer(String host, int port, RunToken runToken, CertificatePin pin) {
    send(
        CoordinatorToAgent.newBuilder()
            .setOffer(
                AgentRunOffer.newBuilder()
                    .setJoinHost(host)
                    .setJoinPort(port)
                    .setRunToken(runToken.reveal())
                    .setRunCertSha256(ByteString.copyFrom(pin.sha256())))
            .build());
  }

  /**
   * How the agent is.
   *
   * @throws AgentException if the agent does not answer
   */
  public AgentStatus status() throws AgentException {
    send(
        CoordinatorToAgent.newBuilder().setStatus(AgentStatusRequest.getDefaultInstance()).build());
    AgentToCoordinator answer = next("its status");
    if (!answer.hasStatus()) {
      throw new AgentException(address + " answered " + answer.getBodyCase() + ", not its status");
    }
    return answer.getStatus();
  }

  private AgentToCoordinator next(String what) throws AgentException {
    Object item;
    try {
      item = inbox.poll(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentException("interrupted while waiting for " + address);
    }
    if (item == null) {
      throw new AgentException(
          address + " did not send " + what + " within " + ANSWER_WAIT.toSeconds() + "s");
    }
    if (item instanceof Ended e) {
      if (e.cause() == null) {
        throw new AgentException(address + " ended the session before it sent " + what);
      }
      Status s = Status.fromThrowable(e.cause());
      throw new AgentException(
          address
              + (s.getCode() == Status.Code.UNAVAILABLE
                  ? " cannot be reached: "
                  : " refused: " + s.getCode() + " ")
              + (s.getDescription() != null ? s.getDescription() : String.valueOf(s.getCause())));
    }
    return (AgentToCoordinator) item;
  }

  private synchronized void send(CoordinatorToAgent message) {
    if (closed) {
      return;
    }
    try {
      stream.onNext(message);
    } catch (RuntimeException e) {
      // The stream is gone; the next answer says why.
    }
  }

  /** Ends the session: the agent's joiners are done or will be reaped. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (stream != null) {
      try {
        stream.onCompleted();
      } catch (RuntimeException e) {
        // Already torn down.
      }
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
    loops.close();
  }

  /** An agent that cannot be used, and why. */
  public static final class AgentException extends Exception {
    private static final long serialVersionUID = 1L;

    AgentException(String message) {
      super(message);
    }
  }

  /**
   * Accepts whatever certificate the agent presents and keeps it: the agent proves itself with the
   * token, bound to this very certificate.
   */
  private final class Recording extends ServerCertificateCheck {

    @Override
    protected void checkServer(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("the agent presented no certificate");
      }
      presented.set(chain[0]);
    }
  }
}
