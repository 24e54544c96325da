package dev.jxdist.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.model.Outcome;
import dev.jxdist.common.model.PlanHash;
import dev.jxdist.common.model.Selector;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.model.Unit;
import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.CoordinatorTrust;
import dev.jxdist.common.wire.ProtoMapper;
import dev.jxdist.common.wire.WorkerBootstrap;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.worker.testing.FakeCoordinator;
import dev.jxdist.worker.testing.Suites;
import dev.jxdist.worker.testing.WorkerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker as a real JVM process (its classes and run-time class path, as the build left them)
 * against a real gRPC server playing coordinator.
 */
class WorkerDaemonProcessTest {

  static final Duration STARTUP = Duration.ofSeconds(30);
  static final Duration EVENT = Duration.ofSeconds(20);
  static final String ENGINE = "[engine:junit-jupiter]";
  static final String BASICS = ENGINE + "/[class:fx.BasicsTest]";

  /**
   * Worker w1 (token {@code s3cret}) told on its stdin to dial {@code coordinator} as {@code
   * trust}.
   */
  static WorkerProcess started(String coordinator, CoordinatorTrust trust, String name)
      throws IOException {
    return WorkerProcess.start(
        WorkerProcess.fromClasses(),
        new WorkerBootstrap(coordinator, "w1", "s3cret", trust, true),
        Map.of(),
        name);
  }

  @Test
  void runsTheWholeConversationAndExitsZero() throws Exception {
    try (FakeCoordinator coordinator = FakeCoordinator.start();
        WorkerProcess worker =
            started(coordinator.address(), FakeCoordinator.TRUST, "conversation")) {
      Conversation.run(coordinator, worker);
      assertThat(worker.log())
          .contains("over TLS, accepting only the certificate " + FakeCoordinator.PIN);
    }
  }

  @Test
  void speaksPlaintextToALoopbackCoordinatorWhenToldTo() throws Exception {
    try (FakeCoordinator coordinator = FakeCoordinator.startPlaintext();
        WorkerProcess worker =
            started(coordinator.address(), CoordinatorTrust.loopback(), "loopback")) {
      Conversation.run(coordinator, worker);
      assertThat(worker.log()).contains("in plaintext (loopback)");
    }
  }

  @Test
  void refusesPlaintextToAnAddressThatIsNotLoopback() throws Exception {
    // The wildcard address is not a loopback address, yet dialling it stays on this machine: had
    // the worker dialled (the bug this looks for), nothing would have left it.
    try (WorkerProcess worker =
        started("0.0.0.0:7001", CoordinatorTrust.loopback(), "loopback-elsewhere")) {
      assertThat(worker.awaitExit(STARTUP))
          .as(worker.log())
          .isEqualTo(ExitCode.BAD_BOOTSTRAP.status());
      assertThat(worker.log())
          .contains("0.0.0.0:7001 is not a loopback address")
          .doesNotContain("s3cret");
    }
  }

  @Test
  void aWorkerHandedAPinSendsNothingToAPlaintextCoordinator() throws Exception {
    try (FakeCoordinator coordinator = FakeCoordinator.startPlaintext();
        WorkerProcess worker =
            started(coordinator.address(), FakeCoordinator.TRUST, "pinned-to-plaintext")) {
      assertThat(worker.awaitExit(STARTUP))
          .as(worker.log())
          .isEqualTo(ExitCode.COORDINATOR_GONE.status());
      assertThat(coordinator.connected()).as("a stream reached the fake coordinator").isFalse();
    }
  }

  @Test
  void exitsWhenItsStandardInputCloses() throws Exception {
    try (FakeCoordinator coordinator = FakeCoordinator.start();
        WorkerProcess worker = started(coordinator.address(), FakeCoordinator.TRUST, "stdin-eof")) {
      coordinator.expect(WorkerEvent.Hello.class, STARTUP);
      worker.closeStdin();
      assertThat(worker.awaitExit(EVENT)).isEqualTo(ExitCode.PARENT_GONE.status());
      assertThat(worker.log()).contains("standard input closed");
    }
  }

  @Test
  void exitsWhenTheCoordinatorFallsSilent() throws Exception {
    try (FakeCoordinator coordinator = FakeCoordinator.start();
        WorkerProcess worker = started(coordinator.address(), FakeCoordinator.TRUST, "silent")) {
      coordinator.expect(WorkerEvent.Hello.class, STARTUP);
      coordinator.send(configure(Suites.classpath(Suites.Line.JUNIT6), 1));
      // One heartbeat of 1 s: gone after 5 s of silence. Nothing is sent from here on.
      assertThat(worker.awaitExit(Duration.ofSeconds(30)))
          .as(worker.log())
          .isEqualTo(ExitCode.COORDINATOR_SILENT.status());
      assertThat(worker.log()).contains("heard nothing from the coordinator for 5 s");
    }
  }

