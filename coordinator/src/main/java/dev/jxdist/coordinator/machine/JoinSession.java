package dev.jxdist.coordinator.machine;

import dev.jxdist.common.files.FileTrees;
import dev.jxdist.common.sync.BlobStore;
import dev.jxdist.common.sync.Layout;
import dev.jxdist.common.sync.Workspace;
import dev.jxdist.common.wire.FetchStats;
import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.common.wire.JoinDirective;
import dev.jxdist.common.wire.JoinMapper;
import dev.jxdist.common.wire.JoinerEvent;
import dev.jxdist.common.wire.MalformedMessageException;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.common.wire.WorkerBootstrap;
import dev.jxdist.coordinator.config.JoinerConfig;
import dev.jxdist.proto.v1.JoinServiceGrpc;
import dev.jxdist.proto.v1.JoinerMessage;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One joiner's stay in a run ({@code jxdist worker}): dials the coordinator until it answers (or
 * the connect timeout passes), joins with the token, and then, one assignment at a time, fetches
 * the blobs its store lacks, lays the suite out in {@code <cache>/sessions/<run>/<worker>}, starts
 * the worker JVM when told to, reports its exit and removes the session directory; until the
 * coordinator says the run is over.
 *
 * <p>{@link #run} is the one thread that decides and writes to the Join stream; the stream's
 * callbacks and the JVM's exit only enqueue. {@link #close} (from a shutdown hook, on Ctrl-C) kills
 * the worker JVM and removes its session directory.
 */
public final class JoinSession implements AutoCloseable {

  /** Pause between attempts to reach a coordinator that is not up yet. */
  private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

  /** Lines of the worker JVM's output sent with its exit, for the coordinator's crash report. */
  private static final int TAIL_LINES = 40;

  /** The Join stream ended; {@code status} is null for a clean end. */
  private record Ended(Status status) {}

  /** The worker JVM of {@code workerId} exited. */
  private record JvmExited(String workerId, int exitCode) {}

  private final JoinerConfig config;
  private final RunToken token;
  private final PrintStream err;
  private final Clock clock;
  private final BlobStore store;
  private final ManagedChannel channel;
  private final ExecutorService fetchPool;
  private final BlobFetcher fetcher;
  private final AtomicReference<String> cancelled = new AtomicReference<>("");
  private volatile BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private volatile boolean done;
  private volatile boolean closed;
  private volatile WorkerJvm jvm;
  private volatile Path sessionDir;
  private ClientCallStreamObserver<JoinerMessage> out;

  /**
   * @param token the run's secret, read from {@code config.tokenFile()}
   * @param err where the joiner says what it does
   */
  public JoinSession(JoinerConfig config, RunToken token, PrintStream err, Clock clock) {
    this.config = config;
    this.token = token;
    this.err = err;
    this.clock = clock;
    this.store = new BlobStore(config.cache());
    this.channel =
        NettyChannelBuilder.forAddress(config.coordinator().host(), config.coordinator().port())
            .usePlaintext()
            .keepAliveTime(GrpcDefaults.KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
            .keepAliveTimeout(GrpcDefaults.KEEPALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .keepAliveWithoutCalls(true)
            .maxInboundMessageSize(GrpcDefaults.MAX_MESSAGE_BYTES)
            .build();
    AtomicInteger threads = new AtomicInteger();
    this.fetchPool =
        Executors.newFixedThreadPool(
            BlobFetcher.PARALLEL_CALLS,
            r -> {
              Thread t = new Thread(r, "joiner-fetch-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.fetcher =
        new BlobFetcher(JoinServiceGrpc.newBlockingStub(channel), token, store, fetchPool, clock);
  }

  /**
   * Joins the run and works for it until it is over.
   *
   * @throws JoinFailure if the coordinator cannot be reached, refuses the token, or is lost
   */
  public void run() throws JoinFailure {
    if (!connect()) {
      say("the run at " + config.coordinator() + " is already over");
      return;
    }
    while (!done) {
      Object item = take();
      if (item instanceof JoinDirective.Assignment a) {
        runAssignment(a);
      } else if (item instanceof JoinDirective.Done) {
        done = true;
      } else if (item instanceof Ended e) {
        if (e.status() != null) {
          throw lost(e.status());
        }
        done = true;
      }
      // A Cancel or Launch for an assignment already over: nothing to do.
    }
    say("the run is over");
  }

  // ---- joining ----

  /** Opens the Join stream and waits for Welcome; false if the run is over already. */
  private boolean connect() throws JoinFailure {
    Instant deadline = clock.instant().plus(config.connectTimeout());
    boolean waitingSaid = false;
    while (true) {
      BlockingQueue<Object> q = new LinkedBlockingQueue<>();
      inbox = q;
      out = open(q);
      out.onNext(
          JoinMapper.toProto(
              new JoinerEvent.Join(
                  JoinMapper.PROTOCOL_VERSION,
                  token.reveal(),
                  config.name(),
                  Runtime.getRuntime().availableProcessors())));
      Duration left = Duration.between(clock.instant(), deadline);
      Object first = poll(q, left.isNegative() ? Duration.ZERO : left);
      if (first instanceof JoinDirective.Welcome w) {
        say(
            "joined run "
                + w.runId()
                + " at "
                + config.coordinator()
                + " as "
                + config.name()
                + "; waiting for work");
        return true;
      }
      if (first instanceof JoinDirective.Done) {
        return false;
      }
      Status status = first instanceof Ended e && e.status() != null ? e.status() : null;
      if (status != null && status.getCode() == Status.Code.UNAUTHENTICATED) {
        throw new JoinFailure(
            JoinFailure.REFUSED,
            "the coordinator at "
                + config.coordinator()
                + " refused the token in "
                + config.tokenFile()
                + ": it is not the run's token file; copy the file given to"
                + " jxdist run --token-file");
      }
      if (status != null && status.getCode() != Status.Code.UNAVAILABLE) {
        throw new JoinFailure(
            JoinFailure.REFUSED,
            "the coordinator at "
                + config.coordinator()
                + " refused to let this worker join: "
                + describe(status));
      }
      out.cancel("giving up this attempt", null);
      if (!clock.instant().isBefore(deadline)) {
        throw new JoinFailure(
            JoinFailure.UNREACHABLE,
            "cannot reach the coordinator at "
                + config.coordinator()
                + " within "
                + seconds(config.connectTimeout())
                + (status == null ? "" : " (" + describe(status) + ")")
                + "; check that jxdist run --listen "
                + config.coordinator()
                + " is running and that this machine can reach that address (firewall, a --listen"
                + " address other machines see)");
      }
      if (!waitingSaid) {
        say(
            "waiting for the coordinator at "
                + config.coordinator()
                + " (up to "
                + seconds(config.connectTimeout())
                + ")");
        waitingSaid = true;
      }
      sleep(RETRY_PAUSE);
      channel.resetConnectBackoff();
    }
  }

  private ClientCallStreamObserver<JoinerMessage> open(BlockingQueue<Object> q) {
    List<ClientCallStreamObserver<JoinerMessage>> holder = new ArrayList<>(1);
    JoinServiceGrpc.newStub(channel)
        .join(
            new ClientResponseObserver<JoinerMessage, dev.jxdist.proto.v1.JoinDirective>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<JoinerMessage> requestStream) {
                holder.add(requestStream);
              }

              @Override
              public void onNext(dev.jxdist.proto.v1.JoinDirective message) {
                JoinDirective directive;
                try {
                  directive = JoinMapper.fromProto(message);
                } catch (MalformedMessageException e) {
                  q.add(
                      new Ended(
                          Status.INTERNAL.withDescription(
                              "the coordinator sent a malformed message: " + e.getMessage())));
                  return;
                }
                if (directive instanceof JoinDirective.Cancel c) {
                  cancelled.set(c.workerId());
                } else if (directive instanceof JoinDirective.Done) {
                  done = true;
                }
                q.add(directive);
              }

              @Override
              public void onError(Throwable t) {
                q.add(new Ended(Status.fromThrowable(t)));
              }

              @Override
              public void onCompleted() {
                q.add(new Ended(null));
              }
            });
    return holder.get(0);
  }

  // ---- one assignment ----

  private void runAssignment(JoinDirective.Assignment a) throws JoinFailure {
    String id = a.workerId();
    Path runDir = config.cache().resolve("sessions").resolve(safe(a.runId()));
    Path dir = runDir.resolve(safe(id));
    Path log = runDir.resolve(safe(id) + ".log");
    sessionDir = dir;
    WorkerJvm started = null;
    try {
      Files.createDirectories(runDir);
      FileTrees.delete(dir); // what an earlier, killed joiner may have left
      FetchStats stats = fetcher.fetch(a.manifest(), () -> isCancelled(id) || done || closed);
      Workspace workspace = new Layout(store).materialize(a.manifest(), dir);
      say(
          String.format(
              Locale.ROOT,
              "%s (%s): fetched %d of %d files (%s) in %.1fs",
              id,
              a.suiteName(),
              stats.blobsFetched(),
              stats.files(),
              bytes(stats.bytesFetched()),
              stats.durationMs() / 1000.0));
      Path project = workspace.projectDirectory().orElse(workspace.root());
      send(
          new JoinerEvent.LaidOut(
              id,
              workspace.classpath().stream().map(Path::toString).toList(),
              project.toString(),
              stats));
      if (!awaitLaunch(id)) {
        if (!done) {
          send(new JoinerEvent.WorkerExited(id, -1, "cancelled before it started", List.of()));
        }
        return;
      }
      List<String> command = new ArrayList<>();
      command.add(config.java().toString());
      command.addAll(a.jvmArgs());
      command.add("-jar");
      command.add(workspace.classpath().get(workspace.classpath().size() - 1).toString());
      Map<String, String> env = new LinkedHashMap<>(a.environment());
      env.putAll(
          WorkerBootstrap.dialEnvironment(
              config.coordinator().toString(), id, config.tokenFile().toAbsolutePath().toString()));
      env.put(WorkerBootstrap.WORKER_COUNT, Integer.toString(a.workerCount()));
      env.put(WorkerBootstrap.RUN_ID, a.runId());
      started = WorkerJvm.start(command, project, env, log);
      jvm = started;
      BlockingQueue<Object> q = inbox;
      var unused = started.onExit().thenAccept(code -> q.add(new JvmExited(id, code)));
      send(new JoinerEvent.WorkerStarted(id, started.pid(), started.commandLine()));
      say(id + " started (pid " + started.pid() + ")");
      int code = awaitExit(id, started);
      say(id + " exited with " + code);
      if (!done) {
        send(new JoinerEvent.WorkerExited(id, code, "", started.tail(TAIL_LINES)));
      }
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      if (isCancelled(id) || done || closed) {
        why = "cancelled before it started";
      } else {
        say(id + " could not be started: " + why);
      }
      if (!done) {
        send(new JoinerEvent.WorkerExited(id, -1, why, List.of()));
      }
    } finally {
      if (started != null) {
        started.close();
      }
      jvm = null;
      sessionDir = null;
      FileTrees.deleteQuietly(dir); // else left for the next assignment of that id
      deleteQuietly(log);
      deleteQuietly(runDir);
    }
  }

  /** Waits for Launch (true) or Cancel (false) of {@code id}; Done ends the wait too (false). */
  private boolean awaitLaunch(String id) throws JoinFailure {
    while (true) {
      Object item = take();
      if (item instanceof JoinDirective.Launch l && l.workerId().equals(id)) {
        return !isCancelled(id);
      }
      if (item instanceof JoinDirective.Cancel c && c.workerId().equals(id)) {
        return false;
      }
      if (item instanceof JoinDirective.Done) {
        return false;
      }
      if (item instanceof Ended e) {
        if (e.status() != null) {
          throw lost(e.status());
        }
        done = true;
        return false;
      }
    }
  }

  /** Waits for the JVM's exit; Cancel, Done or a lost coordinator kill it first. */
  private int awaitExit(String id, WorkerJvm started) throws JoinFailure {
    JoinFailure failure = null;
    while (true) {
      Object item = take();
      if (item instanceof JvmExited x && x.workerId().equals(id)) {
        if (failure != null) {
          throw failure;
        }
        return x.exitCode();
      }
      if (item instanceof JoinDirective.Cancel c && c.workerId().equals(id)) {
        say(id + ": the coordinator stopped it (" + c.reason() + ")");
        started.kill();
      } else if (item instanceof JoinDirective.Done) {
        started.kill();
      } else if (item instanceof Ended e) {
        if (e.status() != null) {
          failure = lost(e.status());
        } else {
          done = true;
        }
        started.kill();
      }
    }
  }

  // ---- helpers ----

  private boolean isCancelled(String workerId) {
    return workerId.equals(cancelled.get());
  }

  private void send(JoinerEvent event) {
    try {
      out.onNext(JoinMapper.toProto(event));
    } catch (RuntimeException e) {
      // The stream is gone; its end arrives in the inbox.
    }
  }

  private Object take() throws JoinFailure {
    try {
      return inbox.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JoinFailure(JoinFailure.UNREACHABLE, "interrupted");
    }
  }

  private static Object poll(BlockingQueue<Object> q, Duration timeout) throws JoinFailure {
    try {
      return q.poll(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JoinFailure(JoinFailure.UNREACHABLE, "interrupted");
    }
  }

  private static void sleep(Duration d) throws JoinFailure {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JoinFailure(JoinFailure.UNREACHABLE, "interrupted");
    }
  }

  private JoinFailure lost(Status status) {
    if (closed) {
      return new JoinFailure(
          JoinFailure.UNREACHABLE, "stopped; its worker JVM, if one ran, was killed");
    }
    return new JoinFailure(
        JoinFailure.UNREACHABLE,
        "lost the coordinator at "
            + config.coordinator()
            + " ("
            + describe(status)
            + "); the run's own report says what became of this machine's tests");
  }

  private static String describe(Status status) {
    return status.getCode()
        + (status.getDescription() == null ? "" : ": " + status.getDescription());
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }

  private static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
  }

  /** An id from the wire as one safe path segment. */
  private static String safe(String id) {
    String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
  }

  private void say(String line) {
    err.println("jxdist worker: " + line);
  }

  /** Removes a file, or a directory if it is empty (other joiners may share the cache). */
  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Not empty, or gone meanwhile: either way nothing to do.
    }
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
    WorkerJvm running = jvm;
    if (running != null) {
      running.close();
    }
    Path dir = sessionDir;
    if (dir != null) {
      FileTrees.deleteQuietly(dir); // else left for the next assignment of that id
      deleteQuietly(dir.getParent()); // the run's directory, if no other joiner uses it
    }
    channel.shutdownNow();
    fetchPool.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
