package dev.jxdist.coordinator.join;

import dev.jxdist.common.wire.BlobChunk;
import dev.jxdist.common.wire.JoinMapper;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams blobs to joiners from the local files they were hashed from, in chunks of at most {@link
 * BlobChunk#MAX_BYTES}, as fast as each call's flow control allows: a chunk is read and sent only
 * while the call is ready, so a slow joiner never makes the coordinator buffer a whole classpath.
 * The reading happens on a small pool of its own, never on the transport's threads.
 */
final class BlobSender implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BlobSender.class);

  /**
   * Calls served at once; more wait their turn (each still streams as soon as it gets a thread).
   */
  private static final int THREADS = 4;

  private final Function<String, Optional<Path>> sources;
  private final ExecutorService pool;

  /**
   * @param sources the local file of each blob that may be served
   */
  BlobSender(Function<String, Optional<Path>> sources) {
    this.sources = sources;
    AtomicInteger count = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "join-blobs-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Streams the blobs {@code hashes} on {@code out}, then completes it. A hash that is not one of
   * the run's blobs fails the call with NOT_FOUND before anything is sent; a file that cannot be
   * read fails it with INTERNAL naming the file. Returns at once.
   */
  void send(List<String> hashes, ServerCallStreamObserver<dev.jxdist.proto.v1.BlobChunk> out) {
    List<Path> files = new ArrayList<>();
    for (String h : hashes) {
      Optional<Path> file = sources.apply(h);
      if (file.isEmpty()) {
        out.onError(
            Status.NOT_FOUND
                .withDescription("blob " + h + " is not part of this run's code")
                .asRuntimeException());
        return;
      }
      files.add(file.get());
    }
    Transfer transfer = new Transfer(hashes, files, out);
    out.setOnReadyHandler(transfer::schedule);
    out.setOnCancelHandler(transfer::cancel);
    transfer.schedule();
  }

  /** Stops serving: calls in progress end with the server. Idempotent. */
  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** One call's blobs: which one is being sent, and how far. */
  private final class Transfer {
    private final List<String> hashes;
    private final List<Path> files;
    private final ServerCallStreamObserver<dev.jxdist.proto.v1.BlobChunk> out;
    private volatile boolean cancelled;
    private boolean finished;
    private int index;
    private FileChannel channel;
    private long size;

    Transfer(
        List<String> hashes,
        List<Path> files,
        ServerCallStreamObserver<dev.jxdist.proto.v1.BlobChunk> out) {
      this.hashes = hashes;
      this.files = files;
      this.out = out;
    }

    void schedule() {
      try {
        pool.execute(this::pump);
      } catch (RejectedExecutionException e) {
        // Shutting down: the call ends with the server.
      }
    }

    void cancel() {
      cancelled = true;
      schedule();
    }

    /** Sends chunks while the call is ready; one pump at a time writes to the call. */
    private synchronized void pump() {
      if (finished) {
        return;
      }
      try {
        while (!cancelled && out.isReady()) {
          if (index == hashes.size()) {
            finished = true;
            out.onCompleted();
            return;
          }
          sendChunk();
        }
        if (cancelled) {
          finished = true;
          closeFile();
        }
      } catch (IOException e) {
        finished = true;
        closeFile();
        out.onError(
            Status.INTERNAL
                .withDescription(
                    "cannot read "
                        + files.get(index)
                        + " (blob "
                        + hashes.get(index)
                        + "): "
                        + e.getMessage())
                .asRuntimeException());
      } catch (RuntimeException e) {
        // The call was cancelled under us; the joiner sees its own error.
        finished = true;
        closeFile();
        log.debug("sending blobs failed: {}", e.toString());
      }
    }

    private void sendChunk() throws IOException {
      if (channel == null) {
        channel = FileChannel.open(files.get(index), StandardOpenOption.READ);
        size = channel.size();
      }
      int want = (int) Math.min(BlobChunk.MAX_BYTES, Math.max(0, size - channel.position()));
      ByteBuffer buffer = ByteBuffer.allocate(want);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          break; // it shrank since it was hashed; the joiner's hash check will say so
        }
      }
      buffer.flip();
      boolean last = channel.position() >= size || buffer.remaining() < want;
      String hash = hashes.get(index);
      if (last) {
        closeFile();
        index++;
      }
      out.onNext(JoinMapper.toProto(new BlobChunk(hash, buffer, last)));
    }

    private void closeFile() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // Read-only: nothing is lost.
        }
        channel = null;
      }
    }
  }
}
