package dev.jxdist.coordinator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.report.RunListener;
import dev.jxdist.coordinator.testing.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StaffingTest {

  final ManualClock clock = new ManualClock();
  final List<String> started = new ArrayList<>();
  final List<String> failed = new ArrayList<>();
  final List<String> refused = new ArrayList<>();
  final SuiteRun alpha = Slots.suite("alpha");
  final SuiteRun beta = Slots.suite("beta");

  Staffing staffing(int maxWorkers, boolean freshJvm) {
    return new Staffing(
        clock,
        new RunListener() {},
        maxWorkers,
        freshJvm,
        (slot, why) -> {
          failed.add(slot.id() + ": " + why);
          slot.lost(WorkerSlot.State.FAILED, why);
        });
  }

  WorkerStarter starter() {
    return (id, slot, spec) -> {
      if (refused.contains(id)) {
        throw new IllegalStateException("no java on this host");
      }
      started.add(id + " " + slot + " " + spec.id());
      return new FakeProcess(id);
    };
  }

  @Test
  void theFirstWorkersGoRoundRobinOverTheSuitesInTheLowestSlots() {
    Staffing staffing = staffing(3, false);

    staffing.begin(starter(), List.of(alpha, beta));

    assertThat(started).containsExactly("w1 w1 alpha", "w2 w2 beta", "w3 w3 alpha");
    assertThat(staffing.active()).isEqualTo(3);
    assertThat(staffing.of(beta)).extracting(WorkerSlot::id).containsExactly("w2");
  }

  @Test
  void aWorkerThatCannotStartIsReportedAndCostsItsPlace() {
    refused.add("w1");
    Staffing staffing = staffing(2, false);

    staffing.begin(starter(), List.of(alpha));
    staffing.lost();

    assertThat(failed).containsExactly("w1: no java on this host");
    assertThat(started).containsExactly("w2 w1 alpha");
    assertThat(staffing.places()).isEqualTo(1);
    // The run has its one place filled: no new worker, though alpha (without a plan) needs one.
    staffing.fill(List.of(alpha));
    assertThat(started).hasSize(1);
  }

  @Test
  void aLostWorkerIsNotReplacedAndNoOneIsLeftWhenEveryPlaceIsLost() {
    Staffing staffing = staffing(1, false);
    staffing.begin(starter(), List.of(alpha));
    WorkerSlot w1 = staffing.get("w1");

    w1.lost(WorkerSlot.State.CRASHED, "killed");
    staffing.lost();
    staffing.fill(List.of(alpha));

    assertThat(started).containsExactly("w1 w1 alpha");
    assertThat(staffing.allEnded()).isTrue();
    assertThat(staffing.noOneLeft()).isTrue();
  }

  @Test
  void aSuccessorTakesTheSlotOfAWorkerOnItsWayOut() {
    Staffing staffing = staffing(1, true);
    staffing.begin(starter(), List.of(alpha));
    WorkerSlot w1 = staffing.get("w1");
    Slots.connect(w1, clock.instant());
    w1.ready();

    w1.drain(Optional.empty(), true, clock.instant());
    staffing.fill(List.of(alpha));

    assertThat(started).containsExactly("w1 w1 alpha", "w2 w1 alpha");
    assertThat(staffing.takenOver(w1)).isTrue();
    assertThat(staffing.takenOver(staffing.get("w2"))).isFalse();
  }

  @Test
  void aSuiteWithoutPlanNeedsOneWorkerAndGetsNoSecond() {
    Staffing staffing = staffing(3, false);
    staffing.begin(starter(), List.of(alpha));
    started.clear();
    staffing.get("w2").lost(WorkerSlot.State.CRASHED, "gone");
    staffing.get("w3").lost(WorkerSlot.State.CRASHED, "gone");

    // alpha has a worker already; beta has none and needs one.
    staffing.fill(List.of(alpha, beta));

    assertThat(started).containsExactly("w4 w2 beta");
  }
}
