package dev.jxdist.coordinator.history;

import dev.jxdist.common.model.TestNode;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.scheduler.UnitCost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The cost of a unit in seconds, from the {@link DurationHistory} of earlier runs of the agreed
 * plan, or what an earlier {@code mvn test} reported ({@link SurefireTimes}) where jxdist never
 * measured the unit:
 *
 * <ol>
 *   <li>a class unit (one top-level class) costs its class's recorded time, when there is one;
 *   <li>else, the sum of its tests' recorded times (a parameterized test's, the sum of its recorded
 *       invocations), tests with none counted at the median test time, if any of them is known;
 *   <li>else, for a class unit, the class's time in Surefire's report;
 *   <li>else the median of the costs of the plan's class units that are known: unknown units are
 *       assumed to take the median.
 * </ol>
 *
 * <p>When no class unit of the plan is known at all (a first run, and no Surefire reports), the
 * cost is the unit's number of tests, exactly as {@link UnitCost#byTestCount()}, so a run without
 * history is scheduled as it always was; {@link #estimates()} is then empty, since test counts are
 * not seconds.
 *
 * <p>Not thread-safe: built and used by the session thread.
 */
public final class HistoryCost implements UnitCost {

  private final DurationHistory history;
  private final SurefireTimes surefire;
  private final TestPlanIndex plan;
  private final double medianTest;
  private final boolean known;
  private final double medianUnit;

  /**
   * The costs of {@code plan}'s units according to {@code history}, and to {@code surefire} for the
   * classes the history does not know.
   */
  public HistoryCost(DurationHistory history, SurefireTimes surefire, TestPlanIndex plan) {
    this.history = history;
    this.surefire = surefire;
    this.plan = plan;
    List<Double> tests = new ArrayList<>();
    for (TestNode n : plan.planNodes()) {
      if (n.type().isTest()) {
        history.seconds(n.uniqueId()).ifPresent(tests::add);
      } else if (TestPlanIndex.isTemplate(n)) {
        tests.addAll(history.below(n.uniqueId()).values());
      }
    }
    this.medianTest = median(tests).orElse(0);
    List<Double> units = new ArrayList<>();
    for (WorkUnit unit : plan.unitsByTopLevelClass()) {
      recorded(unit).ifPresent(units::add);
    }
    this.known = !units.isEmpty();
    this.medianUnit = median(units).orElse(0);
  }

  /** True when some unit of the plan has a recorded time: costs are seconds. */
  public boolean known() {
    return known;
  }

  /** This cost as an estimate in seconds, or empty when nothing of the plan is known. */
  public Optional<UnitCost> estimates() {
    return known ? Optional.of(this) : Optional.empty();
  }

  @Override
  public double seconds(WorkUnit unit) {
    if (!known) {
      return unit.testCount();
    }
    return recorded(unit).orElse(medianUnit);
  }

  /**
   * The unit's cost from its class's or its tests' records, else from Surefire's report of its
   * class, if any of them is known.
   */
  private OptionalDouble recorded(WorkUnit unit) {
    Optional<TestNode> cls = plan.classOf(unit);
    if (cls.isPresent()) {
      OptionalDouble classTime = history.seconds(cls.get().uniqueId());
      if (classTime.isPresent()) {
        return classTime;
      }
    }
    TestSum sum = new TestSum();
    for (int index : unit.nodeIndices()) {
      if (index >= 0 && index < plan.planNodes().size()) {
        sum.add(plan.planNodes().get(index));
      }
    }
    if (sum.knownTests > 0) {
      return OptionalDouble.of(sum.seconds + sum.unknownTests * medianTest);
    }
    return cls.isPresent() ? surefire.seconds(cls.get().className()) : OptionalDouble.empty();
  }

  /** The recorded times of the tests below some nodes, and how many tests have none. */
  private final class TestSum {
    double seconds;
    int knownTests;
    int unknownTests;

    void add(TestNode node) {
      if (node.type().isTest()) {
        OptionalDouble s = history.seconds(node.uniqueId());
        if (s.isPresent()) {
          seconds += s.getAsDouble();
          knownTests++;
        } else {
          unknownTests++;
        }
      } else if (TestPlanIndex.isTemplate(node)) {
        // Its invocations only exist once it runs: earlier runs recorded them below its id.
        Map<String, Double> invocations = history.below(node.uniqueId());
        if (invocations.isEmpty()) {
          unknownTests++;
        } else {
          invocations.values().forEach(s -> seconds += s);
          knownTests += invocations.size();
        }
      } else {
        for (String child : plan.children(node.uniqueId())) {
          plan.node(child).ifPresent(this::add);
        }
      }
    }
  }

  /** The median of {@code values}, empty for none. */
  static OptionalDouble median(List<Double> values) {
    if (values.isEmpty()) {
      return OptionalDouble.empty();
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int mid = sorted.size() / 2;
    return OptionalDouble.of(
        sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2);
  }
}
