package dev.jxdist.worker.capture;

import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.worker.connection.Outbox;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces {@code System.out} and {@code System.err} with streams that route each write:
 *
 * <ul>
 *   <li>while a node runs and capturing is on, to that node's buffer, returned by {@link
 *       #nodeFinished} so it travels in the node's {@code TestFinished};
 *   <li>otherwise to the live buffer, sent as {@code Output} events at most every flush interval
 *       (by a thread "worker-output") and on {@link #flushLive()}, naming the running node if any.
 * </ul>
 *
 * <p>The running node of a write is the innermost node started on the writing thread; a thread that
 * started no node (one a test spawned) writes to the node started most recently. Buffers are
 * bounded; what does not fit is counted and reported as dropped. Streams are UTF-8. Every write is
 * also copied to the original stream, the worker's log, whose tail a crash report shows.
 */
public final class OutputCapture implements AutoCloseable {

  /** Bytes kept per node and stream. */
  static final int MAX_CAPTURED_BYTES = 4 * 1024 * 1024;

  /** Live bytes kept between two flushes. */
  static final int MAX_LIVE_BYTES = 8 * 1024 * 1024;

  private final Outbox outbox;
  private final boolean captureNodes;
  private final Duration flushInterval;
  private final Object lock = new Object();
  private final Map<String, Node> running = new LinkedHashMap<>();
  private final Map<Thread, Deque<Node>> runningByThread = new HashMap<>();
  private final List<Chunk> live = new ArrayList<>();
  private long liveBytes;
  private long liveDropped;
  private volatile PrintStream originalOut;
  private volatile PrintStream originalErr;
  private Thread flusher;
  private boolean installed;
  private boolean closed;

  /**
   * @param outbox where live output goes
   * @param captureNodes keep each node's output with the node (Configure.capture_output)
   * @param flushInterval the longest live output waits before it is sent
   */
  public OutputCapture(Outbox outbox, boolean captureNodes, Duration flushInterval) {
    this.outbox = outbox;
    this.captureNodes = captureNodes;
    this.flushInterval = flushInterval;
  }

  /** Replaces {@code System.out}/{@code System.err} and starts the live flusher. */
  public synchronized void install() {
    if (closed || installed) {
      throw new IllegalStateException("output capture is closed or already installed");
    }
    installed = true;
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(new Route(false), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Route(true), true, StandardCharsets.UTF_8));
    flusher = new Thread(this::flushPeriodically, "worker-output");
    flusher.setDaemon(true);
    flusher.start();
  }

  /** A node started executing on the calling thread. */
  public void nodeStarted(String uniqueId) {
    Thread thread = Thread.currentThread();
    synchronized (lock) {
      Node node = new Node(uniqueId, thread);
      running.put(uniqueId, node);
      runningByThread.computeIfAbsent(thread, t -> new ArrayDeque<>()).push(node);
    }
  }

  /** A node finished; returns what it wrote (nothing if capturing is off or it never started). */
  public Captured nodeFinished(String uniqueId) {
    synchronized (lock) {
      Node node = running.remove(uniqueId);
      if (node == null) {
        return Captured.NONE;
      }
      Deque<Node> stack = runningByThread.get(node.thread);
      if (stack != null) {
        stack.remove(node);
        if (stack.isEmpty()) {
          runningByThread.remove(node.thread);
        }
      }
      return node.captured();
    }
  }

  /** Sends the live output written so far as {@code Output} events. */
  public void flushLive() {
    flushLive(false);
  }

  /**
   * Sends the live output; unless {@code everything}, a character cut in half by the last write
   * waits for its other half.
   */
  private void flushLive(boolean everything) {
    List<WorkerEvent.Output> events = new ArrayList<>();
    synchronized (lock) {
      Chunk rest = null;
      for (int i = 0; i < live.size(); i++) {
        Chunk chunk = live.get(i);
        byte[] bytes = chunk.bytes.toByteArray();
        int complete =
            everything || i < live.size() - 1 ? bytes.length : Utf8.completeLength(bytes);
        events.add(
            new WorkerEvent.Output(
                chunk.stderr,
                new String(bytes, 0, complete, StandardCharsets.UTF_8),
                chunk.uniqueId));
        if (complete < bytes.length) {
          rest = new Chunk(chunk.stderr, chunk.uniqueId);
          rest.bytes.write(bytes, complete, bytes.length - complete);
        }
      }
      live.clear();
      liveBytes = 0;
      if (rest != null) {
        live.add(rest);
        liveBytes = rest.bytes.size();
      }
      if (liveDropped > 0) {
        events.add(
            new WorkerEvent.Output(
                true, "[jxdist: " + liveDropped + " bytes of output were dropped]\n", ""));
        liveDropped = 0;
      }
    }
    for (WorkerEvent.Output event : events) {
      if (!event.text().isEmpty()) {
        outbox.send(event);
      }
    }
  }

  /** Stops the flusher, sends what is left and puts the original streams back. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!installed) {
      return;
    }
    flusher.interrupt();
    try {
      flusher.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.flush();
    System.err.flush();
    System.setOut(originalOut);
    System.setErr(originalErr);
    flushLive(true);
  }

  private void flushPeriodically() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(flushInterval.toMillis());
        flushLive();
      }
    } catch (InterruptedException e) {
      // close(): the last flush happens there.
    }
  }

  private void write(boolean stderr, byte[] bytes, int offset, int length) {
    // The worker's own log (the original streams) keeps a copy of everything, so that when a test
    // ends the JVM, the crash report's tail of that log shows the test's last words.
    PrintStream log = stderr ? originalErr : originalOut;
    if (log != null) {
      log.write(bytes, offset, length);
    }
    synchronized (lock) {
      Node target = target();
      if (captureNodes && target != null) {
        target.append(stderr, bytes, offset, length);
        return;
      }
      String uniqueId = target == null ? "" : target.uniqueId;
      if (liveBytes + length > MAX_LIVE_BYTES) {
        liveDropped += length;
        return;
      }
      Chunk last = live.isEmpty() ? null : live.get(live.size() - 1);
      if (last == null || last.stderr != stderr || !last.uniqueId.equals(uniqueId)) {
        last = new Chunk(stderr, uniqueId);
        live.add(last);
      }
      last.bytes.write(bytes, offset, length);
      liveBytes += length;
    }
  }

  /** The node a write on the current thread belongs to, or null outside any node. */
  private Node target() {
    Deque<Node> stack = runningByThread.get(Thread.currentThread());
    if (stack != null && !stack.isEmpty()) {
      return stack.peek();
    }
    Node latest = null;
    for (Node node : running.values()) {
      latest = node;
    }
    return latest;
  }

  /** One of the two capturing streams. */
  private final class Route extends OutputStream {
    private final boolean stderr;

    Route(boolean stderr) {
      this.stderr = stderr;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      OutputCapture.this.write(stderr, b, off, len);
    }
  }

  /** A running node and, when capturing, what it wrote. Guarded by {@code lock}. */
  private static final class Node {
    final String uniqueId;
    final Thread thread;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    long outDropped;
    long errDropped;

    Node(String uniqueId, Thread thread) {
      this.uniqueId = uniqueId;
      this.thread = thread;
    }

    void append(boolean stderr, byte[] bytes, int offset, int length) {
      ByteArrayOutputStream buffer = stderr ? err : out;
      int room = Math.max(0, MAX_CAPTURED_BYTES - buffer.size());
      int kept = Math.min(room, length);
      buffer.write(bytes, offset, kept);
      if (stderr) {
        errDropped += length - kept;
      } else {
        outDropped += length - kept;
      }
    }

    Captured captured() {
      return new Captured(text(out, outDropped), text(err, errDropped));
    }

    private static String text(ByteArrayOutputStream buffer, long dropped) {
      String s = buffer.toString(StandardCharsets.UTF_8);
      return dropped == 0
          ? s
          : s + "\n[jxdist: " + dropped + " more bytes of output were dropped]\n";
    }
  }

  /** Consecutive live output of one stream and node. */
  private static final class Chunk {
    final boolean stderr;
    final String uniqueId;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Chunk(boolean stderr, String uniqueId) {
      this.stderr = stderr;
      this.uniqueId = uniqueId;
    }
  }
}
