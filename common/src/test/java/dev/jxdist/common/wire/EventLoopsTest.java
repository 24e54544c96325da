package dev.jxdist.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLoopsTest {

  @Test
  void closingEndsTheLoopThreadsAtOnce() throws Exception {
    EventLoops loops = EventLoops.create("loops-under-test", 2);
    // Threads start on first use: run something on each loop.
    for (int i = 0; i < 2; i++) {
      loops.group().submit(() -> {}).get(5, TimeUnit.SECONDS);
    }
    assertThat(threadsNamed("loops-under-test-")).isNotEmpty().allMatch(Thread::isDaemon);

    loops.close();

    assertThat(threadsNamed("loops-under-test-")).isEmpty();
    assertThat(loops.group().isTerminated()).isTrue();
    loops.close(); // idempotent
  }

  @Test
  void itsChannelTypesRunOnItsKindOfLoop() {
    try (EventLoops loops = EventLoops.create("loops-types", 1)) {
      if (Epoll.isAvailable()) {
        assertThat(loops.socketChannel()).isEqualTo(EpollSocketChannel.class);
        assertThat(loops.serverSocketChannel()).isEqualTo(EpollServerSocketChannel.class);
      } else {
        assertThat(loops.socketChannel()).isEqualTo(NioSocketChannel.class);
        assertThat(loops.serverSocketChannel()).isEqualTo(NioServerSocketChannel.class);
      }
    }
  }

  @Test
  void aGroupWithoutThreadsIsRefused() {
    assertThatThrownBy(() -> EventLoops.create("none", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not 0");
  }

  /** The live threads whose names start with {@code prefix}. */
  static List<Thread> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .toList();
  }
}
