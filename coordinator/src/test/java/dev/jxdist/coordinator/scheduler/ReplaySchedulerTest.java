package dev.jxdist.coordinator.scheduler;

import static dev.jxdist.coordinator.scheduler.Units.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplaySchedulerTest {

  final Units u = Units.ofSeconds(1, 2, 3, 4, 5, 6);

  Map<String, List<WorkUnit>> recording() {
    Map<String, List<WorkUnit>> r = new LinkedHashMap<>();
    r.put("w1", List.of(u.units.get(0), u.units.get(4), u.units.get(2)));
    r.put("w2", List.of(u.units.get(5), u.units.get(1)));
    return r;
  }

  @Test
  void eachSlotRunsExactlyItsRecordedListInOrder() {
    ReplayScheduler s = new ReplayScheduler(recording());
    Simulation sim = new Simulation(s, u::truth).ready("w2", "w3");
    sim.runUntil(3);
    assertThat(s.isFinished()).as("w1 has not come yet").isFalse();
    sim.ready("w1");

    sim.runToEnd();

    sim.assertFinished();
    assertThat(ids(sim.doneBy("w1"))).containsExactly(0, 4, 2);
    assertThat(ids(sim.doneBy("w2"))).containsExactly(5, 1);
    assertThat(sim.doneBy("w3")).isEmpty();
    assertThat(s.slots()).containsExactly("w1", "w2");
    assertThat(sim.nodesDone()).doesNotContain(3);
  }

  @Test
  void aLostSlotsRestRunsNowhereButASlotLostBeforeItCameKeepsItsList() {
    ReplayScheduler s = new ReplayScheduler(recording());
    s.workerReady("w1");
    List<WorkUnit> w1 = s.assign("w1", Integer.MAX_VALUE);
    assertThat(s.workerLost("w2", -1)).isEqualTo(LostWork.none());

    LostWork lost = s.workerLost("w1", w1.get(0).unitId());

    assertThat(lost.requeued()).isEmpty();
    assertThat(ids(lost.abandoned())).containsExactly(4, 2);
    assertThat(s.requeue(w1.get(0))).isFalse();
    s.workerReady("w1");
    assertThat(s.assign("w1", Integer.MAX_VALUE)).isEmpty();
    s.workerReady("w2");
    assertThat(ids(s.assign("w2", Integer.MAX_VALUE))).containsExactly(5, 1);
  }

  @Test
  void drainEndsTheReplayEvenForSlotsThatNeverCame() {
    ReplayScheduler s = new ReplayScheduler(recording());
    s.workerReady("w1");
    List<WorkUnit> w1 = s.assign("w1", Integer.MAX_VALUE);

    assertThat(ids(s.drainPending())).containsExactly(2);
    w1.forEach(x -> s.unitDone("w1", x.unitId()));
    assertThat(s.isFinished()).isTrue();
  }

  @Test
  void aSlotCannotRunOneUnitIdTwice() {
    Map<String, List<WorkUnit>> r = Map.of("w1", List.of(u.units.get(0), u.units.get(0)));
    assertThatThrownBy(() -> new ReplayScheduler(r))
        .hasMessage("the replayed units of w1 have the id 0 twice");
  }
}
