package dev.jxdist.coordinator.machine;

import dev.jxdist.common.sync.BlobStore;
import dev.jxdist.common.wire.JoinDirective;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.JoinerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A run this machine joined ({@code jxdist worker}): its {@link JoinLink} to the coordinator, and,
 * one at a time until the coordinator says the run is over, the {@link WorkerAssignment}s it is
 * given. The machine's store is shared by every assignment (and would be by several runs, on an
 * agent).
 *
 * <p>{@link #run} is the one thread that decides and writes to the Join stream; the stream's
 * callbacks and the JVM's exit only enqueue. {@link #close} (from a shutdown hook, on Ctrl-C) kills
 * the worker JVM, removes its session directory and disconnects.
 */
public final class JoinedRun implements AutoCloseable {

  private final JoinerConfig config;
  private final Consumer<String> say;
  private final JoinLink link;
  private final ExecutorService fetchPool;
  private final Clock clock;
  private final BlobStore store;
  private final WorkerAssignment assignment;
  private volatile boolean closed;

  /**
   * @param token the run's secret, read from {@code config.tokenFile()}
   * @param err where the joiner says what it does
   */
  public JoinedRun(JoinerConfig config, RunToken token, PrintStream err, Clock clock) {
    this(config, token, line -> err.println("jxdist worker: " + line), clock);
  }

  /**
   * @param token the run's secret
   * @param say hears what the joiner does, one line at a time (an agent prefixes the run)
   */
  public JoinedRun(JoinerConfig config, RunToken token, Consumer<String> say, Clock clock) {
    this.config = config;
    this.say = say;
    this.link = new JoinLink(config, token, clock, this::say);
    AtomicInteger threads = new AtomicInteger();
    this.fetchPool =
        Executors.newFixedThreadPool(
            BlobFetcher.PARALLEL_CALLS,
            r -> {
              Thread t = new Thread(r, "joiner-fetch-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.clock = clock;
    this.store = new BlobStore(config.cache());
    this.assignment =
        new WorkerAssignment(
            config,
            link,
            store,
            new BlobFetcher(link.blobs(), token, store, fetchPool, clock),
            this::say);
  }

  /**
   * Joins the run and works for it until it is over.
   *
   * @throws JoinFailure if the coordinator cannot be reached, refuses the token, or is lost
   */
  public void run() throws JoinFailure {
    if (!link.connect()) {
      say("the run at " + config.coordinator() + " is already over");
      return;
    }
    while (!link.isDone()) {
      Object item = link.take();
      if (item instanceof JoinDirective.Assignment a) {
        assignment.run(a);
      } else if (item instanceof JoinDirective.Done) {
        link.markDone();
      } else if (item instanceof JoinLink.Ended e) {
        if (e.status() != null) {
          throw link.lost(e.status());
        }
        link.markDone();
      }
      // A Cancel or Launch for an assignment already over: nothing to do.
    }
    say("the run is over");
    deleteUnusedBlobs();
  }

  /** Deletes the blobs of the cache no run used for {@link BlobStore#KEPT_UNUSED}. */
  private void deleteUnusedBlobs() {
    try {
      BlobStore.Eviction deleted = store.deleteUnused(clock.instant().minus(BlobStore.KEPT_UNUSED));
      if (deleted.blobs() > 0) {
        say(
            "deleted "
                + deleted.blobs()
                + (deleted.blobs() == 1 ? " blob" : " blobs")
                + " no run used for "
                + BlobStore.KEPT_UNUSED.toDays()
                + " days from "
                + config.cache());
      }
    } catch (IOException e) {
      say("cannot trim the cache " + config.cache() + ": " + e.getMessage());
    }
  }

  private void say(String line) {
    say.accept(line);
  }

  /**
   * Kills the worker JVM if one runs, removes its session directory and disconnects. Idempotent;
   * safe from a shutdown hook while {@link #run} is still going.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    link.stop();
    assignment.close();
    fetchPool.shutdownNow();
    link.close();
  }
}
