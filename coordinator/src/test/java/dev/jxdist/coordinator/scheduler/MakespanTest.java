package dev.jxdist.coordinator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.plan.PlanFixture;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Skewed suites, simulated on 6 workers: one class as long as ten others together, last in plan
 * order; and the skewed fixture of the end-to-end tests (30 classes of 0.1 to 6 s, longest last).
 * With true costs (history) the makespan must be within 5% of the lower bound, max(longest, total /
 * 6); by test count, which cannot tell the long classes from the others, they come last and the run
 * is clearly longer.
 */
class MakespanTest {

  static final int WORKERS = 6;
  static final String[] NAMES = {"w1", "w2", "w3", "w4", "w5", "w6"};

  static Units skewed() {
    Units u = new Units();
    for (int i = 0; i < 29; i++) {
      u.add(1.0, 3);
    }
    return u.add(10.0, 3);
  }

  static double lowerBound(Units u) {
    return Math.max(u.longest(), u.total() / WORKERS);
  }

  static double makespan(Scheduler s, Units u) {
    Simulation sim = new Simulation(s, u::truth).ready(NAMES);
    double makespan = sim.runToEnd();
    sim.assertFinished();
    assertThat(sim.nodesDone()).containsExactlyInAnyOrderElementsOf(u.nodes());
    return makespan;
  }

  static void check(String name, BiFunction<List<WorkUnit>, UnitCost, Scheduler> strategy) {
    check(name + ", one long class", skewed(), strategy);
    check(name + ", the skewed fixture", Units.skewedFixture(3), strategy);
  }

  static void check(
      String name, Units u, BiFunction<List<WorkUnit>, UnitCost, Scheduler> strategy) {
    double bound = lowerBound(u);
    double withHistory = makespan(strategy.apply(u.units, u.trueCost()), u);
    double byTests = makespan(strategy.apply(u.units, UnitCost.byTestCount()), u);
    System.out.printf(
        "%s: lower bound %.2f, with true costs %.2f (%.3f x), by test count %.2f (%.3f x)%n",
        name, bound, withHistory, withHistory / bound, byTests, byTests / bound);
    assertThat(withHistory).isLessThanOrEqualTo(1.05 * bound);
    assertThat(byTests).isGreaterThan(1.3 * bound);
  }

  @Test
  void loadclassWithHistoryComesWithinFivePercentOfTheBound() {
    check("loadclass", (units, cost) -> new LoadClassScheduler(units, cost, WORKERS));
  }

  @Test
  void workstealWithHistoryComesWithinFivePercentOfTheBound() {
    check("worksteal", (units, cost) -> new WorkStealScheduler(units, cost, WORKERS));
  }

  @Test
  void loadSplitsTheLongClassAndComesWithinFivePercentOfItsOwnBound() {
    PlanFixture f = new PlanFixture();
    for (int c = 0; c < 30; c++) {
      f.cls(String.format("a.C%02d", c), "t0", "t1", "t2");
    }
    TestPlanIndex plan = f.index();
    PlanTruth truth = new PlanTruth(plan);
    for (int t = 0; t < 3; t++) {
      truth.set(PlanFixture.methodId("a.C29", "t" + t), 10.0 / 3);
    }
    truth.allTests().stream()
        .filter(id -> !id.contains("a.C29"))
        .forEach(id -> truth.set(id, 1.0 / 3));
    // Single tests: the bound is max(longest test, total / 6).
    double bound = Math.max(10.0 / 3, 39.0 / WORKERS);
    Simulation sim =
        new Simulation(LoadScheduler.of(plan, truth.trueCost(), WORKERS), truth::truth);
    double load = sim.ready(NAMES).runToEnd();
    sim.assertFinished();
    System.out.printf(
        "load: lower bound %.2f, with true costs %.2f (%.3f x), %d launcher calls%n",
        bound, load, load / bound, sim.done().size());
    assertThat(load).isLessThanOrEqualTo(1.05 * bound);
  }

  @Test
  void randomSuitesWithHistoryStayCloseToTheBound() {
    double worstLoadclass = 0;
    double worstWorksteal = 0;
    for (long seed = 1; seed <= 30; seed++) {
      Units u = Units.random(seed, 80);
      double bound = lowerBound(u);
      double loadclass = makespan(new LoadClassScheduler(u.units, u.trueCost(), WORKERS), u);
      double worksteal = makespan(new WorkStealScheduler(u.units, u.trueCost(), WORKERS), u);
      assertThat(loadclass).as("loadclass, seed %d", seed).isLessThanOrEqualTo(1.05 * bound);
      assertThat(worksteal).as("worksteal, seed %d", seed).isLessThanOrEqualTo(1.05 * bound);
      worstLoadclass = Math.max(worstLoadclass, loadclass / bound);
      worstWorksteal = Math.max(worstWorksteal, worksteal / bound);
    }
    System.out.printf(
        "30 random suites of 80 classes: worst loadclass %.3f x, worst worksteal %.3f x the"
            + " bound%n",
        worstLoadclass, worstWorksteal);
  }
}
