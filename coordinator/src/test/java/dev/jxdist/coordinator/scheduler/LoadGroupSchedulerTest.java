package dev.jxdist.coordinator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.plan.PlanFixture;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadGroupSchedulerTest {

  static final String DB = TestPlanIndex.GROUP_TAG + "db";
  static final String IO = TestPlanIndex.GROUP_TAG + "io";

  @Test
  void aGroupsTestsRunInOneLauncherCallOnOneWorkerAndEverythingRunsOnce() {
    PlanFixture f = new PlanFixture();
    for (int c = 0; c < 8; c++) {
      String cls = "a.C" + c;
      f.cls(cls).test(cls, "plain").test(cls, "db", DB).test(cls, "io", IO);
    }
    f.taggedCls("a.AllIo", IO, "x", "y").cls("a.Free", "f1", "f2");
    TestPlanIndex plan = f.index();
    PlanTruth truth = new PlanTruth(plan);
    Simulation sim =
        new Simulation(LoadGroupScheduler.of(plan, truth.trueCost(), 3), truth::truth)
            .ready("w1", "w2", "w3");

    sim.runToEnd();

    sim.assertFinished();
    List<String> ran = new ArrayList<>();
    sim.done().forEach(d -> ran.addAll(truth.testsOf(d.unit())));
    assertThat(ran).containsExactlyInAnyOrderElementsOf(truth.allTests());
    assertThat(sim.done())
        .filteredOn(d -> d.unit().label().equals("group db"))
        .singleElement()
        .satisfies(
            d ->
                assertThat(truth.testsOf(d.unit()))
                    .hasSize(8)
                    .allMatch(id -> id.endsWith("[method:db()]")));
    assertThat(sim.done())
        .filteredOn(d -> d.unit().label().equals("group io"))
        .singleElement()
        .satisfies(d -> assertThat(d.unit().testCount()).isEqualTo(10));
    // The groups are the longest units: they go first.
    assertThat(sim.sent().subList(0, 2))
        .extracting(x -> x.unit().label())
        .containsExactly("group io", "group db");
  }
}
