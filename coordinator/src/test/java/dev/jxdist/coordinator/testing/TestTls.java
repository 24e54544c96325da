package dev.jxdist.coordinator.testing;

import dev.jxdist.coordinator.remote.ServerIdentity;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/**
 * TLS for tests that run a real coordinator server: one identity for the test JVM (making a key
 * costs a few milliseconds, but there is no need to do it per test) and client channels that pin
 * it, as workers and joiners do.
 */
public final class TestTls {

  /** The identity test servers present. */
  public static final ServerIdentity IDENTITY = ServerIdentity.generate("jxdist test");

  private TestTls() {}

  /** A channel to {@code target} that accepts {@link #IDENTITY}'s certificate only. */
  public static ManagedChannel channel(String target) {
    try {
      return NettyChannelBuilder.forTarget(target)
          .sslContext(
              GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                  .trustManager(IDENTITY.pin().trustManager())
                  .build())
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
  }
}
