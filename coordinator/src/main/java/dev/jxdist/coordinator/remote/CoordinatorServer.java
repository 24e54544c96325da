package dev.jxdist.coordinator.remote;

import dev.jxdist.common.wire.EventLoops;
import dev.jxdist.common.wire.GrpcDefaults;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's gRPC server: owns its start, its address and its ordered shutdown. It speaks
 * TLS as its {@link ServerIdentity}, where a plaintext client gets no answer it can read; or, for a
 * run whose every worker it spawns on this machine ({@link #onLoopback}), plaintext on a loopback
 * port and nowhere else (see {@link dev.jxdist.common.wire.CoordinatorTrust#loopback}).
 *
 * <p>The service only enqueues, so calls run directly on the transport threads: event loops of its
 * own (as many as Netty's default), ended with it.
 */
public final class CoordinatorServer implements AutoCloseable {

  private final Server server;
  private final EventLoops loops;
  private final InetSocketAddress address;
  private boolean closed;

  private CoordinatorServer(Server server, EventLoops loops, InetSocketAddress address) {
    this.server = server;
    this.loops = loops;
    this.address = address;
  }

  /**
   * Starts serving {@code services} (the worker channel, and the join service when workers may
   * join) on {@code bind} (port 0: any free port), over TLS as {@code identity}.
   *
   * @throws UncheckedIOException if the address cannot be bound; the message names it
   */
  public static CoordinatorServer start(
      InetSocketAddress bind, ServerIdentity identity, BindableService... services) {
    return start(bind, Optional.of(identity.serverContext()), services);
  }

  /**
   * Starts serving {@code services} in plaintext on a free port of the loopback address, for
   * workers spawned on this machine that dial it once; never on any other address.
   *
   * @throws UncheckedIOException if no loopback port can be bound
   */
  public static CoordinatorServer onLoopback(BindableService... services) {
    return start(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Optional.empty(), services);
  }

  private static CoordinatorServer start(
      InetSocketAddress bind, Optional<SslContext> tls, BindableService... services) {
    EventLoops loops =
        EventLoops.create("jxdist-grpc", 2 * Runtime.getRuntime().availableProcessors());
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(bind)
            .bossEventLoopGroup(loops.group())
            .workerEventLoopGroup(loops.group())
            .channelType(loops.serverSocketChannel());
    tls.ifPresent(builder::sslContext);
    for (BindableService service : services) {
      builder.addService(service);
    }
    Server server =
        builder
            .directExecutor()
            .maxInboundMessageSize(GrpcDefaults.MAX_MESSAGE_BYTES)
            .keepAliveTime(GrpcDefaults.KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
            .keepAliveTimeout(GrpcDefaults.KEEPALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .permitKeepAliveTime(
                GrpcDefaults.PERMIT_KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
            .permitKeepAliveWithoutCalls(true)
            .build();
    try {
      server.start();
    } catch (IOException e) {
      loops.close();
      throw new UncheckedIOException("cannot listen on " + bind + ": " + e.getMessage(), e);
    }
    InetSocketAddress bound = (InetSocketAddress) server.getListenSockets().get(0);
    return new CoordinatorServer(
        server, loops, new InetSocketAddress(bind.getAddress(), bound.getPort()));
  }

  /** The address it listens on (the wildcard address if it listens on every interface). */
  public InetSocketAddress address() {
    return address;
  }

  /** The port it listens on. */
  public int port() {
    return address.getPort();
  }

  /** The address workers dial, as {@code host:port}. */
  public String target() {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /**
   * Stops accepting, gives open streams a moment, cuts them, then ends its event loops. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    try {
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    loops.close();
  }
}
