package dev.jxdist.it;

import com.google.protobuf.ByteString;
import dev.jxdist.common.model.NodeType;
import dev.jxdist.common.model.PlanHash;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.sync.Manifest;
import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.common.wire.PlanParts;
import dev.jxdist.common.wire.ProtoMapper;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.remote.TokenFile;
import dev.jxdist.proto.v1.Bye;
import dev.jxdist.proto.v1.Challenge;
import dev.jxdist.proto.v1.CoordinatorMessage;
import dev.jxdist.proto.v1.Discovered;
import dev.jxdist.proto.v1.FetchStats;
import dev.jxdist.proto.v1.Hello;
import dev.jxdist.proto.v1.JoinDirective;
import dev.jxdist.proto.v1.JoinRequest;
import dev.jxdist.proto.v1.JoinServiceGrpc;
import dev.jxdist.proto.v1.JoinerMessage;
import dev.jxdist.proto.v1.LaidOut;
import dev.jxdist.proto.v1.Outcome;
import dev.jxdist.proto.v1.Pong;
import dev.jxdist.proto.v1.TestFinished;
import dev.jxdist.proto.v1.TestStarted;
import dev.jxdist.proto.v1.ThreadDump;
import dev.jxdist.proto.v1.Unit;
import dev.jxdist.proto.v1.UnitDone;
import dev.jxdist.proto.v1.WorkerChannelGrpc;
import dev.jxdist.proto.v1.WorkerExited;
import dev.jxdist.proto.v1.WorkerMessage;
import dev.jxdist.proto.v1.WorkerStarted;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator of {@code bench/scale.sh} (not an IT: CI does not run it): plays N joined
 * workers against one real coordinator ({@code jxdist run --join N}) over real gRPC streams on
 * loopback, speaking the join and worker protocols as {@code jxdist worker} and a worker JVM do,
 * without running anything: each joiner answers the coordinator's challenge, lays nothing out,
 * "starts" its worker, which says Hello, answers Discover with a synthetic plan (C classes of T
 * tests), and each Run with a started and a finished event per class and per test (each test with a
 * small captured output) and UnitDone, as fast as gRPC's flow control lets it. It measures, per
 * worker, the time from each UnitDone it sent to the next Run it received (the coordinator's
 * dispatch latency, as a worker sees it), and writes the figures as {@code key=value} lines.
 *
 * <p>{@code ScaleBench ADDR:PORT TOKEN_FILE WORKERS CLASSES TESTS_PER_CLASS OUT_FILE}
 */
public final class ScaleBench {

  private static final String ENGINE = "[engine:junit-jupiter]";

  private final String host;
  private final int port;
  private final RunToken token;
  private final CertificatePin pin;
  private final Discovered planMessage;
  private final Discovered hashMessage;

  /** Node indices of each class's tests, by the class's node index. */
  private final int[][] testsOf;

  private final String[] uniqueIds;
  private final String classpathDir;
  private final ExecutorService runners;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final long unitMillis;
  private final AtomicLong eventsSent = new AtomicLong();
  private final AtomicLong unitsDone = new AtomicLong();
  private final AtomicLong firstRunAt = new AtomicLong();
  private final AtomicLong lastUnitDoneAt = new AtomicLong();
  private final List<long[]> latencies = new ArrayList<>();
  private final CountDownLatch finished;

