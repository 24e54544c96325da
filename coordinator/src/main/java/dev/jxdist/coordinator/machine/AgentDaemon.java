package dev.jxdist.coordinator.machine;

import dev.jxdist.common.files.PrivateFiles;
import dev.jxdist.common.sync.BlobStore;
import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.AgentConfig;
import dev.jxdist.coordinator.config.ByteSize;
import dev.jxdist.coordinator.config.JxdistVersion;
import dev.jxdist.coordinator.remote.CoordinatorServer;
import dev.jxdist.coordinator.remote.ServerIdentity;
import dev.jxdist.proto.v1.AgentServiceGrpc;
import dev.jxdist.proto.v1.AgentStatus;
import dev.jxdist.proto.v1.AgentToCoordinator;
import dev.jxdist.proto.v1.CoordinatorToAgent;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code jxdist agent}: a worker daemon for a build machine. It serves agent.proto over TLS with a
 * certificate it makes when it starts; each coordinator that proves the agent token gets slots
 * ({@link Slots}) for its run, and the agent runs one joiner per slot against the run's join
 * endpoint ({@link AgentRun}). Runs share the slots and the blob store; when a run ends, or its
 * coordinator vanishes, its workers are killed and its directory removed, and the store is trimmed
 * to {@code --cache-max}, least recently used blobs first. {@link #drain} (SIGTERM) refuses new
 * runs, lets running ones finish up to the grace, then reaps what is left and stops.
 */
public final class AgentDaemon implements AutoCloseable {

  private static final Context.Key<SocketAddress> PEER = Context.key("jxdist-agent-peer");

  private final AgentConfig config;
  private final RunToken token;
  private final PrintStream err;
  private final Clock clock;
  private final Slots slots;
  private final BlobStore store;
  private final ServerIdentity identity;
  private final String javaVersion;
  private final Map<AgentRun, Boolean> runs = new LinkedHashMap<>();
  private final ExecutorService reaper;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private CoordinatorServer server;

  /**
   * @param token the agent's token, read from {@code config.tokenFile()}
   * @param err where the agent says what it does
   */
  public AgentDaemon(AgentConfig config, RunToken token, PrintStream err, Clock clock) {
    this.config = config;
    this.token = token;
    this.err = err;
    this.clock = clock;
    this.slots = new Slots(config.slots());
    this.store = new BlobStore(config.cache());
    this.identity = ServerIdentity.generate("jxdist agent " + config.name());
    this.javaVersion = javaVersion(config.java());
    this.reaper =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "agent-reaper");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Prepares the cache (what killed runs left is removed) and starts serving.
   *
   * @throws UncheckedIOException if the cache cannot be made or the address cannot be bound
   */
  public void start() {
    try {
      PrivateFiles.directory(config.cache());
      Path sessions = config.cache().resolve("sessions");
      if (Files.isDirectory(sessions)) {
        try (var left = Files.list(sessions)) {
          left.forEach(dev.jxdist.common.files.FileTrees::deleteQuietly);
        }
      }
      store.deleteStaleTemporaries(clock.instant());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare --cache " + config.cache() + ": " + e, e);
    }
    evict();
    InetSocketAddress bind = new InetSocketAddress(config.listen().host(), config.listen().port());
    BindableService service =
        () -> ServerInterceptors.intercept(new Service(), new PeerInterceptor());
    server = CoordinatorServer.start(bind, identity, service);
    say(
        "listening on "
            + bind.getAddress().getHostAddress()
            + ":"
            + server.port()
            + " with "
            + slots.total()
            + (slots.total() == 1 ? " slot" : " slots")
            + ", cache "
            + config.cache()
            + config.cacheMax().stream()
                .mapToObj(m -> " (at most " + ByteSize.format(m) + ")")
                .findFirst()
                .orElse("")
            + ", certificate "
            + identity.pin());
  }

  /** The port it listens on (known once started). */
  public int port() {
    return server.port();
  }

  /** Waits until it has stopped ({@link #drain} or {@link #close}). */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /**
   * Refuses new runs, waits up to {@code grace} for the running ones to end, then reaps what is
   * left and stops serving.
   */
  public void drain(Duration grace) {
    slots.drain();
    List<AgentRun> left = running();
    if (!left.isEmpty()) {
      say(
          "stopping: refusing new runs, waiting up to "
              + dev.jxdist.coordinator.config.Durations.format(grace)
              + " for "
              + left.size()
              + (left.size() == 1 ? " run" : " runs")
              + " to finish");
    }
    Instant deadline = clock.instant().plus(grace);
    synchronized (runs) {
      while (!runs.isEmpty() && clock.instant().isBefore(deadline)) {
        try {
          runs.wait(Math.max(1, Duration.between(clock.instant(), deadline).toMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    close();
  }

  /** Reaps every run still going and stops serving. Idempotent. */
  @Override
  public void close() {
    List<AgentRun> left = running();
    if (!left.isEmpty()) {
      say("stopping: reaping " + left.size() + (left.size() == 1 ? " run" : " runs"));
    }
    left.forEach(AgentRun::close);
    if (server != null) {
      server.close();
    }
    reaper.shutdown();
    if (stopped.getCount() > 0) {
      say("stopped");
    }
    stopped.countDown();
  }

  private List<AgentRun> running() {
    synchronized (runs) {
      return new ArrayList<>(runs.keySet());
    }
  }

  // ---- what sessions use ----

  RunToken token() {
    return token;
  }

  CertificatePin certificate() {
    return identity.pin();
  }

  String name() {
    return config.name();
  }

  boolean draining() {
    return slots.draining();
  }

  String freeSlotsSentence() {
    int free = slots.free();
    return free
        + " of "
        + slots.total()
        + (slots.total() == 1 ? " slot is" : " slots are")
        + " free";
  }

  /** Slots for run {@code runId}: a run holding them, or null if none is free. */
  AgentRun reserve(String runId, int wanted) {
    int granted = slots.reserve(wanted);
    if (granted == 0) {
      return null;
    }
    AgentRun run = new AgentRun(config, runId, granted, slots, this::say, clock);
    synchronized (runs) {
      runs.put(run, Boolean.TRUE);
    }
    return run;
  }

  /** The run is over or its coordinator gone: reaped off the calling (transport) thread. */
  void end(AgentRun run) {
    Runnable reap =
        () -> {
          run.close();
          synchronized (runs) {
            runs.remove(run);
            runs.notifyAll();
          }
          evict();
        };
    try {
      reaper.execute(reap);
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      reap.run();
    }
  }

  AgentStatus status() {
    long size;
    try {
      size = store.size();
    } catch (IOException e) {
      size = -1;
    }
    int active;
    synchronized (runs) {
      active = runs.size();
    }
    return AgentStatus.newBuilder()
        .setName(config.name())
        .setSlots(slots.total())
        .setSlotsFree(slots.free())
        .setJavaVersion(javaVersion)
        .setStoreBytes(size)
        .setStoreMaxBytes(config.cacheMax().orElse(0))
        .setVersion(JxdistVersion.get())
        .setRuns(active)
        .setDraining(slots.draining())
        .build();
  }

  /** Trims the store to {@code --cache-max}, keeping every blob a running run may use. */
  private void evict() {
    if (config.cacheMax().isEmpty()) {
      return;
    }
    Instant keep;
    synchronized (runs) {
      keep =
          runs.keySet().stream()
              .map(AgentRun::started)
              .min(Instant::compareTo)
              .orElse(clock.instant());
    }
    try {
      // Not while a run fetches: the blobs it found here are its until it marks them used.
      BlobStore.Eviction e = store.evictUnlessInUse(config.cacheMax().getAsLong(), keep);
      if (e.blobs() > 0) {
        say(
            "evicted "
                + e.blobs()
                + (e.blobs() == 1 ? " blob" : " blobs")
                + " ("
                + ByteSize.format(e.bytes())
                + ") least recently used, past --cache-max "
                + ByteSize.format(config.cacheMax().getAsLong()));
      }
    } catch (IOException e) {
      say("cannot trim the cache " + config.cache() + ": " + e.getMessage());
    }
  }

  void say(String line) {
    err.println("jxdist agent: " + line);
  }

  /** The version {@code java} reports, as {@code java -version} prints it first. */
  private static String javaVersion(Path java) {
    Path running = Path.of(System.getProperty("java.home"), "bin", "java");
    if (java.equals(running)) {
      return System.getProperty("java.version");
    }
    try {
      Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
      String first;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        first = r.readLine();
      }
      p.waitFor(10, TimeUnit.SECONDS);
      return first == null ? "unknown" : first.strip();
    } catch (IOException e) {
      return "cannot run " + java + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** The gRPC side: one {@link AgentSession} per Session stream. */
  private final class Service extends AgentServiceGrpc.AgentServiceImplBase {
    @Override
    public StreamObserver<CoordinatorToAgent> session(
        StreamObserver<AgentToCoordinator> responseObserver) {
      return new AgentSession(AgentDaemon.this, responseObserver, PEER.get());
    }
  }

  /** Puts the caller's address where the session finds it (the joiners dial it back). */
  private static final class PeerInterceptor implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
      return Contexts.interceptCall(Context.current().withValue(PEER, peer), call, headers, next);
    }
  }
}
