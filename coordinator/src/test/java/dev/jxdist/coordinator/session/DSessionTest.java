package dev.jxdist.coordinator.session;

import static dev.jxdist.coordinator.plan.PlanFixture.classId;
import static dev.jxdist.coordinator.plan.PlanFixture.methodId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.model.Outcome;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.model.ThrowableInfo;
import dev.jxdist.common.model.Unit;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.config.SuiteFilters;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.plan.PlanFixture;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.remote.CoordinatorServer;
import dev.jxdist.coordinator.remote.WorkerChannelService;
import dev.jxdist.coordinator.report.RunListener;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.report.TestStatus;
import dev.jxdist.coordinator.report.UnitTime;
import dev.jxdist.coordinator.scheduler.LoadClassScheduler;
import dev.jxdist.coordinator.scheduler.UnitCost;
import dev.jxdist.coordinator.testing.TestTls;
import io.grpc.Status;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session and the gRPC service together, driven by scripted workers over loopback. */
class DSessionTest {

  static final String TOKEN = "t0ken";
  static final List<TestNode> PLAN =
      new PlanFixture()
          .cls("a.A", "a1", "a2", "a3")
          .cls("a.B", "b1")
          .cls("a.C", "c1")
          .cls("a.D", "d1")
          .nodes();

  final List<String> notices = new ArrayList<>();
  final List<Duration> estimates = new ArrayList<>();

  /** What the listener was told of progress: done, known and whether that is final. */
  record Progress(int done, int known, boolean complete) {}

  final List<Progress> progress = new ArrayList<>();
  final List<FakeProcess> processes = new ArrayList<>();
  final Map<String, String> startedFor = new java.util.concurrent.ConcurrentHashMap<>();
  final Map<String, String> slotOf = new java.util.concurrent.ConcurrentHashMap<>();
  final List<AutoCloseable> closing = new ArrayList<>();

  /** Shapes each process as it is started (e.g. as a join place no joiner took). */
  java.util.function.Consumer<FakeProcess> shaping = p -> {};

  DSession session;
  CoordinatorServer server;

  /** How many lost workers the session may replace: none unless a test says. */
  int restarts = 0;

  /** The session's timeouts: none unless a test sets them before it starts the session. */
  dev.jxdist.coordinator.config.Timeouts timeouts = dev.jxdist.coordinator.config.Timeouts.NONE;

  /** How many reruns a failed test gets: none unless a test sets them before it starts. */
  int reruns;

  /** Short by default, so tests that connect workers one by one need not wait. */
  Duration collectionWait = Duration.ofMillis(200);

  /** How many workers are worth starting: all of them unless a test sets it before it starts. */
  Optional<WorkerStarts> starts = Optional.empty();

  static SessionSuite suite(String id) {
    SuiteSpec spec =
        new SuiteSpec(
            id,
            id,
            List.of(Path.of("/x.jar")),
            List.of(),
            Path.of("/"),
            List.of(),
            Map.of(),
            Map.of(),
            SuiteFilters.SUREFIRE_DEFAULTS,
            Map.of(),
            Path.of("/reports"),
            Optional.empty());
    return new SessionSuite(
        spec,
        new CoordinatorCommand.Configure(List.of("/x.jar"), Map.of(), Map.of(), true, 2),
        new CoordinatorCommand.Discover(
            List.of(), List.of(), List.of(), List.of(), List.of(), false));
  }

  CompletableFuture<SessionResult> start(String... workerIds) {
    return start(Duration.ofSeconds(1), workerIds);
  }

  CompletableFuture<SessionResult> start(Duration heartbeat, String... workerIds) {
    return start(heartbeat, List.of(suite("classpath")), workerIds.length, false);
  }

  /** Starts a session whose workers are FakeProcesses; the test connects FakeWorkers for them. */
  CompletableFuture<SessionResult> start(
      Duration heartbeat, List<SessionSuite> suites, int maxWorkers, boolean freshJvm) {
    return start(heartbeat, suites, maxWorkers, freshJvm, 0, plan -> Optional.empty());
  }

