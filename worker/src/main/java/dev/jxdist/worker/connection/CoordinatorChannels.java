package dev.jxdist.worker.connection;

import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.CoordinatorTrust;
import dev.jxdist.common.wire.EventLoops;
import dev.jxdist.common.wire.GrpcDefaults;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Builds the channel to the coordinator. The one place that decides transport security: TLS, and
 * only to the coordinator whose certificate has the pinned fingerprint; plaintext only when the
 * trust is {@link CoordinatorTrust#loopback} and the address resolves to a loopback address.
 */
final class CoordinatorChannels {

  private CoordinatorChannels() {}

  /**
   * A channel on {@code loops} (owned by the caller, closed after the channel) whose calls run on
   * {@code executor}.
   *
   * @throws IllegalArgumentException if the trust is loopback and the address is not
   */
  static ManagedChannel open(
      CoordinatorAddress address, CoordinatorTrust trust, Executor executor, EventLoops loops) {
    NettyChannelBuilder builder =
        trust
            .pin()
            .map(
                pin ->
                    NettyChannelBuilder.forAddress(address.host(), address.port())
                        .sslContext(tls(pin)))
            .orElseGet(() -> NettyChannelBuilder.forAddress(address.loopback()).usePlaintext());
    return builder
        .executor(executor)
        .eventLoopGroup(loops.group())
        .channelType(loops.socketChannel())
        .userAgent("jxdist-worker")
        .keepAliveTime(GrpcDefaults.KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(GrpcDefaults.KEEPALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .maxInboundMessageSize(GrpcDefaults.MAX_MESSAGE_BYTES)
        .build();
  }

  private static SslContext tls(CertificatePin pin) {
    try {
      // The JDK's engine on every platform: the shaded jar has no native OpenSSL anyway.
      return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
          .trustManager(pin.trustManager())
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("this JVM cannot make a TLS client: " + e.getMessage(), e);
    }
  }
}
