package dev.jxdist.coordinator.scheduler;

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

  static List<Integer> ids(List<WorkUnit> units) {
    return units.stream().map(WorkUnit::unitId).toList();
  }

  @Test
  void largestClassesGoFirstAndEachWorkerPrefetchesTwoWhileWorkIsPlentiful() {
    LoadClassScheduler s = new LoadClassScheduler(units(1, 5, 3, 2, 4, 1, 1, 1));
    s.workerReady("w1");
    s.workerReady("w2");

    assertThat(ids(s.assign("w1", Integer.MAX_VALUE))).containsExactly(1, 4);
    assertThat(ids(s.assign("w2", Integer.MAX_VALUE))).containsExactly(2, 3);
    assertThat(s.assign("w1", Integer.MAX_VALUE)).isEmpty();
  }

  @Test
  void aCostOrdersTheUnitsCostliestFirstAndPlanOrderAmongEquals() {
    double[] seconds = {0.5, 9.0, 0.5, 3.0, 0.5};
    LoadClassScheduler s =
        new LoadClassScheduler(units(1, 1, 1, 1, 1), u -> seconds[u.unitId()]);

    assertThat(handOutOrder(s)).containsExactly(1, 3, 0, 2, 4);
  }

  /** The order one worker gets every unit of {@code s} in, one at a time. */
  static List<Integer> handOutOrder(LoadClassScheduler s) {
    s.workerReady("w1");
    List<Integer> order = new ArrayList<>();
    while (!s.isFinished()) {
      List<WorkUnit> got = s.assign("w1", 1);
      order.addAll(ids(got));
      s.unitDone("w1", got.get(0).unitId());
    }
    return order;
  }

  @Test
  void byTestCountIsTheDefaultCost() {
    List<WorkUnit> units = units(2, 7, 4);

    assertThat(handOutOrder(new LoadClassScheduler(units))).containsExactly(1, 2, 0);
    assertThat(handOutOrder(new LoadClassScheduler(units, UnitCost.byTestCount())))
        .containsExactly(1, 2, 0);
  }

  @Test
  void theTailIsHandedOutOneAtATime() {
    LoadClassScheduler s = new LoadClassScheduler(units(3, 2, 1));
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
  void aLostWorkersQueuedUnitsGoBackToTheFrontButNotTheOneItWasRunning() {
    LoadClassScheduler s = new LoadClassScheduler(units(9, 8, 7, 6, 5, 4));
    s.workerReady("w1");
    s.workerReady("w2");
    s.assign("w1", Integer.MAX_VALUE); // 0, 1
    s.assign("w2", Integer.MAX_VALUE); // 2, 3

    List<WorkUnit> back = s.workerLost("w1", 0);

    assertThat(ids(back)).containsExactly(1);
    assertThat(s.pendingUnits()).isEqualTo(3);
    s.unitDone("w2", 2);
    assertThat(ids(s.assign("w2", Integer.MAX_VALUE))).containsExactly(1);
  }

  @Test
  void reportingAUnitNotHeldIsAnError() {
    LoadClassScheduler s = new LoadClassScheduler(units(1));
    s.workerReady("w1");
    assertThatThrownBy(() -> s.unitDone("w1", 0)).hasMessageContaining("did not hold");
  }
}
