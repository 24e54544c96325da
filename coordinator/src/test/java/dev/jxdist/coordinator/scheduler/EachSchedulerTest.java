package dev.jxdist.coordinator.scheduler;

import static dev.jxdist.coordinator.scheduler.Units.ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class EachSchedulerTest {

  @Test
  void everyWorkerRunsEveryUnitOnceLongestFirst() {
    Units u = Units.ofSeconds(1, 3, 2, 5, 4);
    Simulation sim =
        new Simulation(new EachScheduler(u.units, u.trueCost()), u::truth).ready("w1", "w2", "w3");

    sim.runToEnd();

    sim.assertFinished();
    for (String w : List.of("w1", "w2", "w3")) {
      assertThat(ids(sim.doneBy(w))).as(w).containsExactly(3, 4, 1, 2, 0);
    }
    assertThat(sim.maxHeld()).isEqualTo(Prefetch.DEPTH);
    assertThat(sim.makespan()).isEqualTo(15.0);
  }

  @Test
  void finishedWhenEveryWorkerThatCameIsDoneOrLostAndALostOnesRestIsAbandoned() {
    Units u = Units.ofSeconds(3, 2, 1);
    EachScheduler s = new EachScheduler(u.units, u.trueCost());
    assertThat(s.isFinished()).as("no one has run anything yet").isFalse();
    s.workerReady("w1");
    s.workerReady("w2");
    List<WorkUnit> w1 = s.assign("w1", Integer.MAX_VALUE);
    List<WorkUnit> w2 = s.assign("w2", Integer.MAX_VALUE);
    assertThat(ids(w1)).containsExactly(0, 1);
    w1.forEach(x -> s.unitDone("w1", x.unitId()));
    assertThat(ids(s.assign("w1", Integer.MAX_VALUE))).containsExactly(2);
    s.unitDone("w1", 2);
    assertThat(s.isFinished()).isFalse();

    LostWork lost = s.workerLost("w2", w2.get(0).unitId());

    assertThat(lost.requeued()).isEmpty();
    assertThat(ids(lost.abandoned())).containsExactly(1, 2);
    assertThat(s.requeue(w2.get(0))).isFalse();
    assertThat(s.isFinished()).isTrue();
    s.workerReady("w2");
    assertThat(s.assign("w2", Integer.MAX_VALUE)).as("a lost slot starts nothing over").isEmpty();
  }

  @Test
  void drainDropsEveryWorkersListAndLaterWorkersGetNothing() {
    Units u = Units.ofSeconds(3, 2, 1);
    EachScheduler s = new EachScheduler(u.units, u.trueCost());
    s.workerReady("w1");
    s.workerReady("w2");
    s.assign("w1", Integer.MAX_VALUE);

    List<WorkUnit> dropped = s.drainPending();

    assertThat(ids(dropped)).containsExactlyInAnyOrder(2, 0, 1, 2);
    s.workerReady("w3");
    assertThat(s.assign("w3", Integer.MAX_VALUE)).isEmpty();
    assertThat(s.assign("w2", Integer.MAX_VALUE)).isEmpty();
    s.unitDone("w1", 0);
    s.unitDone("w1", 1);
    assertThat(s.isFinished()).isTrue();
  }
}
