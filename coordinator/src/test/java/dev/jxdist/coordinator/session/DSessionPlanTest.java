package dev.jxdist.coordinator.session;

import static dev.jxdist.coordinator.plan.PlanFixture.classId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.model.PlanHash;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.remote.CoordinatorServer;
import dev.jxdist.coordinator.remote.WorkerChannelService;
import dev.jxdist.coordinator.report.RunListener;
import dev.jxdist.coordinator.report.TestStatus;
import dev.jxdist.coordinator.scheduler.Distribution;
import dev.jxdist.coordinator.scheduler.UnitCost;
import dev.jxdist.coordinator.testing.TestTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The classes a worker says must run whole reach the scheduler with the agreed plan. */
class DSessionPlanTest {

  @Test
  void theIndivisibleClassesOfTheAgreedPlanReachTheScheduler() throws Exception {
    AtomicReference<TestPlanIndex> agreed = new AtomicReference<>();
    DSession session =
        new DSession(
            Clock.systemUTC(),
            List.of(DSessionTest.suite("classpath")),
            (spec, plan) -> {
              agreed.set(plan);
              return Distribution.LOAD.scheduler(plan, UnitCost.byTestCount(), 1);
            },
            plan -> java.util.Optional.empty(),
            new RunListener() {},
            new SessionSettings(
                Duration.ofSeconds(1),
                1,
                false,
                0,
                "run1",
                Duration.ofMillis(200),
                false,
                false,
                0,
                dev.jxdist.coordinator.config.Timeouts.NONE,
                0,
                java.util.Optional.empty()));
    List<TestNode> plan = DSessionTest.PLAN;
    try (CoordinatorServer server =
            CoordinatorServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TestTls.IDENTITY,
                new WorkerChannelService(RunToken.of(DSessionTest.TOKEN), session));
        FakeWorker w1 = new FakeWorker(server.target(), "w1", DSessionTest.TOKEN)) {
      CompletableFuture<SessionResult> run =
          CompletableFuture.supplyAsync(() -> session.run((id, slot, spec) -> new FakeProcess(id)));
      w1.expect(CoordinatorCommand.Configure.class);
      w1.expect(CoordinatorCommand.Discover.class);
      w1.send(new WorkerEvent.Discovered(PlanHash.of(plan), 6, plan, 5, List.of(classId("a.A"))));

      // a.A (three tests) is the longest and must stay whole: one unit selecting the class.
      CoordinatorCommand.Run first = w1.expect(CoordinatorCommand.Run.class);
      assertThat(plan.get(first.units().get(0).nodeIndices().get(0)).uniqueId())
          .isEqualTo(classId("a.A"));
      assertThat(first.units().get(0).nodeIndices()).hasSize(1);
      DSessionTest.runAll(w1, first);
      while (true) {
        CoordinatorCommand.Run more = w1.poll(CoordinatorCommand.Run.class);
        if (more == null) {
          break;
        }
        DSessionTest.runAll(w1, more);
      }
      DSessionTest.goodbye(w1);

      SessionResult result = run.get(20, TimeUnit.SECONDS);
      assertThat(agreed.get().indivisibleIds()).containsExactly(classId("a.A"));
      assertThat(result.report().tests()).hasSize(6).allMatch(t -> t.status() == TestStatus.PASSED);
    }
  }
}