  @Test
  void exitsWhenTheCoordinatorClosesTheStream(@TempDir Path dir) throws Exception {
    // Started from the environment, as a worker someone else starts: no stdin bootstrap.
    Path token = Files.writeString(dir.resolve("token"), "from-a-file\n");
    try (FakeCoordinator coordinator = FakeCoordinator.start();
        WorkerProcess worker =
            WorkerProcess.start(
                WorkerProcess.fromClasses(),
                null,
                Map.of(
                    "JXDIST_COORDINATOR", coordinator.address(),
                    "JXDIST_WORKER_ID", "w9",
                    "JXDIST_TOKEN_FILE", token.toString(),
                    "JXDIST_COORDINATOR_CERT_SHA256", FakeCoordinator.PIN.toString()),
                "stream-closed")) {
      WorkerEvent.Hello hello = coordinator.expect(WorkerEvent.Hello.class, STARTUP);
      assertThat(hello.workerId()).isEqualTo("w9");
      assertThat(hello.token()).isEqualTo("from-a-file");
      coordinator.complete();
      assertThat(worker.awaitExit(EVENT)).isEqualTo(ExitCode.COORDINATOR_GONE.status());
      assertThat(worker.log()).contains("closed the stream").doesNotContain("from-a-file");
    }
  }

  @Test
  void refusesACoordinatorWithAnotherCertificateAndSaysNothingToIt() throws Exception {
    CertificatePin another = CertificatePin.parse("01".repeat(32));
    try (FakeCoordinator coordinator = FakeCoordinator.start();
        WorkerProcess worker =
            started(coordinator.address(), CoordinatorTrust.pinned(another), "wrong-pin")) {
      assertThat(worker.awaitExit(STARTUP))
          .as(worker.log())
          .isEqualTo(ExitCode.COORDINATOR_GONE.status());
      assertThat(worker.log())
          .contains("has SHA-256 fingerprint " + FakeCoordinator.PIN)
          .contains("not the pinned " + another);
      assertThat(coordinator.connected()).as("a stream reached the fake coordinator").isFalse();
    }
  }

  @Test
  void reportsAMissingClassPathEntryAndExits() throws Exception {
    try (FakeCoordinator coordinator = FakeCoordinator.start();
        WorkerProcess worker =
            started(coordinator.address(), FakeCoordinator.TRUST, "missing-entry")) {
      coordinator.expect(WorkerEvent.Hello.class, STARTUP);
      List<String> classpath = new ArrayList<>(Suites.classpath(Suites.Line.JUNIT6));
      classpath.add("/nowhere/target/test-classes");
      coordinator.send(configure(classpath, 0));
      WorkerEvent.WorkerFailure failure =
          coordinator.expect(WorkerEvent.WorkerFailure.class, EVENT);
      assertThat(failure.message())
          .contains("/nowhere/target/test-classes")
          .contains("does not exist");
      assertThat(worker.awaitExit(EVENT)).isEqualTo(ExitCode.SUITE_FAILURE.status());
      assertThat(coordinator.awaitEnd(EVENT)).isEqualTo("completed");
    }
  }

  @Test
  void runsTestsOnTheMainThreadAndLosesNoEventToALeftoverInterrupt() throws Exception {
    try (FakeCoordinator coordinator = FakeCoordinator.start();
        WorkerProcess worker =
            started(coordinator.address(), FakeCoordinator.TRUST, "test-thread")) {
      coordinator.expect(WorkerEvent.Hello.class, STARTUP);
      coordinator.send(configure(Suites.classpath(Suites.Line.JUNIT6), 0));
      coordinator.send(
          new CoordinatorCommand.Discover(
              List.of(new Selector(Selector.Kind.CLASS, "jvm.TestThreadTest")),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              true));
      List<TestNode> plan = coordinator.expect(WorkerEvent.Discovered.class, EVENT).nodes();
      int cls =
          plan.indexOf(
              plan.stream()
                  .filter(n -> n.uniqueId().endsWith("[class:jvm.TestThreadTest]"))
                  .findFirst()
                  .orElseThrow());
      // Twice: the second unit starts with the flag the first one's last test left set.
      coordinator.send(
          new CoordinatorCommand.Run(
              List.of(new Unit(1, List.of(cls)), new Unit(2, List.of(cls)))));
      List<WorkerEvent.TestFinished> finished = new ArrayList<>();
      while (true) {
        WorkerEvent e = coordinator.next(EVENT);
        assertThat(e).as(worker.log()).isNotInstanceOf(WorkerEvent.WorkerFailure.class);
        if (e instanceof WorkerEvent.TestFinished
            && ((WorkerEvent.TestFinished) e).uniqueId().contains("/[method:")) {
          finished.add((WorkerEvent.TestFinished) e);
        }
        if (e instanceof WorkerEvent.UnitDone && ((WorkerEvent.UnitDone) e).unitId() == 2) {
          break;
        }
      }
      assertThat(finished)
          .as(worker.log())
          .hasSize(6)
          .allSatisfy(
              f ->
                  assertThat(f.outcome())
                      .as(f.uniqueId() + ": " + f.throwable())
                      .isEqualTo(Outcome.SUCCESSFUL));
      assertThat(finished.get(1).stdout()).contains("about to interrupt myself");
      assertThat(finished.get(2).stdout()).contains("interrupted, still writing");

      // The session's own waits are not cut short by the flag the last test left.
      coordinator.send(new CoordinatorCommand.Shutdown());
      assertThat(coordinator.expect(WorkerEvent.Bye.class, EVENT).testsFinished()).isEqualTo(6);
      coordinator.send(new CoordinatorCommand.ByeAck());
      assertThat(coordinator.awaitEnd(EVENT)).isEqualTo("completed");
      coordinator.complete();
      assertThat(worker.awaitExit(EVENT)).as(worker.log()).isEqualTo(ExitCode.OK.status());
    }
  }

