package dev.jxdist.worker.connection;

import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.CoordinatorTrust;
import dev.jxdist.common.wire.EventLoops;
import dev.jxdist.common.wire.MalformedMessageException;
import dev.jxdist.common.wire.ProtoMapper;
import dev.jxdist.proto.v1.CoordinatorMessage;
import dev.jxdist.proto.v1.WorkerChannelGrpc;
import dev.jxdist.proto.v1.WorkerMessage;
import dev.jxdist.worker.diagnostics.WorkerLog;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The worker's channel and its one {@code WorkerChannel.Connect} stream. Inbound messages are
 * decoded and handed to an {@link InboundHandler}; outbound events go through {@link #outbox()}.
 * Closing writes what is queued, half-closes the stream, waits briefly for the coordinator to end
 * it, then shuts the channel and its event loop down; every step is bounded. {@link #abandon()}
 * skips the courtesies when the coordinator is known to be gone. A JVM that ends while connected (a
 * test called {@code System.exit}) first writes what is queued, for at most {@link #EXIT_DRAIN}:
 * the coordinator then knows which test ended it.
 */
public final class CoordinatorConnection implements AutoCloseable {

  private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration END_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration CHANNEL_TIMEOUT = Duration.ofSeconds(1);

  /** The longest an ending JVM waits for its queued events to be written. */
  static final Duration EXIT_DRAIN = Duration.ofSeconds(2);

  /**
   * How long an ending JVM gives the transport once its events are handed over: gRPC has no flush,
   * and its event loop thread, which writes them to the socket, is not waited for when the JVM
   * ends. Without it, the last events of a JVM that a test ended were lost now and then (CrashIT,
   * HtmlReportIT), and the crash was blamed on the test before the one that caused it.
   */
  static final Duration TRANSPORT_GRACE = Duration.ofMillis(250);

  private final CoordinatorAddress address;
  private final WorkerLog log;
  private final ExecutorService executor;
  private final EventLoops loops;
  private final ManagedChannel channel;
  private final OutboundSender sender;
  private final CountDownLatch ended = new CountDownLatch(1);
  private final Thread exitDrain;
  private boolean connected;
  private boolean closed;
  private boolean abandoned;

  /**
   * Creates the channel; nothing is dialled until {@link #connect}.
   *
   * @param trust what this connection accepts as the coordinator: its pinned certificate, or a
   *     plaintext loopback address
   * @param onSendFailure told once, with a sentence saying why, when an event cannot be written to
   *     the stream
   */
  public CoordinatorConnection(
      CoordinatorAddress address,
      CoordinatorTrust trust,
      WorkerLog log,
      Consumer<String> onSendFailure) {
    this.address = address;
    this.log = log;
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "worker-grpc-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.loops = EventLoops.create("worker-netty", 1);
    this.channel = CoordinatorChannels.open(address, trust, executor, loops);
    this.sender = new OutboundSender(log, onSendFailure);
    this.exitDrain = new Thread(this::drainAtExit, "worker-exit-drain");
  }

  /** Where events to the coordinator go. */
  public Outbox outbox() {
    return sender;
  }

  /** Opens the stream; {@code handler} receives everything that arrives on it. */
  public synchronized void connect(InboundHandler handler) {
    if (closed) {
      throw new IllegalStateException("the connection to " + address + " is closed");
    }
    if (connected) {
      throw new IllegalStateException("already connected to " + address);
    }
    connected = true;
    WorkerChannelGrpc.newStub(channel).connect(new Responses(handler));
    sender.start();
    Runtime.getRuntime().addShutdownHook(exitDrain);
  }

  private void drainAtExit() {
    try {
      if (sender.drain(EXIT_DRAIN)) {
        Thread.sleep(TRANSPORT_GRACE.toMillis());
      } else {
        log.info("the JVM is ending; its last events were not written within " + EXIT_DRAIN);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** True once the stream has ended (completed or failed). */
  public boolean hasEnded() {
    return ended.getCount() == 0;
  }

  /**
   * Writes what is queued, half-closes the stream, gives the coordinator a moment to end it, then
   * shuts the channel down. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (connected) {
      try {
        Runtime.getRuntime().removeShutdownHook(exitDrain);
      } catch (IllegalStateException e) {
        // The JVM is ending: the hook is running or about to, and drains what it can.
      }
    }
    try {
      if (connected && !abandoned && !hasEnded()) {
        if (!sender.finish(FINISH_TIMEOUT)) {
          log.info("could not write the last events to the coordinator within " + FINISH_TIMEOUT);
        }
        ended.await(END_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sender.close();
      // The one call is over or given up on: cancel whatever is left rather than wait for it.
      channel.shutdownNow();
      try {
        channel.awaitTermination(CHANNEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      loops.close();
      executor.shutdownNow();
    }
  }

  /** Closes without writing what is queued: the coordinator is gone or silent. Idempotent. */
  public synchronized void abandon() {
    abandoned = true;
    close();
  }

  /** Describes how a stream failed, for one log line. */
  static String describe(Throwable t) {
    var mismatch = CertificatePin.mismatchIn(t);
    if (mismatch.isPresent()) {
      return "refused: " + mismatch.get().getMessage();
    }
    Status status = Status.fromThrowable(t);
    StringBuilder s = new StringBuilder(status.getCode().toString());
    if (status.getDescription() != null) {
      s.append(": ").append(status.getDescription());
    }
    if (status.getCause() != null && status.getCause().getMessage() != null) {
      s.append(" (").append(status.getCause().getMessage()).append(')');
    }
    return s.toString();
  }

  private final class Responses
      implements ClientResponseObserver<WorkerMessage, CoordinatorMessage> {
    private final InboundHandler handler;

    Responses(InboundHandler handler) {
      this.handler = handler;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WorkerMessage> requestStream) {
      sender.attach(requestStream);
    }

    @Override
    public void onNext(CoordinatorMessage message) {
      CoordinatorCommand command;
      try {
        command = ProtoMapper.fromProto(message);
      } catch (MalformedMessageException e) {
        handler.onMalformed(e.getMessage());
        return;
      }
      handler.onCommand(command);
    }

    @Override
    public void onError(Throwable t) {
      ended.countDown();
      sender.streamEnded();
      handler.onEnd("the stream to the coordinator at " + address + " failed: " + describe(t));
    }

    @Override
    public void onCompleted() {
      ended.countDown();
      sender.streamEnded();
      handler.onEnd("the coordinator at " + address + " closed the stream");
    }
  }
}
