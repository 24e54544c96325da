package dev.jxdist.coordinator.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.model.Selector;
import dev.jxdist.common.sync.ContentHash;
import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.common.wire.BlobChunk;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.CoordinatorTrust;
import dev.jxdist.common.wire.FetchRequest;
import dev.jxdist.common.wire.FetchStats;
import dev.jxdist.common.wire.JoinDirective;
import dev.jxdist.common.wire.JoinMapper;
import dev.jxdist.common.wire.JoinerEvent;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.SuiteFilters;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.manager.RunContact;
import dev.jxdist.coordinator.manager.WorkerExitListener;
import dev.jxdist.coordinator.manager.WorkerJit;
import dev.jxdist.coordinator.manager.WorkerProcess;
import dev.jxdist.coordinator.manager.WorkerRequest;
import dev.jxdist.coordinator.remote.CoordinatorServer;
import dev.jxdist.coordinator.report.SyncStats;
import dev.jxdist.coordinator.sync.SuiteManifests;
import dev.jxdist.coordinator.testing.ManualClock;
import dev.jxdist.coordinator.testing.TestTls;
import dev.jxdist.proto.v1.JoinServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The join places, the join service and the blob sender together, driven by scripted joiners over a
 * real loopback gRPC server.
 */
class JoinProvisionerTest {

  static final String TOKEN = "t0ken";

  @TempDir Path tmp;

  final ManualClock clock = new ManualClock();
  final List<String> exits = new ArrayList<>();
  final List<AutoCloseable> closing = new ArrayList<>();
  SuiteSpec suite;
  Path classes;
  Path bigJar;
  Path workerJar;
  LocalManifest manifest;
  JoinProvisioner places;
  CoordinatorServer server;