  private ScaleBench(
      String host,
      int port,
      RunToken token,
      CertificatePin pin,
      int workers,
      List<TestNode> plan,
      long unitMillis)
      throws IOException {
    this.unitMillis = unitMillis;
    this.host = host;
    this.port = port;
    this.token = token;
    this.pin = pin;
    this.finished = new CountDownLatch(workers);
    this.runners = Executors.newFixedThreadPool(4);
    this.classpathDir = Files.createTempDirectory("jxdist-scale").toString();
    String hash = PlanHash.of(plan);
    int tests = (int) plan.stream().filter(n -> n.type() == NodeType.TEST).count();
    Discovered.Builder d = Discovered.newBuilder().setPlanHash(hash).setTestCount(tests);
    hashMessage = d.build();
    uniqueIds = new String[plan.size()];
    testsOf = new int[plan.size()][];
    List<Integer> current = new ArrayList<>();
    int currentClass = -1;
    for (int i = 0; i < plan.size(); i++) {
      TestNode n = plan.get(i);
      uniqueIds[i] = n.uniqueId();
      d.addNodes(
          dev.jxdist.proto.v1.TestNode.newBuilder()
              .setUniqueId(n.uniqueId())
              .setParentId(n.parentId())
              .setDisplayName(n.displayName())
              .setLegacyReportingName(n.legacyReportingName())
              .setType(dev.jxdist.proto.v1.NodeType.valueOf(n.type().name()))
              .setClassName(n.className())
              .setMethodName(n.methodName()));
      if (n.type() == NodeType.CONTAINER && !n.parentId().isEmpty()) {
        if (currentClass >= 0) {
          testsOf[currentClass] = current.stream().mapToInt(Integer::intValue).toArray();
        }
        currentClass = i;
        current = new ArrayList<>();
      } else if (n.type() == NodeType.TEST) {
        current.add(i);
      }
    }
    if (currentClass >= 0) {
      testsOf[currentClass] = current.stream().mapToInt(Integer::intValue).toArray();
    }
    planMessage = d.build();
  }

  /** The plan: one engine, {@code classes} classes of {@code perClass} tests each. */
  static List<TestNode> plan(int classes, int perClass) {
    List<TestNode> nodes = new ArrayList<>(1 + classes * (perClass + 1));
    nodes.add(
        new TestNode(
            ENGINE, "", "JUnit Jupiter", "JUnit Jupiter", NodeType.CONTAINER, "", "", List.of()));
    for (int c = 0; c < classes; c++) {
      String cls = String.format(Locale.ROOT, "gen.C%05d", c);
      String cid = ENGINE + "/[class:" + cls + "]";
      String simple = cls.substring(4);
      nodes.add(new TestNode(cid, ENGINE, simple, cls, NodeType.CONTAINER, cls, "", List.of()));
      for (int t = 0; t < perClass; t++) {
        String m = String.format(Locale.ROOT, "t%02d", t);
        nodes.add(
            new TestNode(
                cid + "/[method:" + m + "()]",
                cid,
                m + "()",
                m + "()",
                NodeType.TEST,
                cls,
                m,
                List.of()));
      }
    }
    return nodes;
  }

  /**
   * {@code ScaleBench ADDR:PORT TOKEN_FILE WORKERS CLASSES TESTS_PER_CLASS OUT_FILE [UNIT_MS]}:
   * each unit's UnitDone goes {@code UNIT_MS} after its tests' events (0: at once), as if its tests
   * had taken that long, without holding a runner thread.
   */
  public static void main(String[] args) throws Exception {
    String[] address = args[0].split(":");
    Path tokenFile = Path.of(args[1]);
    int workers = Integer.parseInt(args[2]);
    int classes = Integer.parseInt(args[3]);
    int perClass = Integer.parseInt(args[4]);
    Path out = Path.of(args[5]);
    long unitMillis = args.length > 6 ? Long.parseLong(args[6]) : 0;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    Optional<CertificatePin> pin = Optional.empty();
    while (pin.isEmpty() && System.nanoTime() < deadline) {
      try {
        pin = TokenFile.readPin(tokenFile, "token file");
      } catch (RuntimeException e) {
        // not written yet
      }
      if (pin.isEmpty()) {
        Thread.sleep(100);
      }
    }
    if (pin.isEmpty()) {
      throw new IllegalStateException("no certificate pin in " + tokenFile + " after 2 minutes");
    }
    RunToken token = TokenFile.read(tokenFile, "token file");
    List<TestNode> plan = plan(classes, perClass);
    ScaleBench bench =
        new ScaleBench(
            address[0], Integer.parseInt(address[1]), token, pin.get(), workers, plan, unitMillis);
    int planBytes = bench.planMessage.getSerializedSize();
    if (planBytes > GrpcDefaults.MAX_PLAN_BYTES) {
      // The coordinator would end the stream of the worker that sends it: say why instead.
      String why =
          String.format(
              Locale.ROOT,
              "the plan of %d tests is %.0f MB of protobuf, and the coordinator takes at most %d"
                  + " MB (GrpcDefaults.MAX_PLAN_BYTES): no worker can send it",
              classes * perClass,
              planBytes / 1048576.0,
              GrpcDefaults.MAX_PLAN_BYTES / 1048576);
      Files.writeString(out, "plan_bytes=" + planBytes + "\ncannot_run=" + why + "\n");
      System.err.println("scale: " + why);
      System.exit(2);
    }
    bench.run(workers, out, planBytes);
  }

