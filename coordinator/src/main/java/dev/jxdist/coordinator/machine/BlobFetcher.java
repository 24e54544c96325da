package dev.jxdist.coordinator.machine;

import dev.jxdist.common.sync.BlobStore;
import dev.jxdist.common.sync.Manifest;
import dev.jxdist.common.wire.FetchRequest;
import dev.jxdist.common.wire.FetchStats;
import dev.jxdist.common.wire.JoinMapper;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.proto.v1.JoinServiceGrpc;
import io.grpc.Context;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Brings a manifest's blobs into this machine's store: asks the coordinator for those the store
 * lacks, in a few FetchBlobs calls at once (the blobs spread over them by size), and stores each
 * through {@link BlobStore#put}, which verifies its hash and makes it appear only when complete, so
 * an interrupted fetch never leaves a corrupt blob. A blob that arrives damaged is fetched again;
 * one that keeps arriving damaged fails the fetch, naming its file.
 */
final class BlobFetcher {

  /** FetchBlobs calls at once: enough to keep a link busy while one blob is written to disk. */
  static final int PARALLEL_CALLS = 4;

  /** How often a blob that arrives damaged is fetched in all before the fetch fails. */
  static final int ATTEMPTS = 3;

  /** How long a cancelled call may take to end (it ends at its next chunk). */
  private static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

  /**
   * One fetch at a time per store in this JVM: the joiners of an agent (or of {@code jxdist worker
   * --workers N}) share a store, and a second fetch of the same suite then finds every blob there
   * instead of fetching it again beside the first.
   */
  private static final ConcurrentHashMap<Path, ReentrantLock> FETCHING = new ConcurrentHashMap<>();

  private final JoinServiceGrpc.JoinServiceBlockingStub stub;
  private final RunToken token;
  private final BlobStore store;
  private final ExecutorService pool;
  private final Clock clock;

  /**
   * @param pool runs the calls ({@link #PARALLEL_CALLS} threads); owned by the caller
   */
  BlobFetcher(
      JoinServiceGrpc.JoinServiceBlockingStub stub,
      RunToken token,
      BlobStore store,
      ExecutorService pool,
      Clock clock) {
    this.stub = stub;
    this.token = token;
    this.store = store;
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * Fetches what {@code manifest} needs and the store lacks.
   *
   * @param cancelled polled between chunks: when it turns true the fetch stops
   * @throws IOException naming the blob at fault if one cannot be fetched or stored
   */
  FetchStats fetch(Manifest manifest, BooleanSupplier cancelled) throws IOException {
    ReentrantLock lock = FETCHING.computeIfAbsent(store.root(), r -> new ReentrantLock());
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for another fetch");
    }
    try {
      return fetchLocked(manifest, cancelled);
    } finally {
      lock.unlock();
    }
  }

  private FetchStats fetchLocked(Manifest manifest, BooleanSupplier cancelled) throws IOException {
    Instant start = clock.instant();
    Map<String, Long> sizes = manifest.blobSizes();
    Map<String, String> names = new HashMap<>();
    manifest.entries().forEach(e -> names.putIfAbsent(e.sha256(), e.path()));
    List<String> missing = new ArrayList<>(store.missing(manifest));
    missing.sort(Comparator.comparing((String h) -> sizes.get(h)).reversed());
    int calls = Math.min(PARALLEL_CALLS, missing.size());
    List<List<String>> groups = new ArrayList<>();
    long[] groupBytes = new long[calls];
    for (int i = 0; i < calls; i++) {
      groups.add(new ArrayList<>());
    }
    for (String h : missing) {
      int lightest = 0;
      for (int i = 1; i < calls; i++) {
        if (groupBytes[i] < groupBytes[lightest]) {
          lightest = i;
        }
      }
      groups.get(lightest).add(h);
      groupBytes[lightest] += sizes.get(h);
    }
    AtomicInteger fetched = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    List<Context.CancellableContext> contexts = new ArrayList<>();
    CompletionService<Void> running = new ExecutorCompletionService<>(pool);
    List<Future<Void>> futures = new ArrayList<>();
    for (List<String> group : groups) {
      Context.CancellableContext context = Context.current().withCancellation();
      contexts.add(context);
      futures.add(
          running.submit(
              () -> {
                context.run(() -> fetchGroup(group, names, cancelled, fetched, bytes));
                return null;
              }));
    }
    try {
      for (int i = 0; i < futures.size(); i++) {
        running.take().get(); // the first failure ends the fetch at once
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching blobs");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw new IOException("fetching blobs failed: " + cause, cause);
    } finally {
      // Stop the other calls and wait for them: their stores discard what they half received.
      contexts.forEach(c -> c.cancel(null));
      awaitAll(futures);
    }
    long ms = Duration.between(start, clock.instant()).toMillis();
    return new FetchStats(manifest.entries().size(), fetched.get(), bytes.get(), ms);
  }

  private static void awaitAll(List<Future<Void>> futures) {
    boolean interrupted = false;
    for (Future<Void> f : futures) {
      while (true) {
        try {
          f.get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException | CancellationException | TimeoutException e) {
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Fetches {@code group} in one call, then again those that arrived damaged (their content did not
   * hash to their name), up to {@value #ATTEMPTS} times in all.
   */
  private void fetchGroup(
      List<String> group,
      Map<String, String> names,
      BooleanSupplier cancelled,
      AtomicInteger fetched,
      AtomicLong bytes) {
    List<String> todo = group;
    for (int attempt = 1; !todo.isEmpty(); attempt++) {
      List<String> damaged = new ArrayList<>();
      Iterator<dev.jxdist.proto.v1.BlobChunk> chunks =
          stub.fetchBlobs(JoinMapper.toProto(new FetchRequest(token.reveal(), todo)));
      for (String h : todo) {
        ChunkStream in = new ChunkStream(chunks, h, cancelled);
        try {
          store.put(h, in); // reads the blob to its end, damaged or not
          fetched.incrementAndGet();
        } catch (BlobStore.Mismatch e) {
          damaged.add(h);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          bytes.addAndGet(in.bytes());
        }
      }
      if (!damaged.isEmpty() && attempt == ATTEMPTS) {
        String h = damaged.get(0);
        throw new UncheckedIOException(
            new IOException(
                names.getOrDefault(h, "blob " + h)
                    + " arrived damaged "
                    + ATTEMPTS
                    + " times (its content does not hash to "
                    + h
                    + "); the link to the coordinator corrupts data, or the coordinator's store"
                    + " does: check the coordinator's ~/.cache/jxdist/blobs"));
      }
      todo = damaged;
    }
  }
}
