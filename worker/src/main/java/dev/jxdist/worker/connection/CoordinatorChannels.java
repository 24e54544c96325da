package dev.jxdist.worker.connection;

import dev.jxdist.common.wire.CertificatePin;
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
 * only to the coordinator whose certificate has the pinned fingerprint; never plaintext.
 */
final class CoordinatorChannels {

  private CoordinatorChannels() {}

  /**
   * A channel on {@code loops} (owned by the caller, closed after the channel) whose calls run on
   * {@code executor}.
   */
  static ManagedChannel open(
      CoordinatorAddress address, CertificatePin pin, Executor executor, EventLoops loops) {
    SslContext tls;
    try {
      // The JDK's engine on every platform: the shaded jar has no native OpenSSL anyway.
      tls =
          GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
              .trustManager(pin.trustManager())
              .build();
    } catch (SSLException e) {
      throw new IllegalStateException("this JVM cannot make a TLS client: " + e.getMessage(), e);
    }
    NettyChannelBuilder builder =
        NettyChannelBuilder.forAddress(address.host(), address.port())
            .sslContext(tls)
            .executor(executor)
            .eventLoopGroup(loops.group())
            .channelType(loops.socketChannel())
            .userAgent("jxdist-worker")
            .keepAliveTime(GrpcDefaults.KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
            .keepAliveTimeout(GrpcDefaults.KEEPALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .maxInboundMessageSize(GrpcDefaults.MAX_MESSAGE_BYTES);
    return builder.build();
  }
}
