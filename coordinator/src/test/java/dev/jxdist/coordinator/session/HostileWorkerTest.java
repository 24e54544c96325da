package dev.jxdist.coordinator.session;

import static dev.jxdist.coordinator.plan.PlanFixture.methodId;
import static dev.jxdist.coordinator.session.DSessionTest.PLAN;
import static dev.jxdist.coordinator.session.DSessionTest.goodbye;
import static dev.jxdist.coordinator.session.DSessionTest.runAll;
import static dev.jxdist.coordinator.session.DSessionTest.testsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.model.Outcome;
import dev.jxdist.common.model.Unit;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.report.TestStatus;
import io.grpc.Status;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Workers that lie, over real gRPC on loopback, with the run's token: each lie gets the liar
 * dropped and named, its work goes to the honest worker, and the report holds the honest results
 * only, each test once.
 */
class HostileWorkerTest {

  private final DSessionTest harness = new DSessionTest();

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  /** What w2, a worker the coordinator launched, says that it should not. */
  enum Lie {
    /** A failure for a test of the unit w1 was given, under w1's unit. */
    RESULT_FOR_ANOTHER_WORKERS_UNIT("which it was not given or has finished"),
    /** A failure for a test of w1's unit, under its own unit. */
    RESULT_FOR_A_TEST_NOT_IN_ITS_UNIT("which is not in unit"),
    /** A test id no plan has, with a newline and an ANSI escape that would forge a log line. */
    UNKNOWN_TEST("which is no test of the plan"),
    /** A second end of a test it ran, a failure this time. */
    DUPLICATE_RESULT("a second end of"),
    /** The end of a test it never started. */
    END_BEFORE_START("before its start"),
    /** A second start of the same test. */
    START_TWICE("a second start of"),
    /** Another plan once it is at work. */
    SECOND_PLAN("a test plan it was not asked for"),
    /** The end of a unit it was not given. */
    UNIT_IT_WAS_NOT_GIVEN("which it was not given"),
    /** A second Hello. */
    SECOND_HELLO("a second Hello");

    final String said;

