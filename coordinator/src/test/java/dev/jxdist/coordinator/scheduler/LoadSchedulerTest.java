package dev.jxdist.coordinator.scheduler;

import static dev.jxdist.coordinator.scheduler.Units.ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.plan.PlanFixture;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LoadSchedulerTest {

  /** {@code classes} classes of {@code tests} tests each, named c0, c1, ... */
  static PlanFixture classes(int classes, int tests) {
    PlanFixture f = new PlanFixture();
    for (int c = 0; c < classes; c++) {
      String[] methods = new String[tests];
      for (int t = 0; t < tests; t++) {
        methods[t] = "t" + t;
      }
      f.cls("a.C" + c, methods);
    }
    return f;
  }

  static void assertEachTestOnceAndNoUnitMixesClasses(Simulation sim, PlanTruth truth) {
    List<String> ran = new ArrayList<>();
    for (Simulation.Done d : sim.done()) {
      List<String> tests = truth.testsOf(d.unit());
      assertThat(tests.stream().map(truth::classOf).distinct())
          .as("classes of %s", d.unit())
          .hasSize(1);
      ran.addAll(tests);
    }
    assertThat(ran).containsExactlyInAnyOrderElementsOf(truth.allTests());
  }

  @Test
  void earlyChunksAreWholeClassesInOneLauncherCallUnderTheFirstTestsId() {
    TestPlanIndex plan = classes(12, 5).index();
    LoadScheduler s = LoadScheduler.of(plan, UnitCost.byTestCount(), 2);
    s.workerReady("w1");

    WorkUnit first = s.assign("w1", 1).get(0);

    assertThat(first.testCount()).isEqualTo(5);
    assertThat(plan.uniqueIds(first))
        .containsExactly(
            PlanFixture.methodId("a.C0", "t0"),
            PlanFixture.methodId("a.C0", "t1"),
            PlanFixture.methodId("a.C0", "t2"),
            PlanFixture.methodId("a.C0", "t3"),
            PlanFixture.methodId("a.C0", "t4"));
    assertThat(first.unitId()).isEqualTo(plan.indexOf(PlanFixture.methodId("a.C0", "t0")));
    assertThat(first.label()).isEqualTo("a.C0");
  }

  @Test
  void theHeaviestClassGoesFirstAndTheTailIsSingleTests() {
    PlanFixture f = classes(3, 4).cls("a.Big", "b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7");
    TestPlanIndex plan = f.index();
    PlanTruth truth = new PlanTruth(plan);
    LoadScheduler s = LoadScheduler.of(plan, truth.trueCost(), 2);
    Simulation sim = new Simulation(s, truth::truth).ready("w1", "w2");

    sim.runToEnd();

    sim.assertFinished();
    assertEachTestOnceAndNoUnitMixesClasses(sim, truth);
    assertThat(sim.sent().get(0).unit().label()).isEqualTo("a.Big");
    List<Simulation.Sent> sent = sim.sent();
    assertThat(sent.subList(sent.size() - 4, sent.size()))
        .allSatisfy(x -> assertThat(x.unit().testCount()).isEqualTo(1));
    assertThat(sim.maxHeld()).isLessThanOrEqualTo(Prefetch.DEPTH);
    // 20 tests of 1 s on 2 workers: the chunks leave no worker idle at the end.
    assertThat(sim.makespan()).isEqualTo(10.0);
  }

  @Test
  void aClassThatMustStayWholeIsOneUnit() {
    TestPlanIndex plan =
        new PlanFixture()
            .cls("a.Split", "x", "y")
            .cls("a.Ordered", "o1", "o2", "o3")
            .index("a.Ordered");
    PlanTruth truth = new PlanTruth(plan);
    Simulation sim =
        new Simulation(LoadScheduler.of(plan, truth.trueCost(), 3), truth::truth)
            .ready("w1", "w2", "w3");

    sim.runToEnd();

    assertThat(sim.done())
        .filteredOn(d -> d.unit().label().equals("a.Ordered"))
        .singleElement()
        .satisfies(
            d ->
                assertThat(plan.uniqueIds(d.unit()))
                    .containsExactly(PlanFixture.classId("a.Ordered")));
    assertEachTestOnceAndNoUnitMixesClasses(sim, truth);
  }

  @Test
  void aLostWorkersChunksAreCutAgainAndEveryTestRunsOnce() {
    for (long seed = 1; seed <= 20; seed++) {
      Random r = new Random(seed);
      PlanFixture f =
          classes(8, 1 + r.nextInt(12)).cls("a.Whole", "w0", "w1").template("a.Whole", "p");
      TestPlanIndex plan = f.index("a.Whole");
      PlanTruth truth = new PlanTruth(plan);
      for (String t : truth.allTests()) {
        truth.set(t, 0.1 + 3 * r.nextDouble());
      }
      LoadScheduler s = LoadScheduler.of(plan, truth.trueCost(), 3);
      Simulation sim = new Simulation(s, truth::truth).ready("w1", "w2", "w3");
      sim.runUntil(2).lose("w1").runUntil(5).ready("w1").runUntil(7).lose("w3");

      sim.runToEnd();

      sim.assertFinished();
      assertEachTestOnceAndNoUnitMixesClasses(sim, truth);
      assertThat(sim.maxHeld()).isLessThanOrEqualTo(Prefetch.DEPTH);
    }
  }

  @Test
  void unitDoneOfAMergedUnitCompletesAllItsTests() {
    TestPlanIndex plan = classes(1, 6).index();
    LoadScheduler s = LoadScheduler.of(plan, UnitCost.byTestCount(), 1);
    s.workerReady("w1");
    WorkUnit chunk = s.assign("w1", 1).get(0);
    assertThat(chunk.testCount()).isEqualTo(3);

    s.unitDone("w1", chunk.unitId());

    assertThat(s.pendingUnits()).isEqualTo(3);
    List<WorkUnit> rest = s.assign("w1", Integer.MAX_VALUE);
    rest.forEach(u -> s.unitDone("w1", u.unitId()));
    while (!s.isFinished()) {
      s.assign("w1", Integer.MAX_VALUE).forEach(u -> s.unitDone("w1", u.unitId()));
    }
    assertThat(s.pendingUnits()).isZero();
  }

  @Test
  void drainDropsEveryWaitingTestAndARequeuedRestStaysWhole() {
    TestPlanIndex plan = classes(3, 4).index();
    LoadScheduler s = LoadScheduler.of(plan, UnitCost.byTestCount(), 1);
    s.workerReady("w1");
    WorkUnit rest = new WorkUnit(plan.firstFreeUnitId(), "a.C9", List.of(2, 3), 2);
    assertThat(s.requeue(rest)).isTrue();
    List<WorkUnit> sent = s.assign("w1", 1);

    List<WorkUnit> dropped = s.drainPending();

    assertThat(sent).singleElement().satisfies(u -> assertThat(u.label()).isEqualTo("a.C0"));
    assertThat(dropped).hasSize(4 + 4 + 1).contains(rest);
    assertThat(s.pendingUnits()).isZero();
    assertThat(s.assign("w1", Integer.MAX_VALUE)).isEmpty();
    s.unitDone("w1", sent.get(0).unitId());
    assertThat(s.isFinished()).isTrue();
    assertThat(ids(dropped)).doesNotHaveDuplicates();
  }
}
