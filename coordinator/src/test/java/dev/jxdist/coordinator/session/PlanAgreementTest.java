package dev.jxdist.coordinator.session;

import static dev.jxdist.coordinator.session.DSessionTest.PLAN;
import static dev.jxdist.coordinator.session.DSessionTest.goodbye;
import static dev.jxdist.coordinator.session.DSessionTest.runAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.model.PlanHash;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.plan.PlanFixture;
import dev.jxdist.coordinator.report.TestStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a suite's workers agree on its plan, over real gRPC on loopback: one worker is asked for the
 * whole plan (which may come in parts), the others for its hash; the ask passes on when that worker
 * is lost or slow, and a hash that differs stops the run, whether or not its plan can be had.
 */
class PlanAgreementTest {

  private final DSessionTest harness = new DSessionTest();

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void oneWorkerSendsThePlanInPartsAndTheOthersItsHash() throws Exception {
    harness.collectionWait = Duration.ofSeconds(30);
    CompletableFuture<SessionResult> run = harness.start("w1", "w2", "w3");
    FakeWorker w1 = connectedFirst();
    FakeWorker w2 = harness.worker("w2");
    FakeWorker w3 = harness.worker("w3");
    for (FakeWorker w : List.of(w2, w3)) {
      w.expect(CoordinatorCommand.Configure.class);
      assertThat(w.expect(CoordinatorCommand.Discover.class).sendPlan()).isFalse();
      w.discovered(PLAN); // its hash, before there is a plan to compare it with
    }
    // The plan in parts of about 300 bytes: one or two nodes each.
    w1.sendInParts(new WorkerEvent.Discovered(PlanHash.of(PLAN), 6, PLAN, 5), 300);

    runToTheEnd(w1, w2, w3);

    assertEveryTestPassedOnce(run.get(20, TimeUnit.SECONDS));
  }

  @Test
  void whenTheWorkerAskedForThePlanIsLostAWorkerWhoseHashWaitsIsAsked() throws Exception {
    harness.collectionWait = Duration.ofSeconds(30);
    CompletableFuture<SessionResult> run = harness.start("w1", "w2");
    FakeWorker w1 = connectedFirst();
    FakeWorker w2 = harness.worker("w2");
    w2.handshake(PLAN);
    w1.vanish();

    w2.expectAskedForPlan();
    w2.discovered(PLAN);
    runToTheEnd(w2);

    assertEveryTestPassedOnce(run.get(20, TimeUnit.SECONDS));
  }

  @Test
  void aSlowWorkerAskedForThePlanDoesNotHoldTheSuiteUp() throws Exception {
    harness.collectionWait = Duration.ofMillis(300);
    CompletableFuture<SessionResult> run = harness.start("w1", "w2");
    FakeWorker w1 = connectedFirst();
    FakeWorker w2 = harness.worker("w2");
    w2.handshake(PLAN);

    // w1 says nothing: a collection wait later, w2 is asked for the plan too, and works.
    w2.expectAskedForPlan();
    w2.discovered(PLAN);
    runAll(w2, w2.expect(CoordinatorCommand.Run.class));
    // w1's plan, late, is compared with the agreed one and w1 takes work too.
    w1.discovered(PLAN);
    runToTheEnd(w1, w2);

    assertEveryTestPassedOnce(run.get(20, TimeUnit.SECONDS));
  }

  @Test
  void aWorkerWhoseHashDiffersStopsTheRunEvenIfLostBeforeItsPlanCame() throws Exception {
    harness.collectionWait = Duration.ofSeconds(30);
    CompletableFuture<SessionResult> run = harness.start("w1", "w2");
    FakeWorker w1 = harness.worker("w1");
    w1.handshake(PLAN);
    FakeWorker w2 = harness.worker("w2");
    List<TestNode> other = new PlanFixture().cls("a.A", "a1").nodes();
    w2.handshake(other);
    w2.expectAskedForPlan();
    w2.vanish();

    w1.expect(CoordinatorCommand.Stop.class);
    goodbye(w1);
    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(result.fatal())
        .hasValueSatisfying(
            f ->
                assertThat(f)
                    .contains("Different tests were collected between w1 (6 tests) and w2 (1 test)")
                    .contains("w2 was lost before it could send its plan"));
    assertThat(result.report().summary().exitCode()).isEqualTo(3);
    assertThat(result.report().tests()).allMatch(t -> t.status() == TestStatus.SKIPPED);
  }

  @Test
  void aLateWorkerWhosePlanDiffersStopsARunThatHadStartedAndSaysSo() throws Exception {
    CompletableFuture<SessionResult> run = harness.start("w1", "w2");
    FakeWorker w1 = connectedFirst();
    w1.discovered(PLAN);
    // w2 is late: after the collection wait w1 works alone.
    runAll(w1, w1.expect(CoordinatorCommand.Run.class));
    FakeWorker w2 = harness.worker("w2");
    w2.handshake(new PlanFixture().cls("a.A", "a1").nodes());
    w2.expectAskedForPlan();
    w2.discovered(new PlanFixture().cls("a.A", "a1").nodes());

    CoordinatorCommand.Stop stop = null;
    for (int i = 0; i < 30 && stop == null; i++) {
      w1.poll(CoordinatorCommand.Run.class); // work it was sent before the stop
      stop = w1.poll(CoordinatorCommand.Stop.class);
    }
    assertThat(stop).isNotNull();
    goodbye(w1);
    w2.expect(CoordinatorCommand.Stop.class);
    goodbye(w2);
    SessionResult result = run.get(20, TimeUnit.SECONDS);

    assertThat(result.fatal())
        .hasValueSatisfying(
            f ->
                assertThat(f)
                    .startsWith("Different tests were collected between w1 and w2; the run stops")
                    .doesNotContain("nothing was run"));
    assertThat(result.report().tests()).hasSize(6).anyMatch(t -> t.status() == TestStatus.PASSED);
  }

  /** w1, connected first and so asked for the whole plan. */
  private FakeWorker connectedFirst() throws InterruptedException {
    FakeWorker w1 = harness.worker("w1");
    w1.expect(CoordinatorCommand.Configure.class);
    w1.expectAskedForPlan();
    return w1;
  }

  private static void assertEveryTestPassedOnce(SessionResult result) {
    assertThat(result.fatal()).isEmpty();
    assertThat(result.report().tests()).hasSize(6).allMatch(t -> t.status() == TestStatus.PASSED);
  }

  /** Runs what each worker is sent until the run needs no more of them, then says goodbye. */
  private static void runToTheEnd(FakeWorker... workers) throws InterruptedException {
    boolean more = true;
    while (more) {
      more = false;
      for (FakeWorker w : workers) {
        CoordinatorCommand.Run given = w.poll(CoordinatorCommand.Run.class);
        if (given != null) {
          runAll(w, given);
          more = true;
        }
      }
    }
    for (FakeWorker w : workers) {
      goodbye(w);
    }
  }
}
