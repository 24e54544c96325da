package dev.jxdist.worker.connection;

import dev.jxdist.common.wire.GrpcDefaults;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Builds the channel to the coordinator. The one place that decides transport security. */
final class CoordinatorChannels {

  private CoordinatorChannels() {}

  static ManagedChannel open(CoordinatorAddress address, Executor executor) {
    NettyChannelBuilder builder =
        NettyChannelBuilder.forAddress(address.host(), address.port())
            .executor(executor)
            .userAgent("jxdist-worker")
            .keepAliveTime(GrpcDefaults.KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
            .keepAliveTimeout(GrpcDefaults.KEEPALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .maxInboundMessageSize(GrpcDefaults.MAX_MESSAGE_BYTES);
    // Transport security is decided here and only here. Plaintext until the bootstrap carries the
    // coordinator's certificate fingerprint; then this becomes sslContext(...) with a trust
    // manager that pins it.
    builder.usePlaintext();
    return builder.build();
  }
}
