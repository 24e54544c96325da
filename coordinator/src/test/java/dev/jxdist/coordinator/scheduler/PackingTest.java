package dev.jxdist.coordinator.scheduler;

import static dev.jxdist.coordinator.scheduler.Units.ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PackingTest {

  /** 200 classes of 10 tests, as bench/run.sh has them. */
  private static List<WorkUnit> benchSuite() {
    List<WorkUnit> out = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      out.add(new WorkUnit(i * 11 + 1, "C" + i, List.of(i * 11 + 1), 10));
    }
    return out;
  }

  /** Runs {@code s} to the end on {@code workers} workers taking turns; returns what each got. */
  private static List<WorkUnit> drain(Scheduler s, int workers) {
    List<WorkUnit> sent = new ArrayList<>();
    for (int w = 1; w <= workers; w++) {
      s.workerReady("w" + w);
    }
    while (!s.isFinished()) {
      for (int w = 1; w <= workers; w++) {
        List<WorkUnit> got = s.assign("w" + w, 1);
        for (WorkUnit u : got) {
          sent.add(u);
          s.unitDone("w" + w, u.unitId());
        }
      }
    }
    return sent;
  }

  @Test
  void withoutHistoryShortClassesGoOutPackedLargeFirstThenSmallerEveryClassOnce() {
    LoadClassScheduler s =
        new LoadClassScheduler(benchSuite(), UnitCost.byTestCount(), 2, Packing.of(false));

    List<WorkUnit> sent = drain(s, 2);

    assertThat(sent.size()).as("launcher calls for 200 classes").isBetween(10, 60);
    assertThat(sent.get(0).nodeIndices()).as("a worker's share of a quarter").hasSize(25);
    assertThat(sent.get(sent.size() - 1).nodeIndices()).as("the tail is fine-grained").hasSize(1);
    Set<Integer> nodes = new HashSet<>();
    int tests = 0;
    for (WorkUnit u : sent) {
      for (int n : u.nodeIndices()) {
        assertThat(nodes.add(n)).as("node %d sent once", n).isTrue();
      }
      tests += u.testCount();
    }
    assertThat(nodes).hasSize(200);
    assertThat(tests).isEqualTo(2000);
  }

  @Test
  void aPackIsNamedByItsFirstClassAndCarriesItsId() {
    LoadClassScheduler s =
        new LoadClassScheduler(benchSuite(), UnitCost.byTestCount(), 1, Packing.of(false));
    s.workerReady("w1");

    WorkUnit pack = s.assign("w1", 1).get(0);

    assertThat(pack.unitId()).isEqualTo(1);
    assertThat(pack.label()).isEqualTo("C0 and 49 more");
    assertThat(pack.testCount()).isEqualTo(500);
  }

  @Test
  void withHistoryLongClassesGoAloneAndAPackStaysUnderItsLimit() {
    // Two long classes, then 40 of 20 ms.
    double[] seconds = new double[42];
    seconds[0] = 3;
    seconds[1] = 2;
    for (int i = 2; i < seconds.length; i++) {
      seconds[i] = 0.02;
    }
    Units u = Units.ofSeconds(seconds);
    LoadClassScheduler s = new LoadClassScheduler(u.units, u.trueCost(), 2, Packing.of(true));

    List<WorkUnit> sent = drain(s, 2);

    assertThat(ids(sent.subList(0, 2))).containsExactly(0, 1);
    assertThat(sent.get(0).nodeIndices()).hasSize(1);
    for (WorkUnit w : sent) {
      assertThat(
              u.trueCost().seconds(w) <= Packing.MAX_PACK_SECONDS + 1e-9
                  || w.nodeIndices().size() == 1)
          .isTrue();
    }
    assertThat(sent.size()).as("40 short classes in fewer calls").isLessThan(30);
  }

  @Test
  void aLostWorkersPackGoesBackWholeAndRunsOnce() {
    LoadClassScheduler s =
        new LoadClassScheduler(benchSuite(), UnitCost.byTestCount(), 2, Packing.of(false));
    s.workerReady("w1");
    s.workerReady("w2");
    WorkUnit first = s.assign("w1", 1).get(0);
    assertThat(first.nodeIndices()).hasSizeGreaterThan(1);

    LostWork lost = s.workerLost("w1", -1);

    assertThat(lost.requeued()).containsExactly(first);
    List<WorkUnit> sent = drain(s, 2);
    Set<Integer> nodes = new HashSet<>();
    for (WorkUnit w : sent) {
      for (int n : w.nodeIndices()) {
        assertThat(nodes.add(n)).as("node %d sent once", n).isTrue();
      }
    }
    assertThat(nodes).hasSize(200);
  }

  @Test
  void noPackingSendsEveryClassAlone() {
    LoadClassScheduler s =
        new LoadClassScheduler(benchSuite(), UnitCost.byTestCount(), 2, Packing.NONE);

    assertThat(drain(s, 2)).hasSize(200).allMatch(w -> w.nodeIndices().size() == 1);
  }

  @Test
  void noPackingSendsAloneEvenClassesWhoseEstimateIsZero() {
    // Classes whose every test is disabled: their Surefire reports time them at 0 s.
    Units u = Units.ofSeconds(2, 1, 0, 0, 0);
    LoadClassScheduler s = new LoadClassScheduler(u.units, u.trueCost(), 1, Packing.NONE);

    assertThat(drain(s, 1)).hasSize(5).allMatch(w -> w.nodeIndices().size() == 1);
  }
}
