package dev.jxdist.coordinator.session;

import static dev.jxdist.coordinator.plan.PlanFixture.classId;
import static dev.jxdist.coordinator.plan.PlanFixture.methodId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.model.Outcome;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.config.Timeouts;
import dev.jxdist.coordinator.plan.PlanFixture;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The deadlines of tests, units and the session, on a clock the test moves: no sleeping. */
class TimeLimitsTest {

  static final Duration FIVE_S = Duration.ofSeconds(5);

  final ManualClock clock = new ManualClock();
  final SuiteRun suite = Slots.suite("m");
  WorkerSlot slot;
  WorkUnit unitA;

  @BeforeEach
  void aWorkerWithClassAInItsQueue() {
    TestPlanIndex plan =
        TestPlanIndex.of(
            new PlanFixture().cls("a.A", "a1", "a2").cls("a.B", "b1").nodes(), Set.of());
    suite.planAgreed(plan, "w1", clock.instant());
    unitA = plan.unitsByTopLevelClass().get(0);
    slot = Slots.starting("w1", "w1", suite, clock.instant());
    Slots.connect(slot, clock.instant());
    slot.ready();
    slot.sent(List.of(unitA));
  }

  TimeLimits limits(Optional<Duration> test, Optional<Duration> unit, Optional<Duration> session) {
    return new TimeLimits(clock, new Timeouts(test, unit, session));
  }

  void started(TimeLimits limits, String id) {
    limits.heard(slot, new WorkerEvent.TestStarted(id, unitA.unitId(), 0));
  }

  void finished(TimeLimits limits, String id) {
    limits.heard(
        slot,
        new WorkerEvent.TestFinished(
            id, unitA.unitId(), Outcome.SUCCESSFUL, "", Optional.empty(), 1, "", "", List.of(), 0));
  }

