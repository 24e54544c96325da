package dev.jxdist.coordinator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.coordinator.plan.PlanFixture;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import org.junit.jupiter.api.Test;

class DistributionTest {

  @Test
  void cliNamesRoundTripAndABadOneNamesTheValidOnes() {
    for (Distribution d : Distribution.values()) {
      assertThat(Distribution.fromCliName(d.cliName())).isSameAs(d);
    }
    assertThat(Distribution.names()).isEqualTo("loadclass, load, loadgroup, worksteal, each");
    assertThatThrownBy(() -> Distribution.fromCliName("loadfile"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--dist loadfile is not a distribution; use one of loadclass, load, loadgroup,"
                + " worksteal, each");
  }

  @Test
  void eachNameBuildsItsStrategyOverThePlan() {
    TestPlanIndex plan = new PlanFixture().cls("a.A", "x", "y").cls("a.B", "z").index();
    UnitCost cost = UnitCost.byTestCount();

    assertThat(Distribution.LOADCLASS.scheduler(plan, cost, 2))
        .isInstanceOf(LoadClassScheduler.class);
    assertThat(Distribution.LOAD.scheduler(plan, cost, 2)).isInstanceOf(LoadScheduler.class);
    assertThat(Distribution.LOADGROUP.scheduler(plan, cost, 2))
        .isInstanceOf(LoadGroupScheduler.class);
    assertThat(Distribution.WORKSTEAL.scheduler(plan, cost, 2))
        .isInstanceOf(WorkStealScheduler.class);
    assertThat(Distribution.EACH.scheduler(plan, cost, 2)).isInstanceOf(EachScheduler.class);
    Scheduler load = Distribution.LOAD.scheduler(plan, cost, 2);
    assertThat(load.pendingUnits()).as("single tests").isEqualTo(3);
  }
}