  private void run(int workers, Path out, int planBytes) throws Exception {
    // One connection per joiner, as on as many machines: a plan on its way to the coordinator
    // holds up no other worker's messages.
    SslContext tls =
        GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
            .trustManager(pin.trustManager())
            .build();
    List<ManagedChannel> channels = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      channels.add(
          NettyChannelBuilder.forAddress(host, port)
              .sslContext(tls)
              .maxInboundMessageSize(GrpcDefaults.MAX_MESSAGE_BYTES)
              .build());
    }
    long start = System.nanoTime();
    for (int i = 0; i < workers; i++) {
      new Joiner("sim" + i, channels.get(i)).start();
    }
    if (!finished.await(60, TimeUnit.MINUTES)) {
      System.err.println("scale: not every joiner was done after 60 minutes");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] all;
    synchronized (latencies) {
      all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
    }
    Arrays.sort(all);
    StringBuilder s = new StringBuilder();
    s.append("generator_seconds=").append(String.format(Locale.ROOT, "%.1f", seconds)).append('\n');
    s.append("events=").append(eventsSent.get()).append('\n');
    s.append("plan_bytes=").append(planBytes).append('\n');
    s.append("events_seconds=")
        .append(String.format(Locale.ROOT, "%.1f", (lastUnitDoneAt.get() - firstRunAt.get()) / 1e9))
        .append('\n');
    s.append("units=").append(unitsDone.get()).append('\n');
    s.append("dispatch_samples=").append(all.length).append('\n');
    s.append("dispatch_p50_ms=").append(ms(percentile(all, 0.50))).append('\n');
    s.append("dispatch_p99_ms=").append(ms(percentile(all, 0.99))).append('\n');
    s.append("dispatch_max_ms=").append(ms(all.length == 0 ? 0 : all[all.length - 1])).append('\n');
    Files.writeString(out, s.toString());
    System.err.print(s);
    runners.shutdownNow();
    timer.shutdownNow();
    channels.forEach(ManagedChannel::shutdownNow);
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  /** One simulated {@code jxdist worker}: the Join stream and the worker it "starts". */
  private final class Joiner implements StreamObserver<JoinDirective> {
    private final String name;
    private final ManagedChannel channel;
    private StreamObserver<JoinerMessage> join;

    Joiner(String name, ManagedChannel channel) {
      this.name = name;
      this.channel = channel;
    }

    void start() {
      // The coordinator writes its pin before it listens (later still under a profiler): wait.
      join = JoinServiceGrpc.newStub(channel).withWaitForReady().join(this);
      byte[] nonce = new byte[32];
      new SecureRandom().nextBytes(nonce);
      send(
          JoinerMessage.newBuilder()
              .setChallenge(
                  Challenge.newBuilder().setProtocolVersion(2).setNonce(ByteString.copyFrom(nonce)))
              .build());
    }

    private synchronized void send(JoinerMessage m) {
      join.onNext(m);
    }

    @Override
    public void onNext(JoinDirective d) {
      switch (d.getBodyCase()) {
        case PROOF ->
            send(
                JoinerMessage.newBuilder()
                    .setJoin(
                        JoinRequest.newBuilder()
                            .setProtocolVersion(2)
                            .setToken(token.reveal())
                            .setName(name)
                            .setCores(1))
                    .build());
        case ASSIGNMENT -> {
          // Nothing is fetched or laid out: every classpath entry is one empty directory.
          int entries;
          try {
            entries =
                Manifest.parse(d.getAssignment().getManifest().toByteArray()).classpath().size();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          send(
              JoinerMessage.newBuilder()
                  .setLaidOut(
                      LaidOut.newBuilder()
                          .setWorkerId(d.getAssignment().getWorkerId())
                          .addAllClasspath(Collections.nCopies(entries, classpathDir))
                          .setProjectDir(classpathDir)
                          .setFetch(FetchStats.newBuilder()))
                  .build());
        }
        case LAUNCH -> {
          String id = d.getLaunch().getWorkerId();
          send(
              JoinerMessage.newBuilder()
                  .setWorkerStarted(
                      WorkerStarted.newBuilder()
                          .setWorkerId(id)
                          .setPid(1)
                          .setCommandLine("simulated"))
                  .build());
          new Worker(id, this).start();
        }
        case CANCEL ->
            send(
                JoinerMessage.newBuilder()
                    .setWorkerExited(
                        WorkerExited.newBuilder()
                            .setWorkerId(d.getCancel().getWorkerId())
                            .setExitCode(-1)
                            .setFailure("cancelled"))
                    .build());
        case DONE -> {
          synchronized (this) {
            join.onCompleted();
          }
          finished.countDown();
        }
        default -> {}
      }
    }

    void workerExited(String id) {
      send(
          JoinerMessage.newBuilder()
              .setWorkerExited(WorkerExited.newBuilder().setWorkerId(id).setExitCode(0))
              .build());
    }

    @Override
    public void onError(Throwable t) {
      System.err.println("scale: " + name + ": join stream failed: " + t);
      finished.countDown();
    }

    @Override
    public void onCompleted() {}
  }