  @Test
  void aTestPastItsTimeoutAsksTheWorkerThenJcmdThenGivesUp() {
    TimeLimits limits = limits(Optional.of(FIVE_S), Optional.empty(), Optional.empty());
    started(limits, classId("a.A"));
    started(limits, methodId("a.A", "a1"));

    clock.advance(FIVE_S.minusMillis(1));
    assertThat(limits.due(List.of(slot))).isEmpty();
    clock.advance(Duration.ofMillis(1));

    List<TimeLimits.Step> steps = limits.due(List.of(slot));
    assertThat(steps).singleElement().isInstanceOf(TimeLimits.Step.AskWorker.class);
    TimeLimits.Overrun o = steps.get(0).overrun();
    assertThat(o.test()).hasValue(methodId("a.A", "a1"));
    assertThat(o.unit()).isEqualTo(unitA);
    assertThat(o.message()).isEqualTo("timed out after 5s");
    assertThat(o.headline()).isEqualTo("a.A > a1() on worker w1 timed out after 5s");
    assertThat(limits.overran(slot)).isTrue();
    assertThat(limits.due(List.of(slot))).isEmpty();

    clock.advance(TimeLimits.WORKER_WAIT);
    assertThat(limits.due(List.of(slot))).singleElement().isEqualTo(new TimeLimits.Step.AskTool(o));
    clock.advance(TimeLimits.TOOL_WAIT.minusMillis(1));
    assertThat(limits.due(List.of(slot))).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(limits.due(List.of(slot)))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s).isInstanceOf(TimeLimits.Step.GiveUp.class);
              assertThat(((TimeLimits.Step.GiveUp) s).why()).startsWith("no thread dump:");
            });
    // Concluded: nothing more is due, and a late dump concludes nothing.
    assertThat(limits.due(List.of(slot))).isEmpty();
    assertThat(limits.dumped(slot)).isEmpty();
  }

  @Test
  void theFirstDumpConcludesTheTimeoutOnce() {
    TimeLimits limits = limits(Optional.of(FIVE_S), Optional.empty(), Optional.empty());
    started(limits, methodId("a.A", "a1"));
    assertThat(limits.dumped(slot)).as("nothing timed out yet").isEmpty();
    clock.advance(FIVE_S);
    TimeLimits.Overrun o = limits.due(List.of(slot)).get(0).overrun();

    assertThat(limits.dumped(slot)).hasValue(o);
    assertThat(limits.dumped(slot)).isEmpty();
    clock.advance(TimeLimits.TOOL_WAIT.multipliedBy(2));
    assertThat(limits.due(List.of(slot))).isEmpty();
  }

  @Test
  void eachTestHasItsOwnTimeAndFinishedTestsStopTheirClock() {
    TimeLimits limits = limits(Optional.of(FIVE_S), Optional.empty(), Optional.empty());
    started(limits, classId("a.A"));
    started(limits, methodId("a.A", "a1"));
    clock.advance(Duration.ofSeconds(4));
    finished(limits, methodId("a.A", "a1"));
    clock.advance(Duration.ofSeconds(1));
    started(limits, methodId("a.A", "a2"));
    clock.advance(Duration.ofSeconds(4));
    finished(limits, methodId("a.A", "a2"));
    clock.advance(Duration.ofSeconds(1));
    limits.heard(slot, new WorkerEvent.UnitDone(unitA.unitId(), 1));

    clock.advance(Duration.ofMinutes(10));
    assertThat(limits.due(List.of(slot))).as("an idle worker never times out").isEmpty();
  }

  @Test
  void aHangBetweenTestsTimesOutTheUnitsRemainingTests() {
    TimeLimits limits = limits(Optional.of(FIVE_S), Optional.empty(), Optional.empty());
    started(limits, classId("a.A"));
    started(limits, methodId("a.A", "a1"));
    clock.advance(Duration.ofSeconds(1));
    finished(limits, methodId("a.A", "a1"));
    // a2 never starts: an @AfterEach, or the class's @AfterAll, hangs.
    clock.advance(FIVE_S);

    TimeLimits.Overrun o = limits.due(List.of(slot)).get(0).overrun();
    assertThat(o.test()).isEmpty();
    assertThat(o.message())
        .isEqualTo("timed out after 5s in the set-up or tear-down of a.A (no test was running)");
  }

  @Test
  void aUnitPastItsTimeoutTimesOutTheTestInProgressWhateverEachTestTook() {
    TimeLimits limits =
        limits(Optional.empty(), Optional.of(Duration.ofSeconds(8)), Optional.empty());
    started(limits, classId("a.A"));
    started(limits, methodId("a.A", "a1"));
    clock.advance(Duration.ofSeconds(5));
    finished(limits, methodId("a.A", "a1"));
    started(limits, methodId("a.A", "a2"));
    clock.advance(Duration.ofMillis(2999));
    assertThat(limits.due(List.of(slot))).isEmpty();
    clock.advance(Duration.ofMillis(1));

    TimeLimits.Overrun o = limits.due(List.of(slot)).get(0).overrun();
    assertThat(o.test()).hasValue(methodId("a.A", "a2"));
    assertThat(o.message()).isEqualTo("timed out: its unit a.A ran past the unit timeout of 8s");
    assertThat(o.headline()).isEqualTo("unit a.A on worker w1 ran past the unit timeout of 8s");
  }

  @Test
  void aLostWorkerEndsItsPendingTimeout() {
    TimeLimits limits = limits(Optional.of(FIVE_S), Optional.empty(), Optional.empty());
    started(limits, methodId("a.A", "a1"));
    clock.advance(FIVE_S);
    TimeLimits.Overrun o = limits.due(List.of(slot)).get(0).overrun();

    assertThat(limits.lost(slot)).hasValue(o);
    assertThat(limits.overran(slot)).isFalse();
    assertThat(limits.lost(slot)).isEmpty();
  }

  @Test
  void withoutTimeoutsNothingIsWatched() {
    TimeLimits limits = limits(Optional.empty(), Optional.empty(), Optional.empty());
    started(limits, methodId("a.A", "a1"));
    clock.advance(Duration.ofDays(1));
    assertThat(limits.due(List.of(slot))).isEmpty();
    assertThat(limits.sessionTimeoutNow()).isEmpty();
  }

  @Test
  void theSessionTimeoutIsSaidOnceWhenItRunsOut() {
    TimeLimits limits =
        limits(Optional.empty(), Optional.empty(), Optional.of(Duration.ofMinutes(2)));
    clock.advance(Duration.ofMinutes(2).minusMillis(1));
    assertThat(limits.sessionTimeoutNow()).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(limits.sessionTimeoutNow()).hasValue(Duration.ofMinutes(2));
    assertThat(limits.sessionTimeoutNow()).isEmpty();
  }
}
