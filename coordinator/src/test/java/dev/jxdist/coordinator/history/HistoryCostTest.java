package dev.jxdist.coordinator.history;

import static dev.jxdist.coordinator.history.DurationHistoryTest.measured;
import static dev.jxdist.coordinator.plan.PlanFixture.classId;
import static dev.jxdist.coordinator.plan.PlanFixture.methodId;
import static dev.jxdist.coordinator.plan.PlanFixture.templateId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jxdist.coordinator.plan.PlanFixture;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.scheduler.LoadClassScheduler;
import dev.jxdist.coordinator.scheduler.UnitCost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCostTest {

  @TempDir Path dir;

  /** Five classes of 1, 4, 2, 3 and 1 tests. */
  static TestPlanIndex plan() {
    return new PlanFixture()
        .cls("a.A", "a1")
        .cls("a.B", "b1", "b2", "b3", "b4")
        .cls("a.C", "c1", "c2")
        .cls("a.D", "d1", "d2", "d3")
        .cls("a.E", "e1")
        .index();
  }

  DurationHistory history(Map<String, Double> measured) {
    DurationHistory history = DurationHistory.load(dir.resolve("durations.json"));
    if (!measured.isEmpty()) {
      history.record(measured);
    }
    return history;
  }

  static WorkUnit unit(TestPlanIndex plan, String cls) {
    return plan.unitsByTopLevelClass().stream()
        .filter(u -> u.label().equals(cls))
        .findFirst()
        .orElseThrow();
  }

  /** The order one worker gets the plan's class units in. */
  static List<String> order(TestPlanIndex plan, UnitCost cost) {
    LoadClassScheduler s = new LoadClassScheduler(plan.unitsByTopLevelClass(), cost, 1);
    s.workerReady("w1");
    List<String> out = new ArrayList<>();
    while (!s.isFinished()) {
      WorkUnit u = s.assign("w1", 1).get(0);
      out.add(u.label());
      s.unitDone("w1", u.unitId());
    }
    return out;
  }

  @Test
  void withoutHistoryTheCostIsTheTestCountAndThereIsNoEstimate() {
    TestPlanIndex plan = plan();
    HistoryCost cost = new HistoryCost(history(Map.of()), SurefireTimes.none(), plan);

    assertThat(cost.known()).isFalse();
    assertThat(cost.estimates()).isEmpty();
    for (WorkUnit u : plan.unitsByTopLevelClass()) {
      assertThat(cost.seconds(u)).isEqualTo(u.testCount());
    }
    assertThat(order(plan, cost))
        .isEqualTo(order(plan, UnitCost.byTestCount()))
        .containsExactly("a.B", "a.D", "a.C", "a.A", "a.E");
  }

  @Test
  void historyOfOtherTestsOnlyIsNoHistoryForThisPlan() {
    TestPlanIndex plan = plan();
    HistoryCost cost =
        new HistoryCost(
            history(measured(classId("z.Gone"), 99.0, methodId("z.Gone", "x"), 9.0)),
            SurefireTimes.none(),
            plan);

    assertThat(cost.known()).isFalse();
    assertThat(order(plan, cost)).containsExactly("a.B", "a.D", "a.C", "a.A", "a.E");
  }

  @Test
  void aClassCostsItsRecordedTimeElseItsTestsElseTheMedianOfTheKnownClasses() {
    TestPlanIndex plan = plan();
    HistoryCost cost =
        new HistoryCost(
            history(
                measured(
                    classId("a.A"), 10.0,
                    methodId("a.A", "a1"), 9.5,
                    // a.B: no class time, all four tests known.
                    methodId("a.B", "b1"), 0.5,
                    methodId("a.B", "b2"), 0.5,
                    methodId("a.B", "b3"), 1.0,
                    methodId("a.B", "b4"), 2.0,
                    // a.C: one of two tests known; the other counts at the median test time.
                    methodId("a.C", "c1"), 3.0)),
            SurefireTimes.none(),
            plan);

    assertThat(cost.known()).isTrue();
    assertThat(cost.estimates()).containsSame(cost);
    assertThat(cost.seconds(unit(plan, "a.A"))).isEqualTo(10.0);
    assertThat(cost.seconds(unit(plan, "a.B"))).isCloseTo(4.0, within(1e-9));
    // Known tests: 9.5, 0.5, 0.5, 1.0, 2.0, 3.0: median 1.5.
    assertThat(cost.seconds(unit(plan, "a.C"))).isCloseTo(3.0 + 1.5, within(1e-9));
    // a.D and a.E are unknown: the median of 10, 4 and 4.5.
    assertThat(cost.seconds(unit(plan, "a.D"))).isCloseTo(4.5, within(1e-9));
    assertThat(cost.seconds(unit(plan, "a.E"))).isCloseTo(4.5, within(1e-9));
    // Longest first; unknown classes at the median, in plan order among equals.
    assertThat(order(plan, cost)).containsExactly("a.A", "a.C", "a.D", "a.E", "a.B");
  }

  @Test
  void theMedianOfAnEvenNumberOfKnownClassesIsTheMeanOfTheMiddleTwo() {
    TestPlanIndex plan = plan();
    HistoryCost cost =
        new HistoryCost(
            history(
                measured(
                    classId("a.A"),
                    1.0,
                    classId("a.B"),
                    2.0,
                    classId("a.C"),
                    6.0,
                    classId("a.D"),
                    100.0)),
            SurefireTimes.none(),
            plan);

    assertThat(cost.seconds(unit(plan, "a.E"))).isEqualTo(4.0);
  }

  @Test
  void aParameterizedTestCostsItsRecordedInvocations() {
    TestPlanIndex plan = new PlanFixture().cls("a.P").template("a.P", "v").cls("a.Q", "q1").index();
    String template = templateId("a.P", "v");
    HistoryCost cost =
        new HistoryCost(
            history(
                measured(
                    template + "/[test-template-invocation:#1]",
                    1.0,
                    template + "/[test-template-invocation:#2]",
                    2.5,
                    methodId("a.Q", "q1"),
                    0.5)),
            SurefireTimes.none(),
            plan);

    assertThat(cost.seconds(unit(plan, "a.P"))).isCloseTo(3.5, within(1e-9));
    assertThat(cost.seconds(unit(plan, "a.Q"))).isEqualTo(0.5);
  }

  @Test
  void unitsOfSingleTestsCostTheirTestsAndUnknownOnesTheMedianClass() {
    TestPlanIndex plan = plan();
    HistoryCost cost =
        new HistoryCost(
            history(
                measured(
                    classId("a.B"), 9.0,
                    methodId("a.B", "b1"), 1.0,
                    methodId("a.B", "b2"), 2.0,
                    classId("a.C"), 3.0)),
            SurefireTimes.none(),
            plan);
    int b1 = plan.indexOf(methodId("a.B", "b1"));
    int b2 = plan.indexOf(methodId("a.B", "b2"));
    int e1 = plan.indexOf(methodId("a.E", "e1"));

    assertThat(cost.seconds(new WorkUnit(50, "a.B", List.of(b1), 1))).isEqualTo(1.0);
    assertThat(cost.seconds(new WorkUnit(51, "a.B", List.of(b1, b2), 2))).isEqualTo(3.0);
    // Nothing known of e1: the median of the known classes (9 and 3).
    assertThat(cost.seconds(new WorkUnit(52, "a.E", List.of(e1), 1))).isEqualTo(6.0);
  }

  /** Surefire reports in {@code dir}/surefire-reports, seconds by class name. */
  SurefireTimes surefire(Map<String, Double> seconds) throws IOException {
    Path reports = Files.createDirectories(dir.resolve("surefire-reports"));
    for (Map.Entry<String, Double> e : seconds.entrySet()) {
      Files.writeString(
          reports.resolve("TEST-" + e.getKey() + ".xml"),
          SurefireTimesTest.suite(e.getKey(), Double.toString(e.getValue())));
    }
    return SurefireTimes.in(reports);
  }

  @Test
  void withoutHistoryTheClassesSurefireReportedCostTheirTimesThere() throws IOException {
    TestPlanIndex plan = plan();
    HistoryCost cost =
        new HistoryCost(
            history(Map.of()), surefire(Map.of("a.E", 7.0, "a.A", 3.0, "a.B", 0.5)), plan);

    assertThat(cost.known()).isTrue();
    assertThat(cost.estimates()).containsSame(cost);
    assertThat(cost.seconds(unit(plan, "a.E"))).isEqualTo(7.0);
    // a.C and a.D were not reported: the median of 7, 3 and 0.5.
    assertThat(cost.seconds(unit(plan, "a.C"))).isEqualTo(3.0);
    assertThat(order(plan, cost)).containsExactly("a.E", "a.A", "a.C", "a.D", "a.B");
  }

  @Test
  void whatJxdistMeasuredOutweighsSurefiresReport() throws IOException {
    TestPlanIndex plan = plan();
    HistoryCost cost =
        new HistoryCost(
            history(measured(classId("a.A"), 1.0, methodId("a.B", "b1"), 2.0)),
            surefire(Map.of("a.A", 50.0, "a.B", 60.0, "a.C", 4.0)),
            plan);

    assertThat(cost.seconds(unit(plan, "a.A"))).isEqualTo(1.0);
    // One of a.B's tests is known: its other three count at the median test time (2.0).
    assertThat(cost.seconds(unit(plan, "a.B"))).isEqualTo(8.0);
    assertThat(cost.seconds(unit(plan, "a.C"))).isEqualTo(4.0);
  }

  @Test
  void medianOfNothingIsEmpty() {
    assertThat(HistoryCost.median(List.of())).isEmpty();
    assertThat(HistoryCost.median(List.of(3.0, 1.0, 2.0))).hasValue(2.0);
  }
}
