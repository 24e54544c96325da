package dev.jxdist.coordinator.plan;

import dev.jxdist.common.model.NodeType;
import dev.jxdist.common.model.PlanHash;
import dev.jxdist.common.model.TestNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agreed plan of a run, indexed: nodes by unique id, children by parent, and the dynamic nodes
 * registered during execution on top of the discovered ones.
 *
 * <p>Not thread-safe: owned by the session thread.
 */
public final class TestPlanIndex {

  private final List<TestNode> planNodes;
  private final String hash;
  private final Map<String, Integer> planIndex = new HashMap<>();
  private final Map<String, TestNode> nodes = new LinkedHashMap<>();
  private final Map<String, List<String>> children = new HashMap<>();
  private List<WorkUnit> classUnits;

  private TestPlanIndex(List<TestNode> planNodes) {
    this.planNodes = List.copyOf(planNodes);
    this.hash = PlanHash.of(this.planNodes);
    for (int i = 0; i < this.planNodes.size(); i++) {
      TestNode n = this.planNodes.get(i);
      if (planIndex.putIfAbsent(n.uniqueId(), i) != null) {
        throw new IllegalArgumentException("the plan names " + n.uniqueId() + " twice");
      }
      if (!n.isRoot() && !nodes.containsKey(n.parentId())) {
        throw new IllegalArgumentException(
            "plan node " + n.uniqueId() + " comes before its parent " + n.parentId());
      }
      add(n);
    }
  }

  /**
   * Indexes a discovered plan (depth first, parents before children).
   *
   * @throws IllegalArgumentException if ids repeat or a parent is missing
   */
  public static TestPlanIndex of(List<TestNode> planNodes) {
    return new TestPlanIndex(planNodes);
  }

  /** The plan's hash, as {@link PlanHash#of} computes it. */
  public String hash() {
    return hash;
  }

  /** The discovered nodes in plan order (Run commands index into this list). */
  public List<TestNode> planNodes() {
    return planNodes;
  }

  /** A plan or dynamic node by unique id. */
  public Optional<TestNode> node(String uniqueId) {
    return Optional.ofNullable(nodes.get(uniqueId));
  }

  /** The plan index of a discovered node, or -1 for dynamic and unknown ones. */
  public int indexOf(String uniqueId) {
    return planIndex.getOrDefault(uniqueId, -1);
  }

  /**
   * Adds a node registered during execution.
   *
   * @return false (and nothing changes) if the id is known already or its parent is not
   */
  public boolean addDynamic(TestNode node) {
    if (nodes.containsKey(node.uniqueId()) || !nodes.containsKey(node.parentId())) {
      return false;
    }
    add(node);
    return true;
  }

  /** The test nodes (plan and dynamic) below {@code uniqueId}, not including itself. */
  public List<TestNode> descendantTests(String uniqueId) {
    List<TestNode> out = new ArrayList<>();
    collectTests(uniqueId, out);
    return out;
  }

  /** The discovered test nodes of the plan, in plan order. */
  public List<TestNode> planTests() {
    return planNodes.stream().filter(n -> n.type().isTest()).toList();
  }

  /** The direct children of {@code uniqueId} known so far. */
  public List<String> children(String uniqueId) {
    return Collections.unmodifiableList(children.getOrDefault(uniqueId, List.of()));
  }

  /**
   * The top-level node of the plan that {@code uniqueId} belongs to: the child of its engine root,
   * i.e. its top-level class. Empty for roots and unknown ids.
   */
  public Optional<TestNode> topLevelOf(String uniqueId) {
    TestNode n = nodes.get(uniqueId);
    if (n == null || n.isRoot()) {
      return Optional.empty();
    }
    while (true) {
      TestNode parent = nodes.get(n.parentId());
      if (parent == null || parent.isRoot()) {
        return Optional.of(n);
      }
      n = parent;
    }
  }

  /**
   * Cuts the plan into units of one top-level class each (its nested classes included): the class
   * is where {@code @BeforeAll}, {@code PER_CLASS} state and {@code @Order} chains live, so it is
   * the safe unit. Units without any test are left out. Unit ids count from 0 in plan order.
   */
  public List<WorkUnit> unitsByTopLevelClass() {
    if (classUnits == null) {
      classUnits = List.copyOf(cutByTopLevelClass());
    }
    return classUnits;
  }

  /**
   * The top-level class node that {@code unit} consists of, if it is a class unit: exactly one
   * plan node, a child of its engine root (as {@link #unitsByTopLevelClass} cuts them). Empty for
   * units of single tests, of several nodes, or of nodes that are not in this plan.
   */
  public Optional<TestNode> classOf(WorkUnit unit) {
    if (unit.nodeIndices().size() != 1) {
      return Optional.empty();
    }
    int index = unit.nodeIndices().get(0);
    if (index < 0 || index >= planNodes.size()) {
      return Optional.empty();
    }
    TestNode n = planNodes.get(index);
    if (n.isRoot() || !nodes.get(n.parentId()).isRoot()) {
      return Optional.empty();
    }
    return Optional.of(n);
  }

  /** The number of test templates and factories in the plan: their tests appear as they run. */
  public int templateCount() {
    return (int) planNodes.stream().filter(TestPlanIndex::isTemplate).count();
  }

  /**
   * True for a test template or factory ({@code @ParameterizedTest}, {@code @TestFactory}): a
   * container from a method, whose tests only come into being as it runs.
   */
  public static boolean isTemplate(TestNode n) {
    return n.type() == NodeType.CONTAINER && !n.methodName().isEmpty();
  }

  private List<WorkUnit> cutByTopLevelClass() {
    List<WorkUnit> units = new ArrayList<>();
    for (TestNode n : planNodes) {
      if (n.isRoot() || !nodes.get(n.parentId()).isRoot()) {
        continue;
      }
      int tests = (n.type().isTest() ? 1 : 0) + descendantTests(n.uniqueId()).size();
      boolean template = isTemplate(n);
      if (tests == 0 && !template && children(n.uniqueId()).isEmpty()) {
        continue;
      }
      String label = n.className().isEmpty() ? n.displayName() : n.className();
      units.add(new WorkUnit(units.size(), label, List.of(planIndex.get(n.uniqueId())), tests));
    }
    return units;
  }

  private void add(TestNode n) {
    nodes.put(n.uniqueId(), n);
    if (!n.isRoot()) {
      children.computeIfAbsent(n.parentId(), k -> new ArrayList<>()).add(n.uniqueId());
    }
  }

  private void collectTests(String uniqueId, List<TestNode> out) {
    for (String child : children.getOrDefault(uniqueId, List.of())) {
      TestNode c = nodes.get(child);
      if (c.type().isTest()) {
        out.add(c);
      }
      collectTests(child, out);
    }
  }
}