  /** One simulated worker JVM: its WorkerChannel stream and its queue of units. */
  private final class Worker implements ClientResponseObserver<WorkerMessage, CoordinatorMessage> {
    private final String id;
    private final Joiner joiner;
    private final ArrayDeque<Unit> queue = new ArrayDeque<>();
    private final long[] samples = new long[1 << 12];
    private int sampleCount;
    private ClientCallStreamObserver<WorkerMessage> out;
    private boolean busy;
    private boolean shutdown;
    private boolean byeSent;
    private volatile boolean ended;
    private long waitingSince = -1;
    private int testsDone;
    private int units;

    Worker(String id, Joiner joiner) {
      this.id = id;
      this.joiner = joiner;
    }

    void start() {
      WorkerChannelGrpc.newStub(joiner.channel).connect(this);
      send(
          WorkerMessage.newBuilder()
              .setHello(
                  Hello.newBuilder()
                      .setProtocolVersion(ProtoMapper.PROTOCOL_VERSION)
                      .setWorkerId(id)
                      .setHost(joiner.name)
                      .setPid(1)
                      .setJavaVersion(System.getProperty("java.version"))
                      .setJavaVendor(System.getProperty("java.vendor"))
                      .setCores(1)
                      .setToken(token.reveal()))
              .build());
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WorkerMessage> requestStream) {
      out = requestStream;
      out.setOnReadyHandler(
          () -> {
            synchronized (this) {
              notifyAll();
            }
          });
    }

    private synchronized void send(WorkerMessage m) {
      out.onNext(m);
      eventsSent.incrementAndGet();
    }