    Lie(String said) {
      this.said = said;
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Lie.class)
  void aLiarIsDroppedAndNamedAndTheReportHoldsTheHonestResults(Lie lie) throws Exception {
    CompletableFuture<SessionResult> run = harness.start("w1", "w2");
    FakeWorker w1 = harness.worker("w1");
    FakeWorker w2 = harness.worker("w2");
    w1.handshake(PLAN);
    w2.handshake(PLAN);
    CoordinatorCommand.Run toW1 = w1.expect(CoordinatorCommand.Run.class);
    CoordinatorCommand.Run toW2 = w2.expect(CoordinatorCommand.Run.class);
    Unit w1Unit = toW1.units().get(0);
    Unit w2Unit = toW2.units().get(0);
    String w1Test = testsOf(w1Unit).get(0);
    String w2Test = testsOf(w2Unit).get(0);

    switch (lie) {
      case RESULT_FOR_ANOTHER_WORKERS_UNIT -> forge(w2, w1Test, w1Unit.unitId());
      case RESULT_FOR_A_TEST_NOT_IN_ITS_UNIT -> forge(w2, w1Test, w2Unit.unitId());
      case UNKNOWN_TEST ->
          forge(w2, "[engine:x]\n\u001b[32mjxdist: 6 tests, all passed", w2Unit.unitId());
      case DUPLICATE_RESULT -> {
        DSessionTest.pass(w2, w2Test, w2Unit.unitId());
        w2.send(failed(w2Test, w2Unit.unitId()));
      }
      case END_BEFORE_START -> w2.send(failed(w2Test, w2Unit.unitId()));
      case START_TWICE -> {
        w2.send(new WorkerEvent.TestStarted(w2Test, w2Unit.unitId(), 0));
        w2.send(new WorkerEvent.TestStarted(w2Test, w2Unit.unitId(), 0));
      }
      case SECOND_PLAN -> w2.discovered(PLAN);
      case UNIT_IT_WAS_NOT_GIVEN -> w2.send(new WorkerEvent.UnitDone(w1Unit.unitId(), 10));
      case SECOND_HELLO ->
          w2.send(new WorkerEvent.Hello(1, "w2", "fakehost", 1, "17", "t", 1, DSessionTest.TOKEN));
    }

    assertThat(w2.awaitEnd().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    SessionResult result = finishWith(w1, toW1, run);

    assertThat(result.report().tests())
        .extracting(TestResult::uniqueId)
        .containsExactlyInAnyOrder(
            methodId("a.A", "a1"),
            methodId("a.A", "a2"),
            methodId("a.A", "a3"),
            methodId("a.B", "b1"),
            methodId("a.C", "c1"),
            methodId("a.D", "d1"));
    assertThat(result.report().tests())
        .extracting(TestResult::status)
        .containsOnly(TestStatus.PASSED);
    if (lie != Lie.DUPLICATE_RESULT) {
      assertThat(result.report().tests()).extracting(TestResult::worker).containsOnly("w1");
    }
    // The liar that had passed a test took part before it was dropped: stopped, not failed.
    assertThat(result.report().workers())
        .extracting(w -> w.id() + " " + w.state())
        .containsExactly("w1 finished", lie == Lie.DUPLICATE_RESULT ? "w2 stopped" : "w2 failed");
    List<String> dropped;
    synchronized (harness.notices) {
      dropped = harness.notices.stream().filter(n -> n.contains("dropped")).toList();
    }
    assertThat(dropped).hasSize(1);
    assertThat(dropped.get(0)).startsWith("worker w2 dropped: it sent ").contains(lie.said);
    assertThat(dropped.get(0)).doesNotContain("\n", "\u001b");
  }

  @Test
  void aWorkerShutDownWhileItDiscoversMaySendItsPlanAndIsNotDropped() throws Exception {
    CompletableFuture<SessionResult> run = harness.start("w1", "w2");
    FakeWorker w1 = harness.worker("w1");
    w1.handshake(PLAN); // connected first: the plan is asked of w1
    FakeWorker w2 = harness.worker("w2");
    w2.expect(CoordinatorCommand.Configure.class);
    w2.expect(CoordinatorCommand.Discover.class);
    // w2 discovers slowly (a replacement started late, say): w1 does all the work after the
    // collection wait, and the run ends while w2 still discovers.
    for (CoordinatorCommand.Run more = w1.expect(CoordinatorCommand.Run.class);
        more != null;
        more = w1.poll(CoordinatorCommand.Run.class)) {
      runAll(w1, more);
    }
    goodbye(w1);
    w2.expect(CoordinatorCommand.Shutdown.class);

    w2.discovered(PLAN);
    w2.send(new WorkerEvent.Bye(0, 0, 0));

    w2.expect(CoordinatorCommand.ByeAck.class);
    SessionResult result = run.get(20, TimeUnit.SECONDS);
    assertThat(result.report().tests()).hasSize(6);
    assertThat(result.report().workers())
        .extracting(w -> w.id() + " " + w.state())
        .containsExactly("w1 finished", "w2 finished");
    synchronized (harness.notices) {
      assertThat(harness.notices).noneMatch(n -> n.contains("dropped"));
    }
  }

  @Test
  void aHelloAsAWorkerNobodyLaunchedIsRefusedAndTheRunGoesOn() throws Exception {
    CompletableFuture<SessionResult> run = harness.start("w1");
    FakeWorker stranger = harness.worker("w9\n\u001b[2Kjxdist: all passed");
    FakeWorker w1 = harness.worker("w1");

    assertThat(stranger.awaitEnd().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    w1.handshake(PLAN);
    SessionResult result = finishWith(w1, w1.expect(CoordinatorCommand.Run.class), run);

    assertThat(result.report().tests()).hasSize(6);
    assertThat(result.report().tests()).extracting(TestResult::worker).containsOnly("w1");
    assertThat(result.report().workers()).extracting(w -> w.id()).containsExactly("w1");
  }

  @Test
  void aMessageOverTheSizeLimitEndsTheStreamAndTheRunGoesOn() throws Exception {
    CompletableFuture<SessionResult> run = harness.start("w1", "w2");
    FakeWorker w1 = harness.worker("w1");
    FakeWorker w2 = harness.worker("w2");
    w1.handshake(PLAN);
    w2.handshake(PLAN);
    CoordinatorCommand.Run toW1 = w1.expect(CoordinatorCommand.Run.class);
    w2.expect(CoordinatorCommand.Run.class);

    w2.send(new WorkerEvent.Output(false, "x".repeat(60 * 1024 * 1024), ""));

    assertThat(w2.awaitEnd().getCode()).isNotEqualTo(Status.Code.OK);
    SessionResult result = finishWith(w1, toW1, run);
    assertThat(result.report().tests()).hasSize(6);
    assertThat(result.report().tests())
        .extracting(TestResult::status)
        .containsOnly(TestStatus.PASSED);
    assertThat(result.report().workers())
        .extracting(w -> w.id() + " " + w.state())
        .containsExactly("w1 finished", "w2 crashed");
  }

  /** w1 runs what it was given and whatever else comes, then says goodbye; the session's result. */
  private static SessionResult finishWith(
      FakeWorker w1, CoordinatorCommand.Run first, CompletableFuture<SessionResult> run)
      throws Exception {
    runAll(w1, first);
    for (CoordinatorCommand.Run more = w1.poll(CoordinatorCommand.Run.class);
        more != null;
        more = w1.poll(CoordinatorCommand.Run.class)) {
      runAll(w1, more);
    }
    goodbye(w1);
    return run.get(20, TimeUnit.SECONDS);
  }

  private static void forge(FakeWorker w, String test, int unit) {
    w.send(new WorkerEvent.TestStarted(test, unit, 0));
    w.send(failed(test, unit));
  }

  private static WorkerEvent.TestFinished failed(String test, int unit) {
    return new WorkerEvent.TestFinished(
        test, unit, Outcome.FAILED, "forged", Optional.empty(), 1000, "", "", List.of(), 0);
  }
}
