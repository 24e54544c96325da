package dev.jxdist.coordinator.scheduler;

import dev.jxdist.common.model.TestNode;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** True durations of a real plan's tests (1 s unless set), and the tests a unit runs. */
final class PlanTruth {

  private final TestPlanIndex plan;
  private final Map<String, Double> seconds = new HashMap<>();

  PlanTruth(TestPlanIndex plan) {
    this.plan = plan;
  }

  PlanTruth set(String testId, double s) {
    seconds.put(testId, s);
    return this;
  }

  /** The tests (and templates) {@code unit} runs, by unique id. */
  List<String> testsOf(WorkUnit unit) {
    List<String> out = new ArrayList<>();
    for (int i : unit.nodeIndices()) {
      TestNode n = plan.planNodes().get(i);
      if (n.type().isTest() || TestPlanIndex.isTemplate(n)) {
        out.add(n.uniqueId());
      } else {
        plan.planNodes().stream()
            .filter(t -> t.type().isTest() || TestPlanIndex.isTemplate(t))
            .filter(t -> isBelow(t, n))
            .forEach(t -> out.add(t.uniqueId()));
      }
    }
    return out;
  }

  /** Every test (and template) of the plan. */
  List<String> allTests() {
    return plan.planNodes().stream()
        .filter(t -> t.type().isTest() || TestPlanIndex.isTemplate(t))
        .map(TestNode::uniqueId)
        .toList();
  }

  /** The top-level class a test belongs to. */
  String classOf(String testId) {
    return plan.topLevelOf(testId).orElseThrow().uniqueId();
  }

  double truth(WorkUnit unit) {
    return testsOf(unit).stream().mapToDouble(id -> seconds.getOrDefault(id, 1.0)).sum();
  }

  UnitCost trueCost() {
    return this::truth;
  }

  private boolean isBelow(TestNode t, TestNode ancestor) {
    String p = t.parentId();
    while (!p.isEmpty()) {
      if (p.equals(ancestor.uniqueId())) {
        return true;
      }
      p = plan.node(p).orElseThrow().parentId();
    }
    return false;
  }
}
