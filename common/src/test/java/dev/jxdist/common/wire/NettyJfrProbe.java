package dev.jxdist.common.wire;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.ByteBufAllocator;
import io.grpc.netty.shaded.io.netty.util.internal.PlatformDependent;

/**
 * A JVM of its own for {@link GrpcDefaultsTest}: allocates a Netty buffer, with Netty's JFR events
 * turned off first if its argument is {@code off}, and prints whether Netty records them.
 */
public final class NettyJfrProbe {

  private NettyJfrProbe() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("off")) {
      GrpcDefaults.withoutNettyJfrEvents();
    }
    ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(1024);
    buffer.release();
    System.out.println("jfr " + PlatformDependent.isJfrEnabled());
  }
}
