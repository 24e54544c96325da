package dev.jxdist.coordinator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.report.RunListener;
import dev.jxdist.coordinator.testing.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StaffingTest {

  /** A first wave of every worker the run may have. */
  static final int ALL = Integer.MAX_VALUE;

  final ManualClock clock = new ManualClock();
  final List<String> started = new ArrayList<>();
  final List<String> failed = new ArrayList<>();
  final List<String> refused = new ArrayList<>();
  final SuiteRun alpha = Slots.suite("alpha");
  final SuiteRun beta = Slots.suite("beta");

  Staffing staffing;
  final List<String> notices = new ArrayList<>();

  Staffing staffing(int maxWorkers, boolean freshJvm) {
    return staffing(maxWorkers, freshJvm, 0);
  }

  Staffing staffing(int maxWorkers, boolean freshJvm, int restarts) {
    staffing =
        new Staffing(
            clock,
            new RunListener() {
              @Override
              public void notice(String message) {
                notices.add(message);
              }
            },
            maxWorkers,
            freshJvm,
            restarts,
            (slot, why) -> {
              failed.add(slot.id() + ": " + why);
              slot.lost(WorkerSlot.State.FAILED, why);
              staffing.lost(slot, false, Staffing.Loss.NEVER_STARTED, why, false);
            });
    return staffing;
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

    staffing.begin(starter(), List.of(alpha, beta), ALL);

    assertThat(started).containsExactly("w1 w1 alpha", "w2 w2 beta", "w3 w3 alpha");
    assertThat(staffing.active()).isEqualTo(3);
    assertThat(staffing.of(beta)).extracting(WorkerSlot::id).containsExactly("w2");
  }

  @Test
  void aFirstWaveOfFewerWorkersLeavesThePlacesUnusedUntilMoreAreWanted() {
    Staffing staffing = staffing(3, false);

    staffing.begin(starter(), List.of(alpha, beta), 1);
    // beta has no worker, and a place is free: but the run uses one worker.
    staffing.fill(List.of(alpha, beta));

    assertThat(started).containsExactly("w1 w1 alpha");
    assertThat(staffing.wanted()).isEqualTo(1);
    assertThat(staffing.places()).isEqualTo(1);

    staffing.want(2);
    staffing.fill(List.of(alpha, beta));
    assertThat(started).containsExactly("w1 w1 alpha", "w2 w2 beta");

    staffing.want(1); // never fewer
    assertThat(staffing.wanted()).isEqualTo(2);
    staffing.want(10); // never more than the run's
    assertThat(staffing.wanted()).isEqualTo(3);
  }

  @Test
  void aWorkerThatCannotStartIsReportedAndCostsItsPlace() {
    refused.add("w1");
    Staffing staffing = staffing(2, false);

    staffing.begin(starter(), List.of(alpha), ALL);

    assertThat(failed).containsExactly("w1: no java on this host");
    assertThat(started).containsExactly("w2 w1 alpha");
    assertThat(staffing.places()).isEqualTo(1);
    // The run has its one place filled: no new worker, though alpha (without a plan) needs one.
    staffing.fill(List.of(alpha));
    assertThat(started).hasSize(1);
  }

  /**
   * One place of one, or the one place used of three (a first wave of one): lost, no one is left.
   */
  @ParameterizedTest
  @CsvSource({"1, " + ALL, "3, 1"})
  void aLostWorkerIsNotReplacedAndNoOneIsLeftWhenEveryPlaceIsLost(int maxWorkers, int firstWave) {
    Staffing staffing = staffing(maxWorkers, false);
    staffing.begin(starter(), List.of(alpha), firstWave);
    WorkerSlot w1 = staffing.get("w1");

    w1.lost(WorkerSlot.State.CRASHED, "killed");
    staffing.lost(w1, false, Staffing.Loss.CRASHED, "killed", false);
    staffing.fill(List.of(alpha));

    assertThat(started).containsExactly("w1 w1 alpha");
    assertThat(staffing.allEnded()).isTrue();
    assertThat(staffing.noOneLeft()).isTrue();
  }

  @Test
  void aSuccessorTakesTheSlotOfAWorkerOnItsWayOut() {
    Staffing staffing = staffing(1, true);
    staffing.begin(starter(), List.of(alpha), ALL);
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
    staffing.begin(starter(), List.of(alpha), ALL);
    started.clear();
    staffing.get("w2").lost(WorkerSlot.State.CRASHED, "gone");
    staffing.get("w3").lost(WorkerSlot.State.CRASHED, "gone");

    // alpha has a worker already; beta has none and needs one.
    staffing.fill(List.of(alpha, beta));

    assertThat(started).containsExactly("w4 w2 beta");
  }

  /** Places by worker, as a manager would keep them; a dropped place takes no replacement. */
  final class PlacedStarter implements WorkerStarter {
    final java.util.Map<String, String> placeOf = new java.util.HashMap<>();
    final java.util.Set<String> dropped = new java.util.HashSet<>();
    final List<String> ended = new ArrayList<>();

    @Override
    public dev.jxdist.coordinator.manager.WorkerProcess start(
        String id, String slot, dev.jxdist.coordinator.config.SuiteSpec spec) {
      started.add(id + " " + slot + " " + spec.id());
      placeOf.put(id, "h1");
      return new FakeProcess(id);
    }

    @Override
    public Optional<dev.jxdist.coordinator.manager.WorkerProcess> replace(
        String predecessorId,
        String id,
        String slot,
        dev.jxdist.coordinator.config.SuiteSpec spec) {
      if (dropped.contains(placeOf.get(predecessorId))) {
        return Optional.empty(); // and no room elsewhere
      }
      return Optional.of(start(id, slot, spec));
    }

    @Override
    public Optional<String> dropPlaceOf(String workerId, String why) {
      return dropped.add(placeOf.get(workerId))
          ? Optional.of(placeOf.get(workerId))
          : Optional.empty();
    }

    @Override
    public void ended(String workerId) {
      ended.add(workerId);
    }
  }

  @Test
  void aLostWorkerIsReplacedInItsSlotUntilTheBudgetIsSpentThenItsPlaceIsLost() {
    Staffing staffing = staffing(1, false, 1);
    PlacedStarter starter = new PlacedStarter();
    staffing.begin(starter, List.of(alpha), ALL);
    WorkerSlot w1 = staffing.get("w1");

    w1.lost(WorkerSlot.State.CRASHED, "exit 3");
    staffing.lost(w1, false, Staffing.Loss.CRASHED, "exit 3", false);
    staffing.fill(List.of(alpha));

    assertThat(started).containsExactly("w1 w1 alpha", "w2 w1 alpha");
    assertThat(starter.ended).containsExactly("w1");
    assertThat(notices).contains("worker w2 replaces w1 in slot w1 (1 of 1 restarts)");
    assertThat(staffing.places()).isEqualTo(1);

    WorkerSlot w2 = staffing.get("w2");
    w2.lost(WorkerSlot.State.CRASHED, "exit 3");
    staffing.lost(w2, false, Staffing.Loss.CRASHED, "exit 3", false);
    staffing.fill(List.of(alpha));

    assertThat(started).hasSize(2);
    assertThat(staffing.places()).isZero();
    assertThat(staffing.noOneLeft()).isTrue();
    assertThat(notices)
        .contains(
            "no more replacements (--max-worker-restart 1 spent): the run goes on with the workers"
                + " it has");
  }

  @Test
  void aHostWhoseWorkersFallSilentTwiceInARowIsDroppedAndItsPlacesWithIt() {
    Staffing staffing = staffing(2, false, 3);
    PlacedStarter starter = new PlacedStarter();
    staffing.begin(starter, List.of(alpha), ALL);
    WorkerSlot w1 = staffing.get("w1");
    WorkerSlot w2 = staffing.get("w2");

    w1.lost(WorkerSlot.State.CRASHED, "silent");
    staffing.lost(w1, false, Staffing.Loss.SILENT, "it was silent for 10 s", false);
    assertThat(notices).isEmpty();
    w2.lost(WorkerSlot.State.CRASHED, "silent");
    staffing.lost(w2, false, Staffing.Loss.SILENT, "it was silent for 10 s", false);
    staffing.fill(List.of(alpha));

    assertThat(notices)
        .first()
        .isEqualTo(
            "host h1 dropped: 2 of its workers were lost in a row, the last w2: it was silent for"
                + " 10 s; its tests go to the other workers");
    assertThat(staffing.droppedHosts()).containsExactly("localhost");
    // No place is free elsewhere for their replacements: their places are lost.
    assertThat(started).hasSize(2);
    assertThat(staffing.places()).isZero();
    assertThat(notices)
        .contains(
            "no place is free for a replacement of w1: the run goes on with the workers it has");
  }

  @Test
  void aHostThatWorksBetweenTwoLossesIsKept() {
    Staffing staffing = staffing(2, false, 2);
    PlacedStarter starter = new PlacedStarter();
    staffing.begin(starter, List.of(alpha), ALL);
    WorkerSlot w1 = staffing.get("w1");
    w1.lost(WorkerSlot.State.CRASHED, "silent");
    staffing.lost(w1, false, Staffing.Loss.SILENT, "silent", false);
    Slots.connect(staffing.get("w2"), clock.instant());
    staffing.connected(staffing.get("w2"));
    WorkerSlot w2 = staffing.get("w2");
    w2.lost(WorkerSlot.State.CRASHED, "silent");
    staffing.lost(w2, false, Staffing.Loss.SILENT, "silent", false);

    assertThat(starter.dropped).isEmpty();
    staffing.fill(List.of(alpha));
    assertThat(started).containsExactly("w1 w1 alpha", "w2 w2 alpha", "w3 w1 alpha");
  }
}
