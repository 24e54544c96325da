package dev.jxdist.worker.connection;

import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.common.wire.PlanParts;
import dev.jxdist.common.wire.ProtoMapper;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.proto.v1.WorkerMessage;
import dev.jxdist.worker.diagnostics.WorkerLog;
import io.grpc.stub.ClientCallStreamObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The only writer of the outbound stream: a bounded queue drained by one thread ("worker-sender")
 * that writes a message only while the transport is ready (gRPC flow control), so a slow link slows
 * the producers down instead of filling memory.
 *
 * <p>Queuing never loses an event to the caller's interrupt flag (a test may leave it set on the
 * thread that reports it): the flag is cleared while {@link #send} waits and set again before it
 * returns. A write the transport refuses ends the writing and is handed, once, to the failure
 * handler: the worker cannot go on without its events. A JVM that is ending (a test called {@code
 * System.exit}) can {@link #drain} what is queued, so the coordinator still learns which test was
 * running.
 *
 * <p>What it finds queued together it writes as one {@code Batch} (up to {@link
 * GrpcDefaults#MAX_BATCH_MESSAGES} messages and {@link GrpcDefaults#MAX_BATCH_BYTES} bytes), after
 * waiting {@link GrpcDefaults#BATCH_LINGER} for a second message: a write per message cost a worker
 * running trivial tests a fifth of its time. The first message (Hello) goes alone, so that a
 * coordinator of another protocol version can still read it and say so. The system property {@value
 * #BATCH_PROPERTY}{@code =false} on the worker JVM writes every message alone (to compare).
 */
final class OutboundSender implements Outbox, AutoCloseable {

  /** Queued messages before {@link #send} waits. */
  static final int CAPACITY = 4096;

  private static final long POLL_MILLIS = 100;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS);
  private static final Object END_OF_STREAM = new Object();

  /** The worker JVM's system property that turns batching off when {@code false}. */
  static final String BATCH_PROPERTY = "jxdist.worker.batch";

  private static final long LINGER_NANOS = GrpcDefaults.BATCH_LINGER.toNanos();

  /** Taken from the queue for a batch that could not take it: the sender thread's next item. */
  private final ArrayDeque<Object> carried = new ArrayDeque<>();

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(CAPACITY);
  private final Object readyLock = new Object();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final WorkerLog log;
  private final Consumer<String> onFailure;
  private final Thread thread;
  private volatile ClientCallStreamObserver<WorkerMessage> stream;
  private volatile boolean closed;
  private volatile boolean streamEnded;
  private volatile boolean failed;

  /** Messages queued by {@link #send} and {@link #offer}, and those handed to the transport. */
  private final AtomicLong queued = new AtomicLong();

  private final AtomicLong written = new AtomicLong();
  private volatile boolean draining;

  /**
   * @param log where the failure is logged
   * @param onFailure told once, with a sentence saying why, when a write fails
   */
  OutboundSender(WorkerLog log, Consumer<String> onFailure) {
    this.log = log;
    this.onFailure = onFailure;
    this.thread = new Thread(this::run, "worker-sender");
    this.thread.setDaemon(true);
  }

  /** Binds the stream; called from {@code beforeStart}, before the call starts. */
  void attach(ClientCallStreamObserver<WorkerMessage> requestStream) {
    this.stream = requestStream;
    requestStream.setOnReadyHandler(this::wakeUp);
  }

  /** Starts writing; the stream must be attached. */
  void start() {
    if (stream == null) {
      throw new IllegalStateException("the outbound stream is not attached");
    }
    thread.start();
  }

  @Override
  public void send(WorkerEvent event) {
    // A plan too large for one message goes in parts, one after the other.
    List<WorkerMessage> messages =
        PlanParts.split(ProtoMapper.toProto(event), GrpcDefaults.PLAN_PART_BYTES);
    // The caller's flag is not a reason to drop its event: keep it aside while waiting for room.
    boolean interrupted = Thread.interrupted();
    try {
      for (WorkerMessage message : messages) {
        interrupted |= enqueue(message);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Queues {@code message}, waiting for room as long as the writing goes on; true if the caller was
   * interrupted meanwhile (the message is queued all the same).
   */
  private boolean enqueue(WorkerMessage message) {
    boolean interrupted = false;
    while (!closed && !failed) {
      try {
        if (queue.offer(message, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          queued.incrementAndGet();
          return interrupted;
        }
        // The coordinator reads slower than we write: wait for room.
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    return interrupted;
  }

  @Override
  public boolean offer(WorkerEvent event) {
    if (!closed && !failed && queue.offer(ProtoMapper.toProto(event))) {
      queued.incrementAndGet();
      return true;
    }
    return false;
  }

  /**
   * Waits until every message queued before the call has been handed to the transport, or the
   * writing ended; false if that took longer than {@code timeout}. For a JVM that is ending: the
   * stream stays open, unlike {@link #finish}.
   */
  boolean drain(Duration timeout) throws InterruptedException {
    long target = queued.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    draining = true;
    synchronized (readyLock) {
      while (written.get() < target && !closed && !failed && !streamEnded) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(readyLock, Math.min(left, POLL_NANOS));
      }
    }
    return written.get() >= target;
  }

  /**
   * The coordinator ended the call: nothing can be written any more, so nobody waits for the
   * transport to become ready again.
   */
  void streamEnded() {
    streamEnded = true;
    finished.countDown();
    wakeUp();
  }

  /**
   * Queues the end of the stream behind everything already queued and waits until it has been
   * written, or until the coordinator ended the call (then there is nothing left to wait for).
   * Returns false if neither happened within {@code timeout}.
   */
  boolean finish(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (streamEnded) {
      return true;
    }
    if (!queue.offer(END_OF_STREAM, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    return finished.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    wakeUp();
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (!closed) {
        Object item =
            carried.isEmpty() ? queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS) : carried.poll();
        if (item == null) {
          continue;
        }
        List<WorkerMessage> batch = new ArrayList<>();
        if (item != END_OF_STREAM) {
          batch.add((WorkerMessage) item);
          if (written.get() > 0 && !"false".equals(System.getProperty(BATCH_PROPERTY))) {
            fill(batch);
          }
        }
        if (!awaitReady()) {
          return;
        }
        if (item == END_OF_STREAM) {
          stream.onCompleted();
          finished.countDown();
          return;
        }
        stream.onNext(batch.size() == 1 ? batch.get(0) : ProtoMapper.batch(batch));
        written.addAndGet(batch.size());
        if (draining) {
          wakeUp();
        }
      }
    } catch (InterruptedException e) {
      // close() interrupts: nothing more will be written.
    } catch (RuntimeException e) {
      failed = true;
      log.error("writing to the coordinator failed; no more events will be sent", e);
      onFailure.accept(
          "writing an event to the coordinator failed ("
              + e
              + "); the events after it cannot reach the coordinator, so the worker stops");
    }
  }

  /**
   * Adds to {@code batch} (one message so far) what is queued behind it, waiting {@link
   * GrpcDefaults#BATCH_LINGER} for the second; stops before the end of the stream and before a
   * message that would make the batch too large, which is carried to the next write.
   */
  private void fill(List<WorkerMessage> batch) throws InterruptedException {
    int bytes = batch.get(0).getSerializedSize();
    if (bytes >= GrpcDefaults.MAX_BATCH_BYTES) {
      return;
    }
    Object next = queue.poll(LINGER_NANOS, TimeUnit.NANOSECONDS);
    while (next != null && batch.size() < GrpcDefaults.MAX_BATCH_MESSAGES) {
      if (next == END_OF_STREAM) {
        carried.add(next);
        return;
      }
      WorkerMessage message = (WorkerMessage) next;
      int size = message.getSerializedSize();
      if (bytes + size > GrpcDefaults.MAX_BATCH_BYTES) {
        carried.add(next);
        return;
      }
      batch.add(message);
      bytes += size;
      next = batch.size() < GrpcDefaults.MAX_BATCH_MESSAGES ? queue.poll() : null;
    }
    if (next != null) {
      carried.add(next);
    }
  }

  /** Waits until the transport takes more; false if the sender closed meanwhile. */
  private boolean awaitReady() throws InterruptedException {
    synchronized (readyLock) {
      while (!closed && !streamEnded && !stream.isReady()) {
        readyLock.wait(POLL_MILLIS);
      }
    }
    return !closed && !streamEnded;
  }

  private void wakeUp() {
    synchronized (readyLock) {
      readyLock.notifyAll();
    }
  }
}
