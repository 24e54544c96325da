package dev.jxdist.coordinator.scheduler;

import static dev.jxdist.coordinator.scheduler.Units.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadClassSchedulerTest {

  static List<WorkUnit> units(int... testCounts) {
    List<WorkUnit> out = new ArrayList<>();
    for (int i = 0; i < testCounts.length; i++) {
      out.add(new WorkUnit(i, "C" + i, List.of(i + 1), testCounts[i]));
    }
    return out;
  }

  static LoadClassScheduler byTests(int... testCounts) {
    return new LoadClassScheduler(units(testCounts), UnitCost.byTestCount(), 0);
  }

  @Test
  void largestClassesGoFirstOneEachThenWorkersPrefetchTwoWhileWorkIsPlentiful() {
    LoadClassScheduler s = byTests(1, 5, 3, 2, 4, 1, 2, 2, 2, 2);
    s.workerReady("w1");
    s.workerReady("w2");

    assertThat(ids(s.assign("w1", Integer.MAX_VALUE))).as("w2 has nothing yet").containsExactly(1);
    assertThat(ids(s.assign("w2", Integer.MAX_VALUE))).containsExactly(4, 2);
    assertThat(ids(s.assign("w1", Integer.MAX_VALUE))).containsExactly(3);
    assertThat(s.assign("w1", Integer.MAX_VALUE)).as("two held").isEmpty();
  }

  @Test
  void theCostDecidesTheOrderNotThePlan() {
    Units u = Units.ofSeconds(1, 9, 3, 30);
    LoadClassScheduler s = new LoadClassScheduler(u.units, u.trueCost(), 0);
    s.workerReady("w1");

    assertThat(ids(s.assign("w1", 1))).containsExactly(3);
    s.unitDone("w1", 3);
    assertThat(ids(s.assign("w1", 1))).containsExactly(1);
  }

  @Test
  void nothingQueuesBehindAUnitLongerThanTheOthersShareOfWhatIsLeft() {
    Units u = Units.ofSeconds(10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    LoadClassScheduler s = new LoadClassScheduler(u.units, u.trueCost(), 0);
    s.workerReady("w1");
    s.workerReady("w2");

    assertThat(ids(s.assign("w1", Integer.MAX_VALUE))).containsExactly(0);
    assertThat(ids(s.assign("w2", Integer.MAX_VALUE))).containsExactly(1, 2);
  }

  @Test
  void theTailIsHandedOutOneAtATime() {
    LoadClassScheduler s = byTests(3, 2, 1);
    s.workerReady("w1");
    s.workerReady("w2");

    assertThat(ids(s.assign("w1", Integer.MAX_VALUE))).containsExactly(0);
    assertThat(ids(s.assign("w2", Integer.MAX_VALUE))).containsExactly(1);
    s.unitDone("w1", 0);
    assertThat(ids(s.assign("w1", Integer.MAX_VALUE))).containsExactly(2);
    assertThat(s.isFinished()).isFalse();
    s.unitDone("w1", 2);
    s.unitDone("w2", 1);
    assertThat(s.isFinished()).isTrue();
  }

  @Test
  void aLostWorkersQueuedUnitsGoBackInCostOrderButNotTheOneItWasRunning() {
    LoadClassScheduler s = byTests(9, 8, 7, 6, 5, 4, 3, 2, 1);
    s.workerReady("w1");
    s.workerReady("w2");
    assertThat(ids(s.assign("w1", Integer.MAX_VALUE))).containsExactly(0);
    assertThat(ids(s.assign("w2", Integer.MAX_VALUE))).containsExactly(1, 2);
    assertThat(ids(s.assign("w1", Integer.MAX_VALUE))).containsExactly(3);

    LostWork lost = s.workerLost("w1", 0);

    assertThat(ids(lost.requeued())).containsExactly(3);
    assertThat(lost.abandoned()).isEmpty();
    assertThat(s.pendingUnits()).isEqualTo(6);
    s.unitDone("w2", 1);
    assertThat(ids(s.assign("w2", Integer.MAX_VALUE))).containsExactly(3);
    assertThat(s.assign("w1", Integer.MAX_VALUE)).as("a lost worker gets nothing").isEmpty();
  }

  @Test
  void aRequeuedRestTakesItsPlaceByCost() {
    LoadClassScheduler s = byTests(5, 1, 1);
    s.workerReady("w1");
    assertThat(s.requeue(new WorkUnit(100, "rest", List.of(9), 3))).isTrue();

    assertThat(ids(s.assign("w1", 1))).containsExactly(0);
    s.unitDone("w1", 0);
    assertThat(ids(s.assign("w1", 1))).containsExactly(100);
  }

  @Test
  void drainDropsEverythingNotSent() {
    LoadClassScheduler s = byTests(3, 3, 3, 3, 3, 3);
    s.workerReady("w1");
    s.assign("w1", Integer.MAX_VALUE); // 0, 1

    assertThat(ids(s.drainPending())).containsExactly(2, 3, 4, 5);
    assertThat(s.pendingUnits()).isZero();
    assertThat(s.isFinished()).isFalse();
    s.unitDone("w1", 0);
    s.unitDone("w1", 1);
    assertThat(s.assign("w1", Integer.MAX_VALUE)).isEmpty();
    assertThat(s.isFinished()).isTrue();
  }

  @Test
  void reportingAUnitNotHeldIsAnError() {
    LoadClassScheduler s = byTests(1);
    s.workerReady("w1");
    assertThatThrownBy(() -> s.unitDone("w1", 0)).hasMessageContaining("did not hold");
  }

  @Test
  void everyUnitRunsExactlyOnceEvenWhenWorkersAreLost() {
    for (long seed = 1; seed <= 20; seed++) {
      Units u = Units.random(seed, 60);
      Simulation sim =
          new Simulation(new LoadClassScheduler(u.units, u.trueCost(), 4), u::truth)
              .ready("w1", "w2", "w3", "w4");
      sim.runUntil(u.total() / 12).lose("w2").runUntil(u.total() / 6).ready("w2").lose("w4");
      sim.runToEnd();

      sim.assertFinished();
      assertThat(sim.nodesDone())
          .as("seed %d", seed)
          .containsExactlyInAnyOrderElementsOf(u.nodes());
      assertThat(sim.maxHeld()).isLessThanOrEqualTo(Prefetch.DEPTH);
      List<Integer> sentIds = ids(sim.sent().stream().map(Simulation.Sent::unit).toList());
      List<Integer> requeued = new ArrayList<>();
      sim.lost().forEach(l -> requeued.addAll(ids(l.requeued())));
      // A unit is sent twice only if a lost worker gave it back unstarted.
      assertThat(sentIds.stream().filter(id -> sentIds.indexOf(id) != sentIds.lastIndexOf(id)))
          .allMatch(requeued::contains);
    }
  }
}