    /**
     * Waits (briefly, repeatedly) until the transport takes more: gRPC's flow control. A stream
     * that ended (the coordinator dropped this worker) never becomes ready: the wait ends with it.
     */
    private synchronized void awaitReady() {
      while (!out.isReady() && !ended) {
        try {
          wait(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    @Override
    public void onNext(CoordinatorMessage m) {
      switch (m.getBodyCase()) {
        case DISCOVER ->
            PlanParts.split(
                    WorkerMessage.newBuilder()
                        .setDiscovered(m.getDiscover().getSendPlan() ? planMessage : hashMessage)
                        .build(),
                    GrpcDefaults.PLAN_PART_BYTES)
                .forEach(this::send);
        case RUN -> {
          firstRunAt.compareAndSet(0, System.nanoTime());
          boolean go;
          synchronized (this) {
            if (waitingSince >= 0) {
              if (sampleCount < samples.length) {
                samples[sampleCount++] = System.nanoTime() - waitingSince;
              }
              waitingSince = -1;
            }
            queue.addAll(m.getRun().getUnitsList());
            go = !busy;
            busy = true;
          }
          if (go) {
            runners.execute(this::drain);
          }
        }
        case STOP -> {
          synchronized (this) {
            queue.clear();
          }
        }
        case SHUTDOWN -> {
          boolean bye;
          synchronized (this) {
            shutdown = true;
            bye = !busy && !byeSent;
            byeSent |= bye;
          }
          if (bye) {
            sendBye();
          }
        }
        case BYE_ACK -> {
          synchronized (this) {
            out.onCompleted();
          }
        }
        case PING ->
            send(
                WorkerMessage.newBuilder()
                    .setPong(Pong.newBuilder().setSequence(m.getPing().getSequence()))
                    .build());
        case DUMP_THREADS ->
            send(
                WorkerMessage.newBuilder()
                    .setThreadDump(ThreadDump.newBuilder().setText("simulated worker"))
                    .build());
        default -> {}
      }
    }

    private void sendBye() {
      send(
          WorkerMessage.newBuilder()
              .setBye(Bye.newBuilder().setTestsFinished(testsDone).setUnitsFinished(units))
              .build());
    }

    /** Runs queued units one after the other, on a runner thread, until the queue is empty. */
    private void drain() {
      while (true) {
        Unit unit;
        synchronized (this) {
          unit = queue.poll();
          if (unit == null) {
            busy = false;
            boolean bye = shutdown && !byeSent;
            byeSent |= bye;
            if (bye) {
              sendBye();
            }
            return;
          }
        }
        if (ended) {
          continue; // dropped by the coordinator: the unit runs elsewhere
        }
        long t0 = System.nanoTime();
        runTests(unit);
        if (unitMillis > 0) {
          // The unit "runs" for unitMillis: its UnitDone, then the next unit, come after.
          var unused =
              timer.schedule(
                  () -> {
                    unitDone(unit.getUnitId(), t0);
                    runners.execute(this::drain);
                  },
                  unitMillis,
                  TimeUnit.MILLISECONDS);
          return;
        }
        unitDone(unit.getUnitId(), t0);
      }
    }

    private void runTests(Unit unit) {
      int u = unit.getUnitId();
      for (int index : unit.getNodeIndicesList()) {
        int[] tests = testsOf[index];
        if (tests == null) {
          test(index, u); // a single test selected
          continue;
        }
        long now = System.currentTimeMillis();
        awaitReady();
        send(started(index, u, now));
        for (int t : tests) {
          test(t, u);
        }
        send(finished(index, u, System.currentTimeMillis(), "").build());
      }
    }

    private void unitDone(int u, long t0) {
      awaitReady();
      synchronized (this) {
        units++;
        out.onNext(
            WorkerMessage.newBuilder()
                .setUnitDone(
                    UnitDone.newBuilder().setUnitId(u).setDurationNanos(System.nanoTime() - t0))
                .build());
        eventsSent.incrementAndGet();
        unitsDone.incrementAndGet();
        lastUnitDoneAt.accumulateAndGet(System.nanoTime(), Math::max);
        // The worker now waits for the coordinator unless a unit is queued already.
        if (queue.isEmpty()) {
          waitingSince = System.nanoTime();
        }
      }
    }

    private void test(int index, int unit) {
      long now = System.currentTimeMillis();
      awaitReady();
      send(started(index, unit, now));
      send(
          finished(
                  index,
                  unit,
                  now,
                  "output of " + uniqueIds[index].substring(uniqueIds[index].length() - 6) + "\n")
              .setDurationNanos(1_000_000)
              .build());
      testsDone++;
    }

    private WorkerMessage started(int index, int unit, long now) {
      return WorkerMessage.newBuilder()
          .setTestStarted(
              TestStarted.newBuilder()
                  .setUniqueId(uniqueIds[index])
                  .setUnitId(unit)
                  .setTimestampMs(now))
          .build();
    }

    private TestFinishedBuilder finished(int index, int unit, long now, String stdout) {
      return new TestFinishedBuilder(
          TestFinished.newBuilder()
              .setUniqueId(uniqueIds[index])
              .setUnitId(unit)
              .setOutcome(Outcome.SUCCESSFUL)
              .setStdout(stdout)
              .setTimestampMs(now));
    }

    @Override
    public void onError(Throwable t) {
      System.err.println("scale: " + id + ": worker stream failed: " + t);
      done();
    }

    @Override
    public void onCompleted() {
      done();
    }

    private void done() {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
      synchronized (latencies) {
        latencies.add(Arrays.copyOf(samples, sampleCount));
      }
      joiner.workerExited(id);
    }
  }

  /** A TestFinished under construction, wrapped into a WorkerMessage by {@link #build}. */
  private record TestFinishedBuilder(TestFinished.Builder b) {
    TestFinishedBuilder setDurationNanos(long nanos) {
      b.setDurationNanos(nanos);
      return this;
    }

    WorkerMessage build() {
      return WorkerMessage.newBuilder().setTestFinished(b).build();
    }
  }
}
