package dev.jxdist.worker.testing;

import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.CoordinatorTrust;
import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.common.wire.MalformedMessageException;
import dev.jxdist.common.wire.ProtoMapper;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.proto.v1.CoordinatorMessage;
import dev.jxdist.proto.v1.WorkerChannelGrpc;
import dev.jxdist.proto.v1.WorkerMessage;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real gRPC server on a loopback port that plays coordinator for one worker stream: it records
 * what the worker sends and sends what the test says, nothing on its own (no pings, no acks). It
 * speaks TLS with the test certificate in {@code tls/} ({@link #PIN}), as the real one does with
 * its own; or plaintext ({@link #startPlaintext}), as the real one does for a run of local workers.
 */
public final class FakeCoordinator implements AutoCloseable {

  private final Server server;
  private final BlockingQueue<WorkerEvent> events = new LinkedBlockingQueue<>();
  private final List<WorkerEvent.Output> outputs = new ArrayList<>();
  private final CompletableFuture<StreamObserver<CoordinatorMessage>> toWorker =
      new CompletableFuture<>();
  private final CompletableFuture<String> ended = new CompletableFuture<>();

  /** The pin of the certificate this fake presents. */
  public static final CertificatePin PIN = CertificatePin.of(certificate());

  /** What a worker dialling the TLS fake is told to trust: its certificate's pin. */
  public static final CoordinatorTrust TRUST = CoordinatorTrust.pinned(PIN);

  private FakeCoordinator(boolean tls) throws IOException {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    if (tls) {
      try (InputStream cert = resource("coordinator.crt");
          InputStream key = resource("coordinator.key")) {
        builder.sslContext(
            GrpcSslContexts.configure(SslContextBuilder.forServer(cert, key)).build());
      }
    }
    server =
        builder
            .permitKeepAliveTime(
                GrpcDefaults.PERMIT_KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
            .maxInboundMessageSize(GrpcDefaults.MAX_MESSAGE_BYTES)
            .addService(new Service())
            .build()
            .start();
  }

  private static InputStream resource(String name) {
    return FakeCoordinator.class.getResourceAsStream("/tls/" + name);
  }

  private static X509Certificate certificate() {
    try (InputStream in = resource("coordinator.crt")) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts listening with TLS on a free loopback port. */
  public static FakeCoordinator start() throws IOException {
    return new FakeCoordinator(true);
  }

  /** Starts listening in plaintext on a free loopback port. */
  public static FakeCoordinator startPlaintext() throws IOException {
    return new FakeCoordinator(false);
  }

  /** host:port for the worker's bootstrap. */
  public String address() {
    return InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
  }

  /** Whether a worker's stream reached this coordinator. */
  public boolean connected() {
    return toWorker.isDone();
  }

  /** Sends a command to the connected worker. */
  public synchronized void send(CoordinatorCommand command) throws Exception {
    toWorker.get(30, TimeUnit.SECONDS).onNext(ProtoMapper.toProto(command));
  }

  /** Completes the stream from the coordinator's side. */
  public synchronized void complete() throws Exception {
    toWorker.get(30, TimeUnit.SECONDS).onCompleted();
  }

  /** The next event that is not live Output (those are kept aside), or fails after timeout. */
  public WorkerEvent next(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      WorkerEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("no event from the worker within " + timeout);
      }
      if (e instanceof WorkerEvent.Output) {
        synchronized (outputs) {
          outputs.add((WorkerEvent.Output) e);
        }
        continue;
      }
      return e;
    }
  }

  /** The next non-Output event, which must be a {@code type}. */
  public <T extends WorkerEvent> T expect(Class<T> type, Duration timeout)
      throws InterruptedException {
    WorkerEvent e = next(timeout);
    if (!type.isInstance(e)) {
      throw new AssertionError("expected " + type.getSimpleName() + " but the worker sent " + e);
    }
    return type.cast(e);
  }

  /** Live output received so far (only that seen by {@link #next}). */
  public List<WorkerEvent.Output> outputs() {
    synchronized (outputs) {
      return List.copyOf(outputs);
    }
  }

  /**
   * How the worker's side of the stream ended ("completed" or the error), waiting up to timeout.
   */
  public String awaitEnd(Duration timeout) throws Exception {
    return ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Service extends WorkerChannelGrpc.WorkerChannelImplBase {
    @Override
    public StreamObserver<WorkerMessage> connect(StreamObserver<CoordinatorMessage> responses) {
      if (!toWorker.complete(responses)) {
        responses.onError(
            Status.FAILED_PRECONDITION.withDescription("one worker only").asException());
      }
      return new StreamObserver<>() {
        @Override
        public void onNext(WorkerMessage message) {
          // A worker writes what it finds queued together as one Batch: heard one by one, in order.
          try {
            for (WorkerMessage m : ProtoMapper.unbatch(message)) {
              events.add(ProtoMapper.fromProto(m));
            }
          } catch (MalformedMessageException e) {
            throw new AssertionError("the worker sent a malformed batch", e);
          }
        }

        @Override
        public void onError(Throwable t) {
          ended.complete("error: " + Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
          ended.complete("completed");
        }
      };
    }
  }
}
