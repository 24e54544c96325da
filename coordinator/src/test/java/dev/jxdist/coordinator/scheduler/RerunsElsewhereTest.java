package dev.jxdist.coordinator.scheduler;

import static dev.jxdist.coordinator.scheduler.Units.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reruns held away from the worker a test failed on, while another worker can take them. */
class RerunsElsewhereTest {

  /** The workers that can still take work, as the session would say. */
  private final Set<String> active = new HashSet<>(Set.of("w1", "w2"));

  private final RerunsElsewhere scheduler =
      new RerunsElsewhere(
          LoadClassSchedulerTest.byTests(1, 1, 1, 1),
          worker -> active.stream().anyMatch(w -> !w.equals(worker)));

  private static final WorkUnit RERUN = new WorkUnit(100, "C0 > t (rerun)", List.of(1), 1);

  RerunsElsewhereTest() {
    scheduler.workerReady("w1");
    scheduler.workerReady("w2");
  }

  @Test
  void theWorkerItFailedOnGetsOtherWorkAndTheNextWorkerGetsTheRerunFirst() {
    assertThat(scheduler.rerun(RERUN, "w1")).isTrue();

    List<WorkUnit> first = scheduler.assign("w1", Integer.MAX_VALUE);
    assertThat(ids(first)).isNotEmpty().doesNotContain(100);
    assertThat(ids(scheduler.assign("w2", Integer.MAX_VALUE))).startsWith(100);
  }

  @Test
  void theWorkerItFailedOnTakesItWhenNoOtherWorkerCan() {
    scheduler.rerun(RERUN, "w1");
    assertThat(ids(scheduler.assign("w1", 1))).doesNotContain(100);

    active.remove("w2");
    assertThat(ids(scheduler.assign("w1", 1))).containsExactly(100);
  }

  @Test
  void aRerunWaitsUntilItIsDoneAndOnlyItsWorkerMayFinishIt() {
    RerunsElsewhere alone = new RerunsElsewhere(LoadClassSchedulerTest.byTests(), w -> true);
    alone.workerReady("w1");
    alone.workerReady("w2");
    alone.rerun(RERUN, "w1");
    assertThat(alone.isFinished()).isFalse();
    assertThat(alone.pendingUnits()).isEqualTo(1);

    assertThat(ids(alone.assign("w2", 5))).containsExactly(100);
    assertThat(alone.pendingUnits()).isZero();
    assertThat(alone.isFinished()).as("sent, not done").isFalse();
    assertThatThrownBy(() -> alone.unitDone("w1", 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sent to w2");
    alone.unitDone("w2", 100);
    assertThat(alone.isFinished()).isTrue();
  }

  @Test
  void aLostWorkersUnstartedRerunWaitsAgainStillAwayFromWhereItFailed() {
    RerunsElsewhere s = new RerunsElsewhere(LoadClassSchedulerTest.byTests(), w -> true);
    s.workerReady("w1");
    s.workerReady("w2");
    s.workerReady("w3");
    s.rerun(RERUN, "w1");
    assertThat(ids(s.assign("w2", 5))).containsExactly(100);

    LostWork lost = s.workerLost("w2", -1);

    assertThat(ids(lost.requeued())).containsExactly(100);
    assertThat(s.assign("w1", 5)).isEmpty();
    assertThat(ids(s.assign("w3", 5))).containsExactly(100);
  }

  @Test
  void aRerunALostWorkerWasRunningIsTheSessionsToCutAndTheStrategyKeepsTheRest() {
    RerunsElsewhere s =
        new RerunsElsewhere(LoadClassSchedulerTest.byTests(1, 1, 1, 1, 1, 1), w -> true);
    s.workerReady("w1");
    s.workerReady("w2");
    s.rerun(RERUN, "w1");
    List<WorkUnit> sent = s.assign("w2", Integer.MAX_VALUE);
    assertThat(ids(sent)).startsWith(100).hasSizeGreaterThan(1);

    LostWork lost = s.workerLost("w2", 100);

    assertThat(ids(lost.requeued()))
        .as("what the strategy had sent besides; the started rerun is not queued again")
        .containsExactlyInAnyOrderElementsOf(ids(sent.subList(1, sent.size())));
    assertThat(s.pendingUnits()).isEqualTo(6);
  }

  @Test
  void aStrategyWhoseWorkBelongsToOneWorkerTakesNoRerun() {
    RerunsElsewhere each =
        new RerunsElsewhere(
            new EachScheduler(LoadClassSchedulerTest.units(1, 1), UnitCost.byTestCount()),
            w -> true);

    assertThat(each.rerun(RERUN, "w1")).isFalse();
    assertThat(each.pendingUnits()).isZero();
  }
}