  @BeforeEach
  void setUp() throws Exception {
    classes = Files.createDirectories(tmp.resolve("test-classes/fx"));
    Files.writeString(classes.resolve("ATest.class"), "class bytes");
    classes = classes.getParent();
    bigJar = tmp.resolve("big.jar");
    byte[] big = new byte[2 * BlobChunk.MAX_BYTES + 12345]; // three chunks
    new Random(7).nextBytes(big);
    Files.write(bigJar, big);
    workerJar = tmp.resolve("jxdist-worker.jar");
    Files.writeString(workerJar, "the worker");
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("data.txt"), "data");
    suite =
        new SuiteSpec(
            "fx:basics",
            "basics",
            List.of(classes, bigJar),
            List.of(classes),
            project,
            List.of("-Xmx64m"),
            Map.of(),
            Map.of("SUITE_ENV", "yes"),
            SuiteFilters.SUREFIRE_DEFAULTS,
            Map.of(),
            tmp.resolve("reports"),
            Optional.empty());
    Map<String, LocalManifest> manifests =
        SuiteManifests.build(
            List.of(suite),
            workerJar,
            tmp.resolve("cache"),
            dev.jxdist.coordinator.config.UploadRules.NONE);
    manifest = manifests.get(suite.id());
    places = new JoinProvisioner(1, manifests, workerJar, "run1", 3, Duration.ofMinutes(5), clock);
    server =
        CoordinatorServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            TestTls.IDENTITY,
            new JoinService(RunToken.of(TOKEN), TestTls.IDENTITY.pin(), places));
  }

  @AfterEach
  void tearDown() throws Exception {
    places.close();
    for (AutoCloseable c : closing) {
      c.close();
    }
    server.close();
  }

  FakeJoiner joiner(String name) throws InterruptedException {
    return joiner(name, TOKEN);
  }

  FakeJoiner joiner(String name, String token) throws InterruptedException {
    FakeJoiner j = new FakeJoiner(server.target(), token, name);
    closing.add(j);
    return j;
  }

  WorkerProcess start(String id) {
    return start(id, WorkerJit.TIERED);
  }

  WorkerProcess start(String id, WorkerJit jit) {
    return places.start(
        new WorkerRequest(
            id,
            id,
            suite,
            new RunContact(
                "127.0.0.1:1",
                1,
                RunToken.of(TOKEN),
                CoordinatorTrust.pinned(TestTls.IDENTITY.pin()),
                2,
                jit),
            new WorkerExitListener() {
              @Override
              public void exited(String workerId, int code) {
                synchronized (exits) {
                  exits.add(workerId + ":" + code);
                }
              }

              @Override
              public void failedToStart(String workerId, String reason) {
                synchronized (exits) {
                  exits.add(workerId + ": not started: " + reason);
                }
              }
            }));
  }

  static JoinerEvent.LaidOut laidOut(String id) {
    return new JoinerEvent.LaidOut(
        id,
        List.of("/j/cp/001-test-classes", "/j/cp/002-big.jar", "/j/cp/003-jxdist-worker.jar"),
        "/j/project",
        new FetchStats(5, 4, 3_000_000, 1500));
  }

  static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(20);
    }
  }

  @Test
  void aJoinerStartsTheWorkerWithTheRunsCompilation() throws Exception {
    start("w1", WorkerJit.C1_ONLY);

    FakeJoiner ci = joiner("ci-7");
    ci.expect(JoinDirective.Welcome.class);
    assertThat(ci.expect(JoinDirective.Assignment.class).jvmArgs())
        .containsExactly("-XX:TieredStopAtLevel=1", "-Xmx64m");
  }

  @Test
  void aJoinerTakesTheWaitingWorkerLaysItOutAndReportsItsLife() throws Exception {
    WorkerProcess w1 = start("w1");
    assertThat(places.running()).isEqualTo(1);
    assertThat(w1.launched()).isFalse();
    assertThat(w1.isAlive()).isTrue();
    assertThat(w1.commandLine()).contains("no joiner started a worker");

    FakeJoiner ci = joiner("ci-7");
    assertThat(ci.expect(JoinDirective.Welcome.class))
        .isEqualTo(new JoinDirective.Welcome("run1", 1));
    JoinDirective.Assignment a = ci.expect(JoinDirective.Assignment.class);
    assertThat(a.workerId()).isEqualTo("w1");
    assertThat(a.runId()).isEqualTo("run1");
    assertThat(a.suiteName()).isEqualTo("basics");
    assertThat(a.manifest()).isEqualTo(manifest.manifest());
    assertThat(a.manifest().classpath()).last().asString().endsWith("jxdist-worker.jar");
    assertThat(a.jvmArgs()).containsExactly("-Xmx64m");
    assertThat(a.environment()).containsEntry("SUITE_ENV", "yes");
    assertThat(a.workerCount()).isEqualTo(3);
    assertThat(w1.host()).isEqualTo("ci-7");

    ci.send(laidOut("w1"));
    assertThat(ci.expect(JoinDirective.Launch.class)).isEqualTo(new JoinDirective.Launch("w1"));
    // The commands the worker gets name the paths laid out on the joiner's machine.
    var configure =
        (CoordinatorCommand.Configure)
            w1.adapt(
                new CoordinatorCommand.Configure(
                    List.of(classes.toString(), bigJar.toString()), Map.of(), Map.of(), true, 2));
    assertThat(configure.classpath())
        .containsExactly("/j/cp/001-test-classes", "/j/cp/002-big.jar");
    var discover =
        (CoordinatorCommand.Discover)
            w1.adapt(
                new CoordinatorCommand.Discover(
                    List.of(new Selector(Selector.Kind.CLASSPATH_ROOT, classes.toString())),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    true));
    assertThat(discover.selectors())
        .extracting(Selector::value)
        .containsExactly("/j/cp/001-test-classes");

    ci.send(
        new JoinerEvent.WorkerStarted("w1", 4242, "java -Xmx64m -jar /j/cp/003-jxdist-worker.jar"));
    eventually(w1::launched);
    assertThat(w1.pid()).isEqualTo(4242);
    assertThat(w1.commandLine()).contains("-jar /j/cp/003-jxdist-worker.jar").contains("ci-7");
    assertThat(w1.exitCode(0)).isEmpty();

    ci.send(new JoinerEvent.WorkerExited("w1", 0, "", List.of("first", "bye")));
    assertThat(w1.exitCode(5_000)).hasValue(0);
    eventually(() -> !w1.isAlive());
    synchronized (exits) {
      assertThat(exits).containsExactly("w1:0");
    }
    assertThat(w1.logTail(1)).containsExactly("bye");
    assertThat(w1.startFailure()).isEmpty();
    assertThat(places.running()).isZero();
    assertThat(places.syncStats()).containsEntry("ci-7", new SyncStats(5, 4, 3_000_000, 1.5));

    places.close();
    assertThat(ci.expect(JoinDirective.Done.class).reason()).contains("over");
    assertThat(ci.expect(String.class)).isEqualTo(FakeJoiner.COMPLETED);
  }

  @Test
  void blobsComeInChunksAndOnlyTheRunsBlobsAreServedToTheTokensHolder() throws Exception {
    ManagedChannel channel = TestTls.channel(server.target());
    closing.add(channel::shutdownNow);
    var stub = JoinServiceGrpc.newBlockingStub(channel);
    List<String> hashes = List.copyOf(manifest.manifest().blobs());
    Map<String, ByteArrayOutputStream> received = new LinkedHashMap<>();
    Map<String, Integer> chunks = new LinkedHashMap<>();
    Iterator<dev.jxdist.proto.v1.BlobChunk> it =
        stub.fetchBlobs(JoinMapper.toProto(new FetchRequest(TOKEN, hashes)));
    List<String> order = new ArrayList<>();
    while (it.hasNext()) {
      BlobChunk c = JoinMapper.fromProto(it.next());
      received.computeIfAbsent(c.sha256(), h -> new ByteArrayOutputStream());
      byte[] data = new byte[c.data().remaining()];
      c.data().get(data);
      received.get(c.sha256()).write(data);
      chunks.merge(c.sha256(), 1, Integer::sum);
      if (c.last()) {
        order.add(c.sha256());
      }
    }
    assertThat(order).isEqualTo(hashes);
    for (String h : hashes) {
      assertThat(ContentHash.of(received.get(h).toByteArray())).isEqualTo(h);
    }
    assertThat(chunks.get(ContentHash.of(bigJar))).isEqualTo(3);

    String stranger =
        ContentHash.of("not in the run".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Iterator<dev.jxdist.proto.v1.BlobChunk> unknown =
        stub.fetchBlobs(JoinMapper.toProto(new FetchRequest(TOKEN, List.of(stranger))));
    assertThatThrownBy(unknown::hasNext)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription()).contains(stranger);
            });

    Iterator<dev.jxdist.proto.v1.BlobChunk> intruder =
        stub.fetchBlobs(JoinMapper.toProto(new FetchRequest("guess", hashes)));
    assertThatThrownBy(intruder::hasNext)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void aJoinerWithTheWrongTokenIsRefusedAndTakesNothing() throws Exception {
    WorkerProcess w1 = start("w1");
    FakeJoiner intruder = joiner("intruder", "guess");

    Status status = intruder.expect(Status.class);

    // A real joiner would have stopped at the proof; this one went on, and is refused.
    assertThat(intruder.proofChecked()).as("the proof checks under another token").isFalse();
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(status.getDescription()).isEqualTo("wrong or missing session token");
    assertThat(w1.host()).isEqualTo("no joiner");
    FakeJoiner ci = joiner("ci-7");
    assertThat(ci.proofChecked()).as("the proof checks under the run's token").isTrue();
    ci.expect(JoinDirective.Welcome.class);
    assertThat(ci.expect(JoinDirective.Assignment.class).workerId()).isEqualTo("w1");
  }

  @Test
  void aJoinerMustChallengeFirstAndAnOldOneIsToldItsVersionBeforeItsTokenIsLookedAt()
      throws Exception {
    WorkerProcess w1 = start("w1");
    FakeJoiner hasty = FakeJoiner.unchallenged(server.target(), "hasty");
    closing.add(hasty);
    FakeJoiner old = FakeJoiner.unchallenged(server.target(), "old");
    closing.add(old);

    hasty.send(new JoinerEvent.Join(JoinMapper.PROTOCOL_VERSION, TOKEN, "hasty", 8));
    old.send(new JoinerEvent.Join(1, "guess", "old", 8));

    Status refused = hasty.expect(Status.class);
    assertThat(refused.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refused.getDescription()).startsWith("the first message must be Challenge");
    Status outdated = old.expect(Status.class);
    assertThat(outdated.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(outdated.getDescription())
        .isEqualTo(
            "join protocol version 1 is not supported; this coordinator speaks "
                + JoinMapper.PROTOCOL_VERSION
                + ": use jxdist worker of the same jxdist release");
    assertThat(w1.host()).isEqualTo("no joiner");
  }

  @Test
  void aWorkerLetGoBeforeAnyoneJoinedIsWithdrawn() throws Exception {
    WorkerProcess w1 = start("w1");

    w1.letGo();

    assertThat(w1.isAlive()).isFalse();
    assertThat(places.running()).isZero();
    FakeJoiner ci = joiner("ci-7");
    ci.expect(JoinDirective.Welcome.class);
    assertThat(ci.poll(300)).as("no assignment is left").isNull();
    synchronized (exits) {
      assertThat(exits).isEmpty();
    }
  }

  @Test
  void aJoinerThatLeavesBeforeItsWorkerRunsGivesItToAnother() throws Exception {
    WorkerProcess w1 = start("w1");
    FakeJoiner first = joiner("first");
    first.expect(JoinDirective.Welcome.class);
    first.expect(JoinDirective.Assignment.class);
    FakeJoiner second = joiner("second");
    second.expect(JoinDirective.Welcome.class);
    assertThat(second.poll(300)).as("the first holds it").isNull();

    first.vanish();

    assertThat(second.expect(JoinDirective.Assignment.class).workerId()).isEqualTo("w1");
    assertThat(w1.host()).isEqualTo("second");
    assertThat(w1.isAlive()).isTrue();
  }

  @Test
  void killingATakenWorkerCancelsItOnItsJoiner() throws Exception {
    WorkerProcess w1 = start("w1");
    FakeJoiner ci = joiner("ci-7");
    ci.expect(JoinDirective.Welcome.class);
    ci.expect(JoinDirective.Assignment.class);

    w1.kill();

    assertThat(ci.expect(JoinDirective.Cancel.class).workerId()).isEqualTo("w1");
    assertThat(w1.isAlive()).as("until its joiner says it is over").isTrue();
    // A layout that finishes after the Cancel is not launched.
    ci.send(laidOut("w1"));
    assertThat(ci.expect(JoinDirective.Cancel.class).workerId()).isEqualTo("w1");
    ci.send(new JoinerEvent.WorkerExited("w1", -1, "cancelled before it started", List.of()));
    eventually(() -> !w1.isAlive());
    assertThat(w1.startFailure()).isEmpty();
    synchronized (exits) {
      assertThat(exits).isEmpty();
    }
  }

  @Test
  void aJoinerThatCannotStartItsWorkerMakesItAWorkerThatCouldNotStart() throws Exception {
    WorkerProcess w1 = start("w1");
    FakeJoiner ci = joiner("ci-7");
    ci.expect(JoinDirective.Welcome.class);
    ci.expect(JoinDirective.Assignment.class);

    ci.send(new JoinerEvent.WorkerExited("w1", -1, "No space left on device", List.of()));

    eventually(() -> w1.startFailure().isPresent());
    assertThat(w1.startFailure())
        .hasValue("joiner ci-7 could not start it: No space left on device");
    assertThat(w1.isAlive()).isFalse();
    synchronized (exits) {
      assertThat(exits).isEmpty();
    }
  }

  @Test
  void aPlaceNobodyTakesWithinTheJoinTimeoutSaysHowToStartAWorker() {
    places.advertise("jxdist worker --coordinator build1:7070 --token-file /run/token");
    WorkerProcess w1 = start("w1");
    clock.advance(Duration.ofMinutes(5));
    assertThat(w1.startFailure()).isEmpty();

    clock.advance(Duration.ofSeconds(1));

    assertThat(w1.startFailure())
        .hasValue(
            "no worker joined within 5m; start one with"
                + " 'jxdist worker --coordinator build1:7070 --token-file /run/token'");
  }
}
