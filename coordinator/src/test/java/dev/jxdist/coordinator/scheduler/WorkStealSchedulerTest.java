package dev.jxdist.coordinator.scheduler;

import static dev.jxdist.coordinator.scheduler.Units.ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkStealSchedulerTest {

  @Test
  void sharesAreCutEvenlyByCostUpFrontAndEachRunsLongestFirst() {
    Units u = Units.ofSeconds(8, 7, 6, 5, 4, 3, 2, 1);
    WorkStealScheduler s = new WorkStealScheduler(u.units, u.trueCost(), 2);
    s.workerReady("w1");
    s.workerReady("w2");

    // Shares by longest-processing-time: w1 {8, 5, 4, 1}, w2 {7, 6, 3, 2}: 18 s each.
    assertThat(ids(s.assign("w1", Integer.MAX_VALUE))).as("w2 has nothing yet").containsExactly(0);
    assertThat(ids(s.assign("w2", Integer.MAX_VALUE))).containsExactly(1, 2);
    s.unitDone("w1", 0);
    assertThat(ids(s.assign("w1", Integer.MAX_VALUE))).containsExactly(3, 4);
    s.unitDone("w2", 1);
    assertThat(s.assign("w2", Integer.MAX_VALUE)).as("tail: 3 units wait for 2 workers").isEmpty();
    s.unitDone("w2", 2);
    assertThat(ids(s.assign("w2", Integer.MAX_VALUE))).containsExactly(5);
  }

  @Test
  void aWorkerThatRunsDryStealsHalfByCostOfWhatTheMostLoadedShareHasNotBeenSent() {
    // Two shares: {6, 3, 3, 1, 1} (14) and {5, 4, 2, 2, 1} (14).
    Units u = Units.ofSeconds(6, 5, 4, 3, 3, 2, 2, 1, 1, 1);
    WorkStealScheduler s = new WorkStealScheduler(u.units, u.trueCost(), 2);
    s.workerReady("w1"); // the second expected worker never comes
    List<WorkUnit> ran = new ArrayList<>();
    for (List<WorkUnit> got = s.assign("w1", 1); !got.isEmpty(); got = s.assign("w1", 1)) {
      ran.addAll(got);
      s.unitDone("w1", got.get(0).unitId());
      if (ran.size() == 5) {
        // Its own share is done; the other one is untouched.
        assertThat(s.pendingUnits()).isEqualTo(5);
      }
    }

    // Steals: {5, 2} (half of 14: the largest that fit), {2, 1} (half of 7), then {4} (none fits
    // in half of 4: the smallest one).
    assertThat(ran)
        .extracting(w -> u.truth(w))
        .containsExactly(6.0, 3.0, 3.0, 1.0, 1.0, 5.0, 2.0, 2.0, 1.0, 4.0);
    assertThat(ids(ran)).doesNotHaveDuplicates().hasSize(10);
    assertThat(s.isFinished()).isTrue();
  }

  @Test
  void stealsNeverDuplicateAndLostOrMissingWorkersSharesAreRunOnce() {
    for (long seed = 1; seed <= 25; seed++) {
      Units u = Units.random(seed, 70);
      // Five shares, four workers come, one of them is lost and comes back, another is lost.
      WorkStealScheduler s = new WorkStealScheduler(u.units, u.trueCost(), 5);
      Simulation sim = new Simulation(s, u::truth).ready("w1", "w2", "w3", "w4");
      sim.runUntil(u.total() / 20).lose("w2").runUntil(u.total() / 10).ready("w2").lose("w3");

      sim.runToEnd();

      sim.assertFinished();
      assertThat(sim.nodesDone())
          .as("seed %d", seed)
          .containsExactlyInAnyOrderElementsOf(u.nodes());
      assertThat(sim.maxHeld()).isLessThanOrEqualTo(Prefetch.DEPTH);
      List<Integer> sentIds = ids(sim.sent().stream().map(Simulation.Sent::unit).toList());
      List<Integer> givenBack = new ArrayList<>();
      sim.lost().forEach(l -> givenBack.addAll(ids(l.requeued())));
      assertThat(sentIds.stream().filter(id -> sentIds.indexOf(id) != sentIds.lastIndexOf(id)))
          .as("sent twice only after a lost worker gave it back, seed %d", seed)
          .allMatch(givenBack::contains);
    }
  }

  @Test
  void aSlotThatComesBackTakesItsShareAgain() {
    Units u = Units.ofSeconds(4, 4, 3, 3, 2, 2, 1, 1);
    WorkStealScheduler s = new WorkStealScheduler(u.units, u.trueCost(), 2);
    s.workerReady("w1");
    s.workerReady("w2");
    s.assign("w1", Integer.MAX_VALUE);
    List<WorkUnit> w2had = s.assign("w2", Integer.MAX_VALUE);

    LostWork lost = s.workerLost("w2", w2had.get(0).unitId());
    s.workerReady("w2");

    assertThat(lost.requeued()).containsExactly(w2had.get(1));
    assertThat(lost.abandoned()).isEmpty();
    assertThat(s.assign("w2", Integer.MAX_VALUE)).startsWith(w2had.get(1));
  }

  @Test
  void drainDropsEveryShareIncludingThoseOfWorkersThatNeverCame() {
    Units u = Units.ofSeconds(5, 4, 3, 2, 1, 1);
    WorkStealScheduler s = new WorkStealScheduler(u.units, u.trueCost(), 3);
    s.workerReady("w1");
    List<WorkUnit> sent = s.assign("w1", Integer.MAX_VALUE);

    List<WorkUnit> dropped = s.drainPending();

    assertThat(ids(dropped)).hasSize(6 - sent.size()).doesNotContainAnyElementsOf(ids(sent));
    assertThat(s.pendingUnits()).isZero();
    sent.forEach(x -> s.unitDone("w1", x.unitId()));
    assertThat(s.assign("w1", Integer.MAX_VALUE)).isEmpty();
    assertThat(s.isFinished()).isTrue();
  }
}
