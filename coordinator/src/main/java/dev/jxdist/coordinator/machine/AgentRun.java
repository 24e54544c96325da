package dev.jxdist.coordinator.machine;

import dev.jxdist.common.files.FileTrees;
import dev.jxdist.common.files.PrivateFiles;
import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.AgentConfig;
import dev.jxdist.coordinator.config.HostPort;
import dev.jxdist.coordinator.config.JoinerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One run an agent serves: the slots it was granted, and once it is offered, one joiner ({@link
 * JoinedRun}, the {@code jxdist worker} machinery) per slot, each on a thread of its own, dialling
 * the run's join endpoint with the run's token. Its directory is {@code <cache>/sessions/<run>}:
 * the run's token file, and the joiners' session directories beside it. {@link #close} kills every
 * worker JVM (and what it started), removes the directory and gives the slots back; it is what
 * happens both at the run's end and when its coordinator vanished.
 */
final class AgentRun implements AutoCloseable {

  /** How long closing waits for the joiner threads to end once their JVMs are killed. */
  private static final Duration JOIN_WAIT = Duration.ofSeconds(10);

  private final AgentConfig config;
  private final String runId;
  private final int slots;
  private final Slots pool;
  private final Consumer<String> say;
  private final Clock clock;
  private final Instant started;
  private final Path dir;
  private final List<JoinedRun> joiners = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger failed = new AtomicInteger();
  private boolean closed;

  AgentRun(
      AgentConfig config, String runId, int slots, Slots pool, Consumer<String> say, Clock clock) {
    this.config = config;
    this.runId = runId;
    this.slots = slots;
    this.pool = pool;
    this.say = line -> say.accept("run " + runId + ": " + line);
    this.clock = clock;
    this.started = clock.instant();
    this.dir = config.cache().resolve("sessions").resolve(WorkerAssignment.safe(runId));
  }

  String id() {
    return runId;
  }

  int slots() {
    return slots;
  }

  /** When the agent took the run: blobs used since then are kept from eviction while it runs. */
  Instant started() {
    return started;
  }

  /**
   * Starts one joiner per slot against the run at {@code coordinator}; {@code onEnd} hears, once,
   * when every joiner is done, with how many of them lost the run.
   *
   * @throws IOException if the run's directory or token file cannot be made
   */
  synchronized void start(
      HostPort coordinator, RunToken token, CertificatePin pin, Consumer<Integer> onEnd)
      throws IOException {
    if (closed) {
      return;
    }
    PrivateFiles.directory(config.cache());
    PrivateFiles.directory(dir.getParent());
    PrivateFiles.directory(dir);
    Path tokenFile = dir.resolve("run.token");
    Files.deleteIfExists(tokenFile);
    PrivateFiles.newFile(tokenFile);
    // The worker JVMs read the run's token from here, as a joiner's do from its token file.
    Files.writeString(tokenFile, token.reveal() + "\n", StandardCharsets.UTF_8);
    JoinerConfig joiner =
        new JoinerConfig(
            coordinator,
            tokenFile,
            Optional.of(pin),
            config.cache(),
            config.java(),
            config.name(),
            Duration.ofSeconds(30));
    AtomicInteger running = new AtomicInteger(slots);
    for (int i = 0; i < slots; i++) {
      JoinedRun joined = new JoinedRun(joiner, token, say, clock);
      joiners.add(joined);
      Thread t =
          new Thread(
              () -> {
                try {
                  joined.run();
                } catch (JoinFailure e) {
                  failed.incrementAndGet();
                  say.accept(e.getMessage());
                } catch (RuntimeException e) {
                  failed.incrementAndGet();
                  say.accept("a joiner failed: " + e);
                } finally {
                  joined.close();
                  if (running.decrementAndGet() == 0) {
                    onEnd.accept(failed.get());
                  }
                }
              },
              "agent-run-" + runId + "-" + (i + 1));
      t.setDaemon(true);
      threads.add(t);
    }
    say.accept(
        "joining "
            + coordinator
            + " with "
            + slots
            + (slots == 1 ? " worker slot" : " worker slots"));
    threads.forEach(Thread::start);
  }

  /**
   * Kills the run's worker JVMs, waits a little for its joiners to end, removes its directory and
   * gives its slots back. Idempotent.
   */
  @Override
  public void close() {
    List<Thread> waitFor;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      joiners.forEach(JoinedRun::close);
      waitFor = List.copyOf(threads);
    }
    long deadline = System.nanoTime() + JOIN_WAIT.toNanos();
    for (Thread t : waitFor) {
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (!FileTrees.deleteQuietly(dir) && Files.exists(dir)) {
      say.accept("could not remove " + dir);
    }
    pool.release(slots);
  }
}