  /**
   * As above, stopping after {@code maxFailures} failures (0: never), with units costing what
   * {@code costs} says, and estimates heard.
   */
  CompletableFuture<SessionResult> start(
      Duration heartbeat,
      List<SessionSuite> suites,
      int maxWorkers,
      boolean freshJvm,
      int maxFailures,
      Function<TestPlanIndex, Optional<UnitCost>> costs) {
    session =
        new DSession(
            Clock.systemUTC(),
            suites,
            // No expected workers: the first worker ready may take the prefetch these tests expect.
            (spec, plan) -> LoadClassScheduler.of(plan, UnitCost.byTestCount(), 0),
            costs,
            new RunListener() {
              @Override
              public void notice(String message) {
                synchronized (notices) {
                  notices.add(message);
                }
              }

              @Override
              public void estimate(Duration remaining) {
                synchronized (estimates) {
                  estimates.add(remaining);
                }
              }

              @Override
              public void progress(int done, int known, boolean complete) {
                synchronized (progress) {
                  progress.add(new Progress(done, known, complete));
                }
              }
            },
            new SessionSettings(
                heartbeat,
                maxWorkers,
                freshJvm,
                maxFailures,
                "run1",
                collectionWait,
                false,
                false,
                restarts,
                timeouts,
                reruns,
                starts));
    server =
        CoordinatorServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            TestTls.IDENTITY,
            new WorkerChannelService(RunToken.of(TOKEN), session));
    return CompletableFuture.supplyAsync(
        () ->
            session.run(
                (id, slot, spec) -> {
                  FakeProcess p = new FakeProcess(id);
                  shaping.accept(p);
                  synchronized (processes) {
                    processes.add(p);
                    startedFor.put(id, spec.id());
                    slotOf.put(id, slot);
                  }
                  return p;
                }));
  }

  /** Waits, at most 10 s, until the session has started {@code ids}. */
  void awaitStarted(String... ids) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!startedFor.keySet().containsAll(List.of(ids))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "not started within 10 s: " + List.of(ids) + "; started " + startedFor.keySet());
      }
      Thread.sleep(10);
    }
  }

  FakeWorker worker(String id) {
    FakeWorker w = new FakeWorker(server.target(), id, TOKEN);
    closing.add(w);
    return w;
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static void pass(FakeWorker w, String id, int unit) {
    w.send(new WorkerEvent.TestStarted(id, unit, 0));
    w.send(
        new WorkerEvent.TestFinished(
            id, unit, Outcome.SUCCESSFUL, "", Optional.empty(), 1000, "", "", List.of(), 0));
  }

  static List<String> testsOf(Unit unit) {
    List<String> out = new ArrayList<>();
    for (int i : unit.nodeIndices()) {
      TestNode n = PLAN.get(i);
      PLAN.stream()
          .filter(
              t ->
                  t.type().isTest()
                      && (t.uniqueId().equals(n.uniqueId()) || t.parentId().equals(n.uniqueId())))
          .forEach(t -> out.add(t.uniqueId()));
    }
    return out;
  }

  static void runAll(FakeWorker w, CoordinatorCommand.Run run) {
    for (Unit u : run.units()) {
      testsOf(u).forEach(id -> pass(w, id, u.unitId()));
      w.send(new WorkerEvent.UnitDone(u.unitId(), 10));
    }
  }

  static void goodbye(FakeWorker w) throws InterruptedException {
    w.expect(CoordinatorCommand.Shutdown.class);
    w.send(new WorkerEvent.Bye(0, 0, 0));
    w.expect(CoordinatorCommand.ByeAck.class);
  }

  @Test
  void theProgressTotalIsKnownSoFarUntilTheParameterizedTestHasRunThenFinal() throws Exception {
    List<TestNode> plan = new PlanFixture().cls("a.P", "plain").template("a.P", "values").nodes();
    CompletableFuture<SessionResult> run = start("w1");
    FakeWorker w1 = worker("w1");
    w1.handshake(plan);
    int unit = w1.expect(CoordinatorCommand.Run.class).units().get(0).unitId();
    pass(w1, methodId("a.P", "plain"), unit);
    String template = PlanFixture.templateId("a.P", "values");
    w1.send(new WorkerEvent.TestStarted(template, unit, 0));
    for (int i = 1; i <= 2; i++) {
      TestNode invocation = PlanFixture.invocation("a.P", "values", i);
      w1.send(new WorkerEvent.DynamicTestRegistered(invocation, unit));
      pass(w1, invocation.uniqueId(), unit);
    }
    w1.send(
        new WorkerEvent.TestFinished(
            template, unit, Outcome.SUCCESSFUL, "", Optional.empty(), 1, "", "", List.of(), 0));
    w1.send(new WorkerEvent.UnitDone(unit, 10));
    goodbye(w1);

    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(result.report().tests()).hasSize(3);
    List<Progress> told;
    synchronized (progress) {
      told = List.copyOf(progress);
    }
    // The plain test is known at the plan; the invocations as they come, with a + until the
    // template is done; then 3 of 3, final.
    assertThat(told.get(0)).isEqualTo(new Progress(0, 1, false));
    assertThat(told).contains(new Progress(1, 2, false)).endsWith(new Progress(3, 3, true));
    assertThat(told.stream().filter(Progress::complete)).containsOnly(new Progress(3, 3, true));
  }

  @Test
  void aWorkersFailureIsOneLineThatKeepsWhatTheEnginesReportSaysBelowItsFirst() {
    String issue =
        "discovering the suite's tests failed (DiscoveryIssueException: TestEngine with ID"
            + " 'junit-jupiter' encountered a critical issue during test discovery:\n\n"
            + "(1) [ERROR] @BeforeAll method 'void a.B.setUp()' must be static\n"
            + "    Source: MethodSource [className = 'a.B']\n"
            + "); check the selectors";

    assertThat(DSession.oneLine(issue))
        .isEqualTo(
            "discovering the suite's tests failed (DiscoveryIssueException: TestEngine with ID"
                + " 'junit-jupiter' encountered a critical issue during test discovery: (1)"
                + " [ERROR] @BeforeAll method 'void a.B.setUp()' must be static Source:"
                + " MethodSource [className = 'a.B'] ); check the selectors");
    assertThat(DSession.oneLine(" \n")).isEqualTo("(no reason given)");
    assertThat(DSession.oneLine("x".repeat(5000)))
        .hasSize(DSession.FAILURE_MESSAGE_LIMIT + 4)
        .endsWith(" ...");
  }

  @Test
  void twoWorkersShareTheClassesAndEveryTestEndsOnce() throws Exception {
    CompletableFuture<SessionResult> run = start("w1", "w2");
    FakeWorker w1 = worker("w1");
    FakeWorker w2 = worker("w2");
    w1.handshake(PLAN);
    w2.handshake(PLAN);
    CoordinatorCommand.Run toW1 = w1.expect(CoordinatorCommand.Run.class);
    CoordinatorCommand.Run toW2 = w2.expect(CoordinatorCommand.Run.class);
    // The longest class (a.A, three tests) goes out first, alone: nothing queues behind it.
    assertThat(toW1.units()).hasSize(1);
    assertThat(testsOf(toW1.units().get(0))).hasSize(3);
    // The other worker takes the rest as it asks for it.
    runAll(w2, toW2);
    for (CoordinatorCommand.Run more = w2.poll(CoordinatorCommand.Run.class);
        more != null;
        more = w2.poll(CoordinatorCommand.Run.class)) {
      runAll(w2, more);
    }
    runAll(w1, toW1);
    goodbye(w1);
    goodbye(w2);

    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(result.fatal()).isEmpty();
    assertThat(result.report().summary().exitCode()).isZero();
    assertThat(result.report().tests())
        .extracting(TestResult::uniqueId)
        .containsExactly(
            methodId("a.A", "a1"),
            methodId("a.A", "a2"),
            methodId("a.A", "a3"),
            methodId("a.B", "b1"),
            methodId("a.C", "c1"),
            methodId("a.D", "d1"));
    assertThat(result.report().tests()).extracting(TestResult::worker).contains("w1", "w2");
    assertThat(result.report().workers()).extracting(w -> w.state()).containsOnly("finished");
    // Every class ran whole: its worker's time for it is the class's time (10 ns each here).
    assertThat(result.report().units())
        .extracting(UnitTime::uniqueId)
        .containsExactlyInAnyOrder(classId("a.A"), classId("a.B"), classId("a.C"), classId("a.D"));
    assertThat(result.report().units()).extracting(UnitTime::seconds).containsOnly(10e-9);
    assertThat(result.report().units()).extracting(UnitTime::className).contains("a.A");
    // Without costs in seconds there is no estimate.
    assertThat(estimates).isEmpty();
  }

  /**
   * An engine root never reports its start (it starts in every launcher call), but does report its
   * end when it fails: after its tests, a resource in its store that fails to close. That is a
   * result that fails the run, not a worker breaking the protocol.
   */
  @Test
  void anEngineRootThatFailsAfterItsTestsIsAResultAndItsWorkerStays() throws Exception {
    CompletableFuture<SessionResult> run = start("w1");
    FakeWorker w1 = worker("w1");
    w1.handshake(PLAN);
    boolean failed = false;
    for (CoordinatorCommand.Run more = w1.expect(CoordinatorCommand.Run.class);
        more != null;
        more = w1.poll(CoordinatorCommand.Run.class)) {
      for (Unit u : more.units()) {
        testsOf(u).forEach(id -> pass(w1, id, u.unitId()));
        if (!failed) {
          failed = true;
          w1.send(
              new WorkerEvent.TestFinished(
                  PlanFixture.ENGINE,
                  u.unitId(),
                  Outcome.FAILED,
                  "",
                  Optional.of(
                      new ThrowableInfo(
                          "org.junit.platform.commons.JUnitException",
                          "Failed to close extension context",
                          "trace",
                          false)),
                  0,
                  "",
                  "",
                  List.of(),
                  0));
        }
        w1.send(new WorkerEvent.UnitDone(u.unitId(), 10));
      }
    }
    goodbye(w1);

    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(result.fatal()).isEmpty();
    assertThat(result.report().summary().exitCode()).isEqualTo(1);
    assertThat(result.report().tests())
        .filteredOn(t -> t.uniqueId().equals(PlanFixture.ENGINE))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.status()).isEqualTo(TestStatus.ERROR);
              assertThat(t.message()).contains("Failed to close extension context");
            });
    assertThat(result.report().tests()).filteredOn(t -> t.status() == TestStatus.PASSED).hasSize(6);
    assertThat(result.report().workers()).extracting(w -> w.state()).containsOnly("finished");
  }

  @Test
  void fewerWorkersStartWhenTheLastRunWasShortAndMoreWhenThisRunsPlanHasMoreWork()
      throws Exception {
    // The last run's tests took 1.5 s in all, a worker 1 s to start: one of three is worth it.
    starts = Optional.of(new WorkerStarts(1, 1.0, 1.5, WorkerStarts.Basis.LAST_RUN));
    // This run's plan costs 10 s a test, 80 s in all: every worker is worth starting.
    List<TestNode> plan =
        new PlanFixture()
            .cls("a.A", "a1")
            .cls("a.B", "b1")
            .cls("a.C", "c1")
            .cls("a.D", "d1")
            .cls("a.E", "e1")
            .cls("a.F", "f1")
            .cls("a.G", "g1")
            .cls("a.H", "h1")
            .nodes();
    CompletableFuture<SessionResult> run =
        start(
            Duration.ofSeconds(1),
            List.of(suite("classpath")),
            3,
            false,
            0,
            index -> Optional.of(u -> 10.0 * u.testCount()));
    FakeWorker w1 = worker("w1");
    w1.handshake(plan);
    CoordinatorCommand.Run first = w1.expect(CoordinatorCommand.Run.class);

    // Only now, with the plan agreed, do w2 and w3 start; they join with the plan's hash.
    awaitStarted("w2", "w3");
    FakeWorker w2 = worker("w2");
    FakeWorker w3 = worker("w3");
    w2.handshake(plan);
    w3.handshake(plan);
    runAllOf(w1, plan, first);
    for (boolean ran = true; ran; ) {
      ran = false;
      for (FakeWorker w : List.of(w1, w2, w3)) {
        for (CoordinatorCommand.Run more = w.poll(CoordinatorCommand.Run.class);
            more != null;
            more = w.poll(CoordinatorCommand.Run.class)) {
          runAllOf(w, plan, more);
          ran = true;
        }
      }
    }
    goodbye(w1);
    goodbye(w2);
    goodbye(w3);

    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(result.fatal()).isEmpty();
    assertThat(result.report().tests()).hasSize(8).allMatch(t -> t.status() == TestStatus.PASSED);
    assertThat(notices)
        .containsSubsequence(
            "starting 1 of 3 workers: the last run's tests took 1.5 s in all, a worker 1.0 s to"
                + " start; more start if this run's plan has more work (-n 3 starts every one)",
            "starting 2 more workers: this run's plan has 80.0 s of tests");
    assertThat(startedFor).containsOnlyKeys("w1", "w2", "w3");
    // Each worker's start is measured up to its plan or hash.
    assertThat(result.report().workers())
        .allSatisfy(w -> assertThat(w.readyS()).isBetween(0.0, 20.0));
  }

  @Test
  void aShortPlanKeepsTheRunOnTheWorkersOfTheFirstWave() throws Exception {
    starts = Optional.of(new WorkerStarts(1, 1.0, 0.5, WorkerStarts.Basis.LAST_RUN));
    // This run's plan: 0.1 s a test, 0.6 s in all: still not worth a second worker.
    CompletableFuture<SessionResult> run =
        start(
            Duration.ofSeconds(1),
            List.of(suite("classpath")),
            2,
            false,
            0,
            plan -> Optional.of(u -> 0.1 * u.testCount()));
    FakeWorker w1 = worker("w1");
    w1.handshake(PLAN);
    for (CoordinatorCommand.Run more = w1.expect(CoordinatorCommand.Run.class);
        more != null;
        more = w1.poll(CoordinatorCommand.Run.class)) {
      runAll(w1, more);
    }
    goodbye(w1);

    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(result.report().tests()).hasSize(6).allMatch(t -> t.status() == TestStatus.PASSED);
    assertThat(startedFor).containsOnlyKeys("w1");
    assertThat(notices).anyMatch(n -> n.startsWith("starting 1 of 2 workers"));
    assertThat(notices).noneMatch(n -> n.contains("more worker"));
  }

  @Test
  void withCostsTheListenerHearsTheTimeLeftAtThePlanAndAfterEachUnit() throws Exception {
    // A unit costs 10 s a test: a.A 30 s, the others 10 s each, 60 s in all.
    CompletableFuture<SessionResult> run =
        start(
            Duration.ofSeconds(1),
            List.of(suite("classpath")),
            1,
            false,
            0,
            plan -> Optional.of(u -> 10.0 * u.testCount()));
    FakeWorker w1 = worker("w1");
    w1.handshake(PLAN);
    runAll(w1, w1.expect(CoordinatorCommand.Run.class));
    runAll(w1, w1.expect(CoordinatorCommand.Run.class));
    runAll(w1, w1.expect(CoordinatorCommand.Run.class));
    goodbye(w1);

    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(result.report().summary().exitCode()).isZero();
    // Each unit's time is off when it finishes; the next one has not started yet.
    assertThat(estimates)
        .containsExactly(
            Duration.ofSeconds(60),
            Duration.ofSeconds(30),
            Duration.ofSeconds(20),
            Duration.ofSeconds(10),
            Duration.ZERO);
  }

  @Test
  void aWorkerThatVanishesMidTestHasThatTestCrashedAndItsRestRunElsewhere() throws Exception {
    CompletableFuture<SessionResult> run = start("w1", "w2");
    FakeWorker w1 = worker("w1");
    w1.handshake(PLAN);
    CoordinatorCommand.Run given = w1.expect(CoordinatorCommand.Run.class);
    Unit classA = given.units().get(0);
    assertThat(PLAN.get(classA.nodeIndices().get(0)).uniqueId()).isEqualTo(classId("a.A"));
    pass(w1, methodId("a.A", "a1"), classA.unitId());
    w1.send(new WorkerEvent.TestStarted(methodId("a.A", "a2"), classA.unitId(), 0));
    // Let the session see the start before the stream dies.
    Thread.sleep(200);
    w1.vanish();

    FakeWorker w2 = worker("w2");
    w2.handshake(PLAN);
    List<String> ranOnW2 = new ArrayList<>();
    while (ranOnW2.size() < 4) {
      CoordinatorCommand.Run r = w2.expect(CoordinatorCommand.Run.class);
      r.units().forEach(u -> u.nodeIndices().forEach(i -> ranOnW2.add(PLAN.get(i).uniqueId())));
      for (Unit u : r.units()) {
        for (int i : u.nodeIndices()) {
          String id = PLAN.get(i).uniqueId();
          if (PLAN.get(i).type().isTest()) {
            pass(w2, id, u.unitId());
          } else {
            testsOf(u).forEach(t -> pass(w2, t, u.unitId()));
          }
        }
        w2.send(new WorkerEvent.UnitDone(u.unitId(), 10));
      }
    }
    goodbye(w2);

    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(ranOnW2)
        .containsExactlyInAnyOrder(
            classId("a.B"), classId("a.C"), classId("a.D"), methodId("a.A", "a3"));
    assertThat(result.report().tests())
        .extracting(TestResult::uniqueId, TestResult::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(methodId("a.A", "a1"), TestStatus.PASSED),
            org.assertj.core.groups.Tuple.tuple(methodId("a.A", "a2"), TestStatus.CRASHED),
            org.assertj.core.groups.Tuple.tuple(methodId("a.A", "a3"), TestStatus.PASSED),
            org.assertj.core.groups.Tuple.tuple(methodId("a.B", "b1"), TestStatus.PASSED),
            org.assertj.core.groups.Tuple.tuple(methodId("a.C", "c1"), TestStatus.PASSED),
            org.assertj.core.groups.Tuple.tuple(methodId("a.D", "d1"), TestStatus.PASSED));
    TestResult crashed = result.report().tests().get(1);
    assertThat(crashed.message())
        .contains("worker w1", "crashed", "last words of w1", "java -jar jxdist-worker.jar");
    assertThat(result.report().summary().exitCode()).isEqualTo(1);
    assertThat(result.report().workers())
        .extracting(w -> w.state())
        .containsExactly("crashed", "finished");
    assertThat(notices).anyMatch(n -> n.contains("worker w1") && n.contains("crashed"));
    // a.A never finished whole: its rest ran as a unit of tests, which is no class's time.
    assertThat(result.report().units())
        .extracting(UnitTime::uniqueId)
        .containsExactlyInAnyOrder(classId("a.B"), classId("a.C"), classId("a.D"));
  }

  /**
   * A worker that fails while it runs a test (an OutOfMemoryError escapes the launcher) crashed in
   * that test: the test is crashed with the failure, and the rest runs elsewhere, as after any
   * crash; the suite is not one it cannot run.
   */
  @Test
  void aWorkerThatFailsWhileATestRunsCrashedInThatTest() throws Exception {
    CompletableFuture<SessionResult> run = start("w1", "w2");
    FakeWorker w1 = worker("w1");
    w1.handshake(PLAN);
    Unit classA = w1.expect(CoordinatorCommand.Run.class).units().get(0);
    pass(w1, methodId("a.A", "a1"), classA.unitId());
    w1.send(new WorkerEvent.TestStarted(methodId("a.A", "a2"), classA.unitId(), 0));
    w1.send(
        new WorkerEvent.WorkerFailure(
            "the worker failed unexpectedly (java.lang.OutOfMemoryError: Java heap space)",
            "java.lang.OutOfMemoryError: Java heap space\n\tat a.A.a2"));

    FakeWorker w2 = worker("w2");
    w2.handshake(PLAN);
    int done = 0;
    while (done < 4) {
      CoordinatorCommand.Run r = w2.expect(CoordinatorCommand.Run.class);
      for (Unit u : r.units()) {
        for (int i : u.nodeIndices()) {
          if (PLAN.get(i).type().isTest()) {
            pass(w2, PLAN.get(i).uniqueId(), u.unitId());
          } else {
            testsOf(u).forEach(t -> pass(w2, t, u.unitId()));
          }
        }
        w2.send(new WorkerEvent.UnitDone(u.unitId(), 10));
        done++;
      }
    }
    goodbye(w2);

    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(result.fatal()).isEmpty();
    assertThat(result.report().summary().exitCode()).isEqualTo(1);
    assertThat(result.report().tests())
        .filteredOn(t -> t.status() != TestStatus.PASSED)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.uniqueId()).isEqualTo(methodId("a.A", "a2"));
              assertThat(t.status()).isEqualTo(TestStatus.CRASHED);
              assertThat(t.message()).contains("OutOfMemoryError");
            });
    assertThat(result.report().tests()).hasSize(6);
    assertThat(notices).noneMatch(n -> n.contains("cannot run"));
  }

  /** Waits until the session has started {@code n} worker processes. */
  void awaitStarted(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      synchronized (processes) {
        if (processes.size() >= n) {
          return;
        }
      }
      assertThat(System.nanoTime()).as("%d workers started", n).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Runs whatever {@code w} is sent until {@code units} units were done, passing every test. */
  static List<String> runUnits(FakeWorker w, int units) throws InterruptedException {
    List<String> ran = new ArrayList<>();
    int done = 0;
    while (done < units) {
      CoordinatorCommand.Run r = w.expect(CoordinatorCommand.Run.class);
      for (Unit u : r.units()) {
        for (int i : u.nodeIndices()) {
          ran.add(PLAN.get(i).uniqueId());
          if (PLAN.get(i).type().isTest()) {
            pass(w, PLAN.get(i).uniqueId(), u.unitId());
          } else {
            testsOf(u).forEach(t -> pass(w, t, u.unitId()));
          }
        }
        w.send(new WorkerEvent.UnitDone(u.unitId(), 10));
        done++;
      }
    }
    return ran;
  }

  /**
   * A worker whose JVM ends with a code of its own after its class started and before any test of
   * it did ends in the class's set-up: the class is crashed, and its tests do not run again.
   */
  @Test
  void anEndWithAnExitCodeInASetUpIsTheClasssAndItsTestsDoNotRunAgain() throws Exception {
    SessionResult result = endInSetUp(OptionalInt.of(5), 3);

    assertThat(result.report().summary().exitCode()).isEqualTo(1);

    assertThat(result.report().tests())
        .filteredOn(t -> t.status() != TestStatus.PASSED)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.uniqueId()).isEqualTo(classId("a.A"));
              assertThat(t.status()).isEqualTo(TestStatus.CRASHED);
              assertThat(t.message()).contains("in the set-up of a.A");
            });
    assertThat(result.report().tests()).hasSize(4);
  }

  /**
   * Ended by a signal in the same place, it proves nothing against the class: its first test is
   * named (the one it most likely ran), and the rest of the class runs again.
   */
  @Test
  void anEndBySignalInASetUpNamesTheFirstTestAndTheRestRunsAgain() throws Exception {
    SessionResult result = endInSetUp(OptionalInt.of(137), 4);

    assertThat(result.report().summary().exitCode()).isEqualTo(1);

    assertThat(result.report().tests())
        .filteredOn(t -> t.status() != TestStatus.PASSED)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.uniqueId()).isEqualTo(methodId("a.A", "a1"));
              assertThat(t.status()).isEqualTo(TestStatus.CRASHED);
              assertThat(t.message()).contains("the one it most likely ran");
            });
    assertThat(result.report().tests()).hasSize(6);
  }

  /**
   * A connection that ends while its JVM lives (one that broke) blames no test: the class runs
   * again on the replacement, and the crash report does not say the JVM exited by itself, though
   * the kill that follows gives it an exit code.
   */
  @Test
  void aConnectionThatBrokeWhileItsJvmLivedBlamesNothingAndIsNotCalledAnExit() throws Exception {
    SessionResult result = endInSetUp(OptionalInt.empty(), 4);

    assertThat(result.report().summary().exitCode()).isZero();
    assertThat(result.report().tests()).hasSize(6).allMatch(t -> t.status() == TestStatus.PASSED);
    assertThat(processes.get(0).killedWithin(Duration.ofSeconds(5))).isTrue();
    synchronized (notices) {
      assertThat(notices)
          .anyMatch(n -> n.startsWith("worker w1") && n.contains("crashed"))
          .noneMatch(n -> n.contains("its JVM exited"));
    }
  }

  /**
   * w1 starts the class a.A, then its JVM ends with {@code exit} (empty: it lives on) and its
   * connection closes; its replacement runs {@code unitsLeft} units.
   */
  private SessionResult endInSetUp(OptionalInt exit, int unitsLeft) throws Exception {
    restarts = 1;
    CompletableFuture<SessionResult> run = start("w1");
    FakeWorker w1 = worker("w1");
    w1.handshake(PLAN);
    Unit classA = w1.expect(CoordinatorCommand.Run.class).units().get(0);
    w1.send(new WorkerEvent.TestStarted(classId("a.A"), classA.unitId(), 0));
    Thread.sleep(200);
    if (exit.isPresent()) {
      synchronized (processes) {
        FakeProcess p = processes.get(0);
        p.exitValue = exit.getAsInt();
        p.alive = false;
      }
    }
    w1.vanish();

    awaitStarted(2);
    FakeWorker w2 = worker("w2");
    w2.handshake(PLAN);
    runUnits(w2, unitsLeft);
    goodbye(w2);
    return run.get(20, TimeUnit.SECONDS);
  }

  @Test
  void aWorkerThatDiesIsReplacedInItsSlotAndTheRestRunsThere() throws Exception {
    restarts = 1;
    CompletableFuture<SessionResult> run = start("w1");
    FakeWorker w1 = worker("w1");
    w1.handshake(PLAN);
    Unit classA = w1.expect(CoordinatorCommand.Run.class).units().get(0);
    pass(w1, methodId("a.A", "a1"), classA.unitId());
    w1.send(new WorkerEvent.TestStarted(methodId("a.A", "a2"), classA.unitId(), 0));
    Thread.sleep(200);
    w1.vanish();

    awaitStarted(2);
    assertThat(slotOf.get("w2")).as("the replacement takes the slot").isEqualTo("w1");
    FakeWorker w2 = worker("w2");
    w2.handshake(PLAN);
    List<String> ranOnW2 = runUnits(w2, 4);
    goodbye(w2);
    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(ranOnW2)
        .containsExactlyInAnyOrder(
            classId("a.B"), classId("a.C"), classId("a.D"), methodId("a.A", "a3"));
    TestResult crashed = result.report().tests().get(1);
    assertThat(crashed.status()).isEqualTo(TestStatus.CRASHED);
    assertThat(crashed.message()).contains("worker w1", "crashed", "last words of w1");
    assertThat(result.report().tests())
        .filteredOn(t -> !t.equals(crashed))
        .hasSize(5)
        .allMatch(t -> t.status() == TestStatus.PASSED);
    assertThat(result.report().workers())
        .extracting(w -> w.state())
        .containsExactly("crashed", "finished");
    assertThat(notices).anyMatch(n -> n.contains("worker w2 replaces w1 in slot w1"));
  }

  @Test
  void theTestASilentWorkerWasRunningRunsAgainOnItsReplacement() throws Exception {
    restarts = 1;
    CompletableFuture<SessionResult> run = start(Duration.ofMillis(200), "w1");
    FakeWorker w1 = worker("w1");
    w1.handshake(PLAN);
    Unit classA = w1.expect(CoordinatorCommand.Run.class).units().get(0);
    w1.send(new WorkerEvent.TestStarted(methodId("a.A", "a1"), classA.unitId(), 0));
    w1.mute();

    awaitStarted(2);
    FakeWorker w2 = worker("w2");
    w2.handshake(PLAN);
    List<String> ranOnW2 = runUnits(w2, 4);
    goodbye(w2);
    SessionResult result = run.get(20, TimeUnit.SECONDS);

    // a.A came back as its three tests (a1 with them: it ran again), with the rest.
    assertThat(ranOnW2)
        .containsExactlyInAnyOrder(
            methodId("a.A", "a1"),
            methodId("a.A", "a2"),
            methodId("a.A", "a3"),
            classId("a.B"),
            classId("a.C"),
            classId("a.D"));
    assertThat(result.report().tests()).hasSize(6).allMatch(t -> t.status() == TestStatus.PASSED);
    assertThat(result.report().tests()).allMatch(t -> t.worker().equals("w2"));
    assertThat(notices).anyMatch(n -> n.contains("worker w1") && n.contains("silent"));
    assertThat(processes.get(0).killedWithin(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void aCrashReportThatHangsHoldsNothingUpAndSaysItsLogWasNotFetched() throws Exception {
    java.util.concurrent.CountDownLatch hang = new java.util.concurrent.CountDownLatch(1);
    shaping = p -> p.hang = p.id().equals("w1") ? hang : null;
    try {
      // Heartbeat 200 ms: w2 is crashed after 1 s of silence unless Pings keep flowing to it.
      CompletableFuture<SessionResult> run =
          start(Duration.ofMillis(200), List.of(suite("classpath")), 2, false);
      FakeWorker w1 = worker("w1");
      FakeWorker w2 = worker("w2");
      w1.handshake(PLAN);
      w2.handshake(PLAN);
      Unit classA = w1.expect(CoordinatorCommand.Run.class).units().get(0);
      w1.send(new WorkerEvent.TestStarted(methodId("a.A", "a1"), classA.unitId(), 0));
      Thread.sleep(200);
      w1.vanish();
      // B, C, D, and a.A's rest: it comes to w2 at once, while w1's crash report hangs.
      runUnits(w2, 4);
      goodbye(w2);
      SessionResult result = run.get(20, TimeUnit.SECONDS);

      TestResult crashed = result.report().tests().get(0);
      assertThat(crashed.status()).isEqualTo(TestStatus.CRASHED);
      assertThat(crashed.message()).contains("could not be fetched within 5 s");
      assertThat(result.report().tests())
          .filteredOn(t -> !t.equals(crashed))
          .allMatch(t -> t.status() == TestStatus.PASSED);
      assertThat(result.report().workers())
          .extracting(w -> w.state())
          .containsExactly("crashed", "finished");
    } finally {
      hang.countDown();
    }
  }

  @Test
  void aTestPastItsTimeoutGetsTheWorkersThreadDumpAndItsWorkerIsKilledAndTheRestRunsElsewhere()
      throws Exception {
    timeouts =
        new dev.jxdist.coordinator.config.Timeouts(
            Optional.of(Duration.ofMillis(300)), Optional.empty(), Optional.empty());
    CompletableFuture<SessionResult> run = start("w1", "w2");
    FakeWorker w1 = worker("w1");
    w1.handshake(PLAN);
    Unit classA = w1.expect(CoordinatorCommand.Run.class).units().get(0);
    w1.send(new WorkerEvent.TestStarted(classId("a.A"), classA.unitId(), 0));
    pass(w1, methodId("a.A", "a1"), classA.unitId());
    w1.send(new WorkerEvent.TestStarted(methodId("a.A", "a2"), classA.unitId(), 0));

    CoordinatorCommand.DumpThreads asked = w1.expect(CoordinatorCommand.DumpThreads.class);
    assertThat(asked.reason()).isEqualTo("a.A > a2() on worker w1 timed out after 300ms");
    String dump =
        "Full thread dump\n\n"
            + "\"grpc-default-executor-0\" prio=5 Id=2 BLOCKED on java.lang.Object@1 owned by"
            + " \"main\" Id=1\n\tat x.Y.z(Y.java:1)\n\n"
            + "\"main\" prio=5 Id=1 TIMED_WAITING\n"
            + "\tat java.lang.Thread.sleep(Native Method)\n\tat a.A.a2(A.java:9)\n";
    w1.send(new WorkerEvent.ThreadDump(dump));
    // What it says after its deadline does not count: a2 timed out.
    pass(w1, methodId("a.A", "a2"), classA.unitId());

    FakeWorker w2 = worker("w2");
    w2.handshake(PLAN);
    List<String> ranOnW2 = new ArrayList<>();
    while (ranOnW2.size() < 4) {
      CoordinatorCommand.Run r = w2.expect(CoordinatorCommand.Run.class);
      for (Unit u : r.units()) {
        u.nodeIndices().forEach(i -> ranOnW2.add(PLAN.get(i).uniqueId()));
        for (int i : u.nodeIndices()) {
          if (PLAN.get(i).type().isTest()) {
            pass(w2, PLAN.get(i).uniqueId(), u.unitId());
          } else {
            testsOf(u).forEach(t -> pass(w2, t, u.unitId()));
          }
        }
        w2.send(new WorkerEvent.UnitDone(u.unitId(), 10));
      }
    }
    goodbye(w2);
    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(ranOnW2)
        .containsExactlyInAnyOrder(
            classId("a.B"), classId("a.C"), classId("a.D"), methodId("a.A", "a3"));
    TestResult timedOut = result.report().tests().get(1);
    assertThat(timedOut.uniqueId()).isEqualTo(methodId("a.A", "a2"));
    assertThat(timedOut.status()).isEqualTo(TestStatus.ERROR);
    assertThat(timedOut.message()).startsWith("timed out after 300ms\n").contains(dump);
    assertThat(timedOut.stderr()).isEqualTo(dump);
    assertThat(timedOut.throwable().orElseThrow().className())
        .isEqualTo("java.util.concurrent.TimeoutException");
    assertThat(timedOut.throwable().orElseThrow().stackTrace())
        .isEqualTo(
            "java.util.concurrent.TimeoutException: timed out after 300ms\n"
                + "\tat java.lang.Thread.sleep(Native Method)\n\tat a.A.a2(A.java:9)\n");
    assertThat(result.report().tests())
        .filteredOn(t -> !t.uniqueId().equals(timedOut.uniqueId()))
        .allMatch(t -> t.status() == TestStatus.PASSED);
    assertThat(processes.get(0).killedWithin(Duration.ofSeconds(5))).isTrue();
    assertThat(result.report().workers())
        .extracting(w -> w.state())
        .containsExactly("crashed", "finished");
    assertThat(notices)
        .contains(
            "a.A > a2() on worker w1 timed out after 300ms: taking a thread dump, then the worker"
                + " is killed");
    assertThat(result.report().summary().exitCode()).isEqualTo(1);
  }

  @Test
  void theSessionTimeoutEndsTheRunAtOnceWithTheRestNotRun() throws Exception {
    timeouts =
        new dev.jxdist.coordinator.config.Timeouts(
            Optional.empty(), Optional.empty(), Optional.of(Duration.ofMillis(1500)));
    CompletableFuture<SessionResult> run = start("w1");
    FakeWorker w1 = worker("w1");
    w1.handshake(PLAN);
    Unit first = w1.expect(CoordinatorCommand.Run.class).units().get(0);
    w1.send(new WorkerEvent.TestStarted(classId("a.A"), first.unitId(), 0));
    pass(w1, methodId("a.A", "a1"), first.unitId());
    w1.send(new WorkerEvent.TestStarted(methodId("a.A", "a2"), first.unitId(), 0));

    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(result.report().tests())
        .extracting(TestResult::uniqueId, TestResult::status, TestResult::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(methodId("a.A", "a1"), TestStatus.PASSED, ""),
            org.assertj.core.groups.Tuple.tuple(
                methodId("a.A", "a2"),
                TestStatus.ERROR,
                "timed out: still running when the session timed out after 1500ms"),
            org.assertj.core.groups.Tuple.tuple(
                methodId("a.A", "a3"), TestStatus.SKIPPED, "not run: session timeout"),
            org.assertj.core.groups.Tuple.tuple(
                methodId("a.B", "b1"), TestStatus.SKIPPED, "not run: session timeout"),
            org.assertj.core.groups.Tuple.tuple(
                methodId("a.C", "c1"), TestStatus.SKIPPED, "not run: session timeout"),
            org.assertj.core.groups.Tuple.tuple(
                methodId("a.D", "d1"), TestStatus.SKIPPED, "not run: session timeout"));
    assertThat(result.report().summary().exitCode()).isEqualTo(1);
    assertThat(processes.get(0).killedWithin(Duration.ofSeconds(5))).isTrue();
    // It took part: stopped after its tests (the one it passed, the one cut off), not a worker
    // that never started.
    assertThat(result.report().workers())
        .extracting(w -> w.state(), w -> w.tests())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("stopped", 2));
  }

  @Test
  void withRerunsATestThatFailsOnceIsFlakyOnTheOtherWorkerAndOneThatAlwaysFailsHasTwoAttempts()
      throws Exception {
    reruns = 1;
    CompletableFuture<SessionResult> run = start("w1", "w2");
    FakeWorker w1 = worker("w1");
    FakeWorker w2 = worker("w2");
    w1.handshake(PLAN);
    w2.handshake(PLAN);
    Map<String, List<String>> ranOn = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.Set<FakeWorker> done = new java.util.HashSet<>();
    while (done.size() < 2 && !run.isDone()) {
      for (FakeWorker w : List.of(w1, w2)) {
        String id = w == w1 ? "w1" : "w2";
        CoordinatorCommand c = done.contains(w) ? null : w.poll(CoordinatorCommand.class);
        if (c instanceof CoordinatorCommand.Run r) {
          for (Unit u : r.units()) {
            for (int i : u.nodeIndices()) {
              List<String> tests =
                  PLAN.get(i).type().isTest() ? List.of(PLAN.get(i).uniqueId()) : testsOf(u);
              for (String t : tests) {
                ranOn.computeIfAbsent(t, k -> new ArrayList<>()).add(id);
                boolean first = ranOn.get(t).size() == 1;
                boolean fails =
                    t.equals(methodId("a.B", "b1")) || (t.equals(methodId("a.A", "a1")) && first);
                if (fails) {
                  w.send(new WorkerEvent.TestStarted(t, u.unitId(), 0));
                  w.send(
                      new WorkerEvent.TestFinished(
                          t,
                          u.unitId(),
                          Outcome.FAILED,
                          "",
                          Optional.of(
                              new dev.jxdist.common.model.ThrowableInfo(
                                  "org.opentest4j.AssertionFailedError",
                                  "wrong on " + id,
                                  "trace on " + id,
                                  true)),
                          1000,
                          "",
                          "",
                          List.of(),
                          0));
                } else {
                  pass(w, t, u.unitId());
                }
              }
            }
            w.send(new WorkerEvent.UnitDone(u.unitId(), 10));
          }
        } else if (c instanceof CoordinatorCommand.Shutdown) {
          w.send(new WorkerEvent.Bye(0, 0, 0));
          w.expect(CoordinatorCommand.ByeAck.class);
          done.add(w);
        }
      }
    }
    SessionResult result = run.get(20, TimeUnit.SECONDS);

    TestResult a1 = result.report().tests().get(0);
    assertThat(a1.uniqueId()).isEqualTo(methodId("a.A", "a1"));
    assertThat(a1.status()).isEqualTo(TestStatus.FLAKY);
    assertThat(a1.attempts()).isEqualTo(2);
    // Each attempt on another worker, whichever asks first (RerunsElsewhere).
    assertThat(ranOn.get(methodId("a.A", "a1"))).hasSize(2).doesNotHaveDuplicates();
    assertThat(ranOn.get(methodId("a.B", "b1"))).hasSize(2).doesNotHaveDuplicates();
    assertThat(a1.earlierAttempts())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(TestStatus.FAILED);
              assertThat(e.worker()).isEqualTo(ranOn.get(methodId("a.A", "a1")).get(0));
              assertThat(e.message()).startsWith("wrong on ");
            });
    TestResult b1 = result.report().tests().get(3);
    assertThat(b1.uniqueId()).isEqualTo(methodId("a.B", "b1"));
    assertThat(b1.status()).isEqualTo(TestStatus.FAILED);
    assertThat(b1.attempts()).isEqualTo(2);
    assertThat(b1.allAttempts())
        .extracting(dev.jxdist.coordinator.report.Attempt::status)
        .containsExactly(TestStatus.FAILED, TestStatus.FAILED);
    assertThat(ranOn.get(methodId("a.B", "b1"))).hasSize(2);
    assertThat(result.report().tests()).hasSize(6);
    assertThat(result.report().summary().flaky()).isEqualTo(1);
    assertThat(result.report().summary().failed()).isEqualTo(1);
    assertThat(result.report().summary().passed()).isEqualTo(4);
    assertThat(result.report().summary().exitCode()).isEqualTo(1);
    assertThat(notices)
        .anyMatch(n -> n.startsWith("rerunning a.A > a1() (attempt 2 of 2): it failed"));
  }

  @Test
  void withRerunsTheLastTestCrashingItsWorkerRunsAgainOnTheReplacementWhileTheReportIsAwaited()
      throws Exception {
    reruns = 1;
    restarts = 1;
    java.util.concurrent.CountDownLatch hang = new java.util.concurrent.CountDownLatch(1);
    shaping = p -> p.hang = p.id().equals("w1") ? hang : null;
    try {
      CompletableFuture<SessionResult> run = start("w1");
      FakeWorker w1 = worker("w1");
      w1.handshake(PLAN);
      // w1 runs everything but the last test, and dies in it: no other work is left then.
      String last = methodId("a.D", "d1");
      boolean died = false;
      while (!died) {
        CoordinatorCommand.Run r = w1.expect(CoordinatorCommand.Run.class);
        for (Unit u : r.units()) {
          List<String> tests = new ArrayList<>();
          for (int i : u.nodeIndices()) {
            tests.addAll(
                PLAN.get(i).type().isTest() ? List.of(PLAN.get(i).uniqueId()) : testsOf(u));
          }
          for (String t : tests) {
            if (t.equals(last)) {
              w1.send(new WorkerEvent.TestStarted(t, u.unitId(), 0));
              Thread.sleep(200);
              w1.vanish();
              died = true;
              break;
            }
            pass(w1, t, u.unitId());
          }
          if (died) {
            break;
          }
          w1.send(new WorkerEvent.UnitDone(u.unitId(), 10));
        }
      }

      // w1's crash report hangs (5 s), yet its replacement gets the rerun at once.
      awaitStarted(2);
      FakeWorker w2 = worker("w2");
      w2.handshake(PLAN);
      assertThat(runUnits(w2, 1)).containsExactly(last);
      goodbye(w2);
      SessionResult result = run.get(20, TimeUnit.SECONDS);

      TestResult d1 = result.report().tests().get(5);
      assertThat(d1.uniqueId()).isEqualTo(last);
      assertThat(d1.status()).isEqualTo(TestStatus.FLAKY);
      assertThat(d1.allAttempts())
          .extracting(a -> a.worker() + ":" + a.status())
          .containsExactly("w1:CRASHED", "w2:PASSED");
      assertThat(result.report().summary().exitCode()).isZero();
      assertThat(notices)
          .anyMatch(
              n -> n.startsWith("rerunning a.D > d1() (attempt 2 of 2): it crashed on worker w1"));
    } finally {
      hang.countDown();
    }
  }

  @Test
  void differentPlansStopTheRunBeforeAnythingRuns() throws Exception {
    collectionWait = Duration.ofSeconds(30);
    CompletableFuture<SessionResult> run = start("w1", "w2");
    FakeWorker w1 = worker("w1");
    List<TestNode> other =
        new PlanFixture()
            .cls("a.A", "a1", "a2", "a3")
            .cls("a.B", "b1")
            .cls("a.C", "c1")
            .cls("a.E", "e1")
            .nodes();
    w1.handshake(PLAN);
    // The first plan waits for the other starting worker's: no work goes out before it came.
    assertThat(w1.poll(CoordinatorCommand.Run.class)).isNull();
    FakeWorker w2 = worker("w2"); // connected second: asked for the hash only
    w2.handshake(other);
    // w2 sent its plan's hash only; it differs, so its plan is asked for, to show how.
    w2.expectAskedForPlan();
    w2.discovered(other);
    w1.expect(CoordinatorCommand.Stop.class);
    goodbye(w1);
    w2.expect(CoordinatorCommand.Stop.class);
    goodbye(w2);

    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(result.fatal())
        .hasValueSatisfying(
            f ->
                assertThat(f)
                    .contains("Different tests were collected between w1 and w2")
                    .contains("only on w1: " + classId("a.D"))
                    .contains("only on w2: " + classId("a.E")));
    assertThat(result.report().summary().exitCode()).isEqualTo(3);
    assertThat(result.report().tests()).allMatch(t -> t.status() == TestStatus.SKIPPED);
  }

  @Test
  void aWorkerThatFallsSilentIsTreatedAsCrashedAndKilled() throws Exception {
    // Heartbeat 200 ms: silence for five of them (1 s) is a crash.
    CompletableFuture<SessionResult> run = start(Duration.ofMillis(200), "w1");
    FakeWorker w1 = worker("w1");
    w1.handshake(PLAN);
    Unit first = w1.expect(CoordinatorCommand.Run.class).units().get(0);
    w1.send(new WorkerEvent.TestStarted(methodId("a.A", "a1"), first.unitId(), 0));
    w1.mute();

    SessionResult result = run.get(20, TimeUnit.SECONDS);

    // The test it was running is the silence's victim, not its cause: it was free to run again,
    // but no worker was left (no replacement allowed here).
    assertThat(result.report().tests()).hasSize(6).allMatch(r -> r.status() == TestStatus.CRASHED);
    assertThat(result.report().tests()).allMatch(r -> r.message().contains("no worker was left"));
    assertThat(notices).anyMatch(n -> n.contains("worker w1") && n.contains("silent for 1 s"));
    assertThat(processes.get(0).killedWithin(Duration.ofSeconds(5))).isTrue();
    assertThat(result.report().summary().exitCode()).isEqualTo(1);
  }

  @Test
  void aWorkerWhoseModuleIsDoneMovesToTheModuleWithWorkLeft() throws Exception {
    List<TestNode> alphaPlan = new PlanFixture().cls("a.Alpha", "x").nodes();
    List<TestNode> betaPlan =
        new PlanFixture()
            .cls("b.One", "t")
            .cls("b.Two", "t")
            .cls("b.Three", "t")
            .cls("b.Four", "t")
            .nodes();
    CompletableFuture<SessionResult> run =
        start(Duration.ofSeconds(1), List.of(suite("fx:alpha"), suite("fx:beta")), 2, false);
    FakeWorker w1 = worker("w1");
    FakeWorker w2 = worker("w2");
    w1.handshake(alphaPlan);
    w2.handshake(betaPlan);
    runAllOf(w1, alphaPlan, w1.expect(CoordinatorCommand.Run.class));
    // alpha is done and beta still has work: w1 is let go and w3 starts for beta.
    w1.expect(CoordinatorCommand.Shutdown.class);
    w1.send(new WorkerEvent.Bye(1, 1, 0));
    FakeWorker w3 = worker("w3");
    w3.handshake(betaPlan);
    runAllOf(w2, betaPlan, w2.expect(CoordinatorCommand.Run.class));
    CoordinatorCommand.Run toW3 = w3.expect(CoordinatorCommand.Run.class);
    runAllOf(w3, betaPlan, toW3);
    // Whatever is left goes to whoever asks first: w3 too, once it is done with its first unit.
    boolean sent = true;
    while (sent) {
      sent = false;
      for (FakeWorker w : List.of(w2, w3)) {
        CoordinatorCommand.Run more = w.poll(CoordinatorCommand.Run.class);
        if (more != null) {
          runAllOf(w, betaPlan, more);
          sent = true;
        }
      }
    }
    goodbye(w2);
    goodbye(w3);

    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(startedFor)
        .containsEntry("w1", "fx:alpha")
        .containsEntry("w2", "fx:beta")
        .containsEntry("w3", "fx:beta");
    assertThat(result.report().tests()).hasSize(5).allMatch(t -> t.status() == TestStatus.PASSED);
    assertThat(result.report().tests())
        .extracting(TestResult::module)
        .containsExactly("fx:alpha", "fx:beta", "fx:beta", "fx:beta", "fx:beta");
    assertThat(result.report().summary().exitCode()).isZero();
  }

  @Test
  void freshJvmGivesEveryClassAWorkerOfItsOwn() throws Exception {
    List<TestNode> plan = new PlanFixture().cls("a.One", "x").cls("a.Two", "y").nodes();
    CompletableFuture<SessionResult> run =
        start(Duration.ofSeconds(1), List.of(suite("fx:m")), 1, true);
    FakeWorker w1 = worker("w1");
    w1.handshake(plan);
    CoordinatorCommand.Run first = w1.expect(CoordinatorCommand.Run.class);
    assertThat(first.units()).hasSize(1);
    runAllOf(w1, plan, first);
    w1.expect(CoordinatorCommand.Shutdown.class);
    w1.send(new WorkerEvent.Bye(1, 1, 0));
    FakeWorker w2 = worker("w2");
    CoordinatorCommand.Configure configure = w2.expect(CoordinatorCommand.Configure.class);
    w2.expect(CoordinatorCommand.Discover.class);
    w2.discovered(plan);
    CoordinatorCommand.Run second = w2.expect(CoordinatorCommand.Run.class);
    assertThat(second.units()).hasSize(1);
    runAllOf(w2, plan, second);
    goodbye(w2);

    SessionResult result = run.get(20, TimeUnit.SECONDS);

    // The second JVM fills the first one's slot: tests keyed on JXDIST_WORKER see w1 again.
    assertThat(slotOf).containsEntry("w1", "w1").containsEntry("w2", "w1");
    assertThat(configure.systemProperties())
        .containsEntry("jxdist.worker", "w1")
        .containsEntry("jxdist.worker.id", "w2")
        .containsEntry("jxdist.worker.count", "1")
        .containsEntry("jxdist.run.id", "run1");
    assertThat(result.report().workers()).extracting(w -> w.slot()).containsExactly("w1", "w1");
    assertThat(result.report().tests()).hasSize(2).allMatch(t -> t.status() == TestStatus.PASSED);
    assertThat(result.report().workers())
        .extracting(w -> w.classes())
        .containsExactlyInAnyOrder(List.of("a.One"), List.of("a.Two"));
  }

  static void runAllOf(FakeWorker w, List<TestNode> plan, CoordinatorCommand.Run run) {
    for (Unit u : run.units()) {
      for (int i : u.nodeIndices()) {
        TestNode n = plan.get(i);
        plan.stream()
            .filter(
                t ->
                    t.type().isTest()
                        && (t.uniqueId().equals(n.uniqueId()) || t.parentId().equals(n.uniqueId())))
            .forEach(t -> pass(w, t.uniqueId(), u.unitId()));
      }
      w.send(new WorkerEvent.UnitDone(u.unitId(), 10));
    }
  }

  @Test
  void maxfailStopsTheRunAndReportsTheRestSkippedWithTheReason() throws Exception {
    CompletableFuture<SessionResult> run =
        start(
            Duration.ofSeconds(1),
            List.of(suite("classpath")),
            1,
            false,
            1,
            plan -> Optional.empty());
    FakeWorker w1 = worker("w1");
    w1.handshake(PLAN);
    CoordinatorCommand.Run toW1 = w1.expect(CoordinatorCommand.Run.class);
    assertThat(toW1.units()).hasSize(2);
    Unit first = toW1.units().get(0);
    List<String> tests = testsOf(first);
    w1.send(new WorkerEvent.TestStarted(tests.get(0), first.unitId(), 0));
    w1.send(
        new WorkerEvent.TestFinished(
            tests.get(0),
            first.unitId(),
            Outcome.FAILED,
            "boom",
            Optional.empty(),
            1000,
            "",
            "",
            List.of(),
            0));
    // The test in progress's unit may finish; the queued one is dropped by Stop.
    CoordinatorCommand.Stop stop = w1.expect(CoordinatorCommand.Stop.class);
    assertThat(stop.reason()).isEqualTo("stopped after 1 failure");
    tests.stream().skip(1).forEach(id -> pass(w1, id, first.unitId()));
    w1.send(new WorkerEvent.UnitDone(first.unitId(), 10));
    goodbye(w1);

    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(result.report().tests()).hasSize(6);
    assertThat(result.report().tests())
        .filteredOn(t -> t.status() == TestStatus.SKIPPED)
        .isNotEmpty()
        .allMatch(t -> t.message().equals("not run: stopped after 1 failure"));
    assertThat(result.report().tests())
        .filteredOn(t -> t.status() == TestStatus.FAILED || t.status() == TestStatus.ERROR)
        .hasSize(1);
    assertThat(result.report().summary().exitCode()).isEqualTo(1);
    assertThat(notices).anyMatch(n -> n.startsWith("stopped after 1 failure (--maxfail 1)"));
  }

  @Test
  void aStreamWithoutTheTokenIsRefused() throws Exception {
    CompletableFuture<SessionResult> run = start("w1");
    FakeWorker intruder = new FakeWorker(server.target(), "w1", "wrong");
    closing.add(intruder);
    Status status = intruder.expect(Status.class);
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    session.interrupt();
    // The refused stream was no worker: w1 is still awaited, and ends unused.
    assertThat(run.get(20, TimeUnit.SECONDS).report().workers())
        .extracting(w -> w.id() + " " + w.state())
        .containsExactly("w1 unused");
  }

  @Test
  void aJoinPlaceNobodyTookEndsUnusedWithoutHoldingUpTheRun() throws Exception {
    shaping = p -> p.launched = !p.id().equals("w2");
    CompletableFuture<SessionResult> run = start("w1", "w2");
    FakeWorker w1 = worker("w1");
    w1.handshake(PLAN);
    int units = 0;
    while (units < 4) { // a.A, a.B, a.C, a.D: all on w1
      CoordinatorCommand.Run r = w1.expect(CoordinatorCommand.Run.class);
      runAll(w1, r);
      units += r.units().size();
    }
    goodbye(w1);

    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(result.fatal()).isEmpty();
    assertThat(result.report().summary().exitCode()).isZero();
    assertThat(result.report().summary().crashed()).isZero();
    assertThat(result.report().tests()).extracting(TestResult::worker).containsOnly("w1");
    assertThat(result.report().workers())
        .extracting(w -> w.id() + " " + w.state())
        .containsExactly("w1 finished", "w2 unused");
    FakeProcess w2 = processes.stream().filter(p -> p.id().equals("w2")).findFirst().orElseThrow();
    assertThat(w2.killedWithin(Duration.ofSeconds(5))).as("its assignment is withdrawn").isTrue();
    assertThat(notices).noneMatch(n -> n.contains("w2"));
  }

  @Test
  void aJoinPlaceThatCannotBeFilledIsAWorkerThatCouldNotStartAndAloneEndsTheRun() throws Exception {
    shaping =
        p -> {
          p.launched = false;
          p.startFailure = "no worker joined within 1s; start one with 'jxdist worker ...'";
        };
    CompletableFuture<SessionResult> run = start("w1");

    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(result.report().summary().exitCode()).isEqualTo(3);
    assertThat(result.fatal())
        .get()
        .asString()
        .contains("no worker could run the suite")
        .contains("no worker joined within 1s; start one with 'jxdist worker ...'");
    assertThat(result.report().workers()).extracting(w -> w.state()).containsExactly("failed");
    assertThat(notices)
        .anyMatch(n -> n.contains("worker w1 could not be started: no worker joined"));
  }
}