  static CoordinatorCommand.Configure configure(List<String> classpath, int heartbeatSeconds) {
    return new CoordinatorCommand.Configure(
        classpath,
        Map.of("jxdist.fixture.parameter", "on"),
        Map.of("jxdist.fixture.property", "yes"),
        true,
        heartbeatSeconds);
  }

  /** The happy path, shared with the test of the shaded jar. */
  static final class Conversation {

    private Conversation() {}

    static void run(FakeCoordinator coordinator, WorkerProcess worker) throws Exception {
      WorkerEvent.Hello hello = coordinator.expect(WorkerEvent.Hello.class, STARTUP);
      assertThat(hello.protocolVersion()).isEqualTo(ProtoMapper.PROTOCOL_VERSION);
      assertThat(hello.workerId()).isEqualTo("w1");
      assertThat(hello.token()).isEqualTo("s3cret");
      assertThat(hello.pid()).isEqualTo(worker.pid());
      assertThat(hello.cores()).isPositive();
      assertThat(hello.javaVersion()).isEqualTo(System.getProperty("java.version"));

      List<String> classpath = new ArrayList<>(Suites.classpath(Suites.Line.JUNIT6));
      classpath.add(Suites.protobuf3Jar().toString());
      coordinator.send(configure(classpath, 0));
      List<Selector> selectors = new ArrayList<>();
      for (String c :
          List.of(
              "BasicsTest",
              "ParamsTest",
              "IsolationTest",
              "OwnProtobufTest",
              "ConfiguredTest",
              "SlowTest")) {
        selectors.add(new Selector(Selector.Kind.CLASS, "fx." + c));
      }
      coordinator.send(
          new CoordinatorCommand.Discover(
              selectors, List.of(), List.of(), List.of(), List.of(), true));

      WorkerEvent.Discovered discovered = coordinator.expect(WorkerEvent.Discovered.class, EVENT);
      List<TestNode> plan = discovered.nodes();
      assertThat(discovered.planHash()).isEqualTo(PlanHash.of(plan));
      assertThat(discovered.testCount())
          .isEqualTo((int) plan.stream().filter(n -> n.type().isTest()).count())
          .isEqualTo(14);

      coordinator.send(new CoordinatorCommand.Ping(7));
      assertThat(coordinator.expect(WorkerEvent.Pong.class, EVENT).sequence()).isEqualTo(7);

      coordinator.send(
          new CoordinatorCommand.Run(
              List.of(
                  new Unit(1, List.of(index(plan, "fx.BasicsTest"))),
                  new Unit(
                      2,
                      List.of(
                          index(plan, "fx.IsolationTest"),
                          index(plan, "fx.OwnProtobufTest"),
                          index(plan, "fx.ConfiguredTest"))),
                  new Unit(3, List.of(index(plan, "fx.ParamsTest"))))));
      List<WorkerEvent> events = until(coordinator, e -> isUnitDone(e, 3));

      List<WorkerEvent> unit1 = events.stream().filter(e -> unitOf(e) == 1).toList();
      assertThat(unit1.get(0)).isInstanceOf(WorkerEvent.TestStarted.class);
      assertThat(unit1.get(unit1.size() - 1)).isInstanceOf(WorkerEvent.UnitDone.class);
      WorkerEvent.TestFinished passes = finished(events, BASICS + "/[method:passes()]");
      assertThat(passes.outcome()).isEqualTo(Outcome.SUCCESSFUL);
      assertThat(passes.stdout()).contains("out from passes");
      WorkerEvent.TestFinished fails = finished(events, BASICS + "/[method:fails()]");
      assertThat(fails.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(fails.throwable())
          .hasValueSatisfying(
              t -> {
                assertThat(t.assertion()).isTrue();
                assertThat(t.message()).contains("one is not two");
              });
      for (String isolated :
          List.of(
              "[class:fx.IsolationTest]/[method:workerClassesAreInvisible()]",
              "[class:fx.IsolationTest]/[method:contextClassLoaderIsTheSuites()]",
              "[class:fx.OwnProtobufTest]/[method:seesItsOwnProtobuf()]",
              "[class:fx.ConfiguredTest]/[method:seesSystemProperty()]",
              "[class:fx.ConfiguredTest]/[method:seesConfigurationParameter(java.lang.String)]")) {
        WorkerEvent.TestFinished f = finished(events, ENGINE + "/" + isolated);
        assertThat(f.outcome()).as(isolated + ": " + f.throwable()).isEqualTo(Outcome.SUCCESSFUL);
        assertThat(f.unitId()).isEqualTo(2);
      }
      assertThat(events)
          .filteredOn(WorkerEvent.DynamicTestRegistered.class::isInstance)
          .hasSize(3)
          .allMatch(e -> unitOf(e) == 3);

      // Stop while a unit runs: it finishes, the queued one is dropped.
      String slow = ENGINE + "/[class:fx.SlowTest]/[method:takesItsTime()]";
      coordinator.send(
          new CoordinatorCommand.Run(
              List.of(
                  new Unit(4, List.of(index(plan, "fx.SlowTest"))),
                  new Unit(5, List.of(index(plan, "fx.BasicsTest"))))));
      until(
          coordinator,
          e ->
              e instanceof WorkerEvent.TestStarted
                  && ((WorkerEvent.TestStarted) e).uniqueId().equals(slow));
      coordinator.send(new CoordinatorCommand.Stop("fail fast"));
      List<WorkerEvent> stopped = until(coordinator, e -> isUnitDone(e, 4));
      assertThat(finished(stopped, slow).outcome()).isEqualTo(Outcome.SUCCESSFUL);

      coordinator.send(new CoordinatorCommand.Shutdown());
      WorkerEvent.Bye bye = coordinator.expect(WorkerEvent.Bye.class, EVENT);
      assertThat(bye.unitsFinished()).isEqualTo(4);
      assertThat(bye.testsFinished()).isEqualTo(7 + 5 + 4 + 1);
      coordinator.send(new CoordinatorCommand.ByeAck());
      // Acknowledged, the worker half-closes its side; then the coordinator completes its own.
      assertThat(coordinator.awaitEnd(EVENT)).isEqualTo("completed");
      coordinator.complete();
      assertThat(worker.awaitExit(EVENT)).as(worker.log()).isEqualTo(ExitCode.OK.status());
      assertThat(worker.log()).doesNotContain("s3cret").contains("said bye after 4 units");
    }

    private static int index(List<TestNode> plan, String className) {
      String id = ENGINE + "/[class:" + className + "]";
      for (int i = 0; i < plan.size(); i++) {
        if (plan.get(i).uniqueId().equals(id)) {
          return i;
        }
      }
      throw new AssertionError(id + " is not in the plan");
    }

    private static List<WorkerEvent> until(FakeCoordinator coordinator, Predicate<WorkerEvent> last)
        throws InterruptedException {
      List<WorkerEvent> events = new ArrayList<>();
      while (true) {
        WorkerEvent e = coordinator.next(EVENT);
        if (e instanceof WorkerEvent.WorkerFailure) {
          throw new AssertionError("the worker failed: " + e);
        }
        events.add(e);
        if (last.test(e)) {
          return events;
        }
      }
    }

    private static boolean isUnitDone(WorkerEvent e, int unitId) {
      return e instanceof WorkerEvent.UnitDone && ((WorkerEvent.UnitDone) e).unitId() == unitId;
    }

    private static int unitOf(WorkerEvent e) {
      if (e instanceof WorkerEvent.TestStarted) {
        return ((WorkerEvent.TestStarted) e).unitId();
      } else if (e instanceof WorkerEvent.TestFinished) {
        return ((WorkerEvent.TestFinished) e).unitId();
      } else if (e instanceof WorkerEvent.DynamicTestRegistered) {
        return ((WorkerEvent.DynamicTestRegistered) e).unitId();
      } else if (e instanceof WorkerEvent.UnitDone) {
        return ((WorkerEvent.UnitDone) e).unitId();
      }
      return -1;
    }

    private static WorkerEvent.TestFinished finished(List<WorkerEvent> events, String uniqueId) {
      return events.stream()
          .filter(WorkerEvent.TestFinished.class::isInstance)
          .map(WorkerEvent.TestFinished.class::cast)
          .filter(f -> f.uniqueId().equals(uniqueId))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no TestFinished for " + uniqueId));
    }
  }
}
