package dev.jxdist.common.wire;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loops of one gRPC channel or server, owned by it rather than shared, so that
 * closing it ends their threads at once.
 *
 * <p>Why it matters: HotSpot's {@code System.exit} waits up to 300 ms while any other thread is in
 * native code (its final safepoint waits for them to block), and an idle event loop sits in {@code
 * epoll_wait}. gRPC's shared loops are released a second after their last channel or server is
 * gone, so a worker or coordinator that exited right after closing its connection paid 0.3 s every
 * time. Native epoll where Netty has it, else NIO, as gRPC chooses for its own loops.
 */
public final class EventLoops implements AutoCloseable {

  /** The longest {@link #close} waits for the loops' threads to end. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final EventLoopGroup group;
  private final boolean epoll;

  private EventLoops(String name, int count) {
    ThreadFactory daemons = new DefaultThreadFactory(name, true);
    ThreadFactory kept =
        task -> {
          Thread thread = daemons.newThread(task);
          threads.add(thread);
          return thread;
        };
    this.epoll = Epoll.isAvailable();
    this.group =
        new MultiThreadIoEventLoopGroup(
            count, kept, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  /**
   * {@code threads} event loop threads, daemons named after {@code name}.
   *
   * @throws IllegalArgumentException if {@code threads} is less than 1
   */
  public static EventLoops create(String name, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("an event loop group needs a thread, not " + threads);
    }
    return new EventLoops(name, threads);
  }

  /** The loops, for a channel builder's or a server builder's event loop groups. */
  public EventLoopGroup group() {
    return group;
  }

  /** The socket channel type that runs on these loops. */
  public Class<? extends Channel> socketChannel() {
    return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** The server socket channel type that runs on these loops. */
  public Class<? extends ServerChannel> serverSocketChannel() {
    return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /**
   * Ends the loops without a quiet period and waits until their threads are gone, at most {@link
   * #CLOSE_TIMEOUT}. Close the channel or server that uses them first. Idempotent.
   */
  @Override
  public void close() {
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    var unused = group.shutdownGracefully(0, CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    boolean interrupted = false;
    for (Thread thread : threads) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        break; // daemons: loops still busy now do not keep the JVM alive
      }
      try {
        thread.join(left);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
