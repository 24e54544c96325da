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
import java.util.Set;

/**
 * The agreed plan of a run, indexed: nodes by unique id, children by parent, and the dynamic nodes
 * registered during execution on top of the discovered ones; with the top-level classes the worker
 * found must run whole, and the units of work cut from it (see {@link UnitCutter}).
 *
 * <p>Unit ids: a unit cut from the plan is numbered by the plan index of its first node, so units
 * of any cut, and units merged from them, never share an id; ids from {@link #firstFreeUnitId()} on
 * are free for units the session makes during the run (the rest of a crashed unit).
 *
 * <p>Not thread-safe: owned by the session thread.
 */
public final class TestPlanIndex {

  /** The JUnit tag prefix that puts a test into a group: {@code @Tag("jxdist-group=db")}. */
  public static final String GROUP_TAG = "jxdist-group=";

  /**
   * How Jupiter's unique ids end the type of a class template's segment ({@code class-template},
   * {@code nested-class-template}).
   */
  private static final String CLASS_TEMPLATE = "class-template";

  private final List<TestNode> planNodes;
  private final String hash;
  private final Map<String, Integer> planIndex = new HashMap<>();
  private final Map<String, TestNode> nodes = new LinkedHashMap<>();
  private final Map<String, List<String>> children = new HashMap<>();
  private final Set<String> indivisible;
  private final UnitCutter cutter;
  private List<WorkUnit> classUnits;

  /** The top-level nodes other shards run ({@link #shareOf}); empty in a whole run. */
  private Set<String> elsewhere = Set.of();

  private TestPlanIndex(List<TestNode> planNodes, Set<String> indivisibleIds) {
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
    for (String id : indivisibleIds) {
      TestNode n = nodes.get(id);
      if (n == null || n.isRoot() || !nodes.get(n.parentId()).isRoot()) {
        throw new IllegalArgumentException(
            "the classes to keep whole name " + id + ", which is not a top-level node of the plan");
      }
    }
    this.indivisible = Set.copyOf(indivisibleIds);
    this.cutter = new UnitCutter(this);
  }

  /**
   * Indexes a discovered plan (depth first, parents before children).
   *
   * @throws IllegalArgumentException if ids repeat or a parent is missing
   */
  public static TestPlanIndex of(List<TestNode> planNodes) {
    return new TestPlanIndex(planNodes, Set.of());
  }

  /**
   * Indexes a discovered plan with the top-level classes that must run whole (the worker's {@code
   * Discovered.indivisible_ids}: {@code PER_CLASS} lifecycle, ordered methods, custom runners).
   *
   * @throws IllegalArgumentException if ids repeat, a parent is missing, or an indivisible id is
   *     not a top-level node of the plan
   */
  public static TestPlanIndex of(List<TestNode> planNodes, Set<String> indivisibleIds) {
    return new TestPlanIndex(planNodes, indivisibleIds);
  }

  /**
   * This plan as one shard of a split run sees it ({@code --shard}): the same nodes, indices and
   * hash (workers and the other shards agree on the whole plan), but only the top-level nodes of
   * {@code kept} with what is below them count as its own. The others are hidden from the cuts,
   * from the children of their engine roots, from {@link #planTests} and {@link #ownNodes}: no unit
   * selects them and no result is expected of them, not even "not run".
   *
   * @throws IllegalArgumentException if {@code kept} names a node that is not top-level
   */
  public TestPlanIndex shareOf(Set<String> kept) {
    Set<String> tops = new java.util.HashSet<>();
    for (TestNode n : planNodes) {
      if (!n.isRoot() && nodes.get(n.parentId()).isRoot()) {
        tops.add(n.uniqueId());
      }
    }
    for (String id : kept) {
      if (!tops.contains(id)) {
        throw new IllegalArgumentException(
            "a shard's share names " + id + ", not a top-level node");
      }
    }
    tops.removeAll(kept);
    TestPlanIndex share = new TestPlanIndex(planNodes, indivisible);
    share.elsewhere = Set.copyOf(tops);
    return share;
  }

  /** True if {@code uniqueId} is a node of this plan that another shard runs. */
  public boolean isElsewhere(String uniqueId) {
    return !elsewhere.isEmpty()
        && topLevelOf(uniqueId).map(t -> elsewhere.contains(t.uniqueId())).orElse(false);
  }

  /** The discovered nodes of this plan's own share in plan order: all of them in a whole run. */
  public List<TestNode> ownNodes() {
    return elsewhere.isEmpty()
        ? planNodes
        : planNodes.stream().filter(n -> !isElsewhere(n.uniqueId())).toList();
  }

  /** True if the worker said the top-level node {@code uniqueId} must run in one launcher call. */
  public boolean isIndivisible(String uniqueId) {
    return indivisible.contains(uniqueId);
  }

  /** The unique ids of the top-level classes that must run whole. */
  public Set<String> indivisibleIds() {
    return indivisible;
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
    return ownNodes().stream().filter(n -> n.type().isTest()).toList();
  }

  /**
   * The direct children of {@code uniqueId} known so far (of a shard's own share: see {@link
   * #shareOf}).
   */
  public List<String> children(String uniqueId) {
    List<String> known = children.getOrDefault(uniqueId, List.of());
    if (!elsewhere.isEmpty() && nodes.containsKey(uniqueId) && nodes.get(uniqueId).isRoot()) {
      return known.stream().filter(id -> !elsewhere.contains(id)).toList();
    }
    return Collections.unmodifiableList(known);
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
   * the safe unit. A class with no test discovered below it is a unit as well (its tests may come
   * as it runs). In plan order.
   */
  public List<WorkUnit> unitsByTopLevelClass() {
    if (classUnits == null) {
      classUnits = cutter.byTopLevelClass();
    }
    return classUnits;
  }

  /**
   * Cuts the plan into single tests, one list per top-level class in plan order, each list in plan
   * order. A class that must stay whole (the worker said so, or it has nested classes or other
   * containers below it) is one unit, alone in its list. A test template or factory is one test:
   * its invocations appear as it runs.
   */
  public List<List<WorkUnit>> unitsByTest() {
    return cutter.byTest();
  }

  /**
   * Cuts the plan by the tag {@value #GROUP_TAG}{@code NAME}: one unit per group name with all its
   * tests (across classes, in plan order), every class without grouped tests as one unit, and the
   * untagged tests of a partly grouped class as one unit of that class. A class that must stay
   * whole goes, all of it, to the group of its first tagged test. In plan order of each unit's
   * first node.
   */
  public List<WorkUnit> unitsByGroup() {
    return cutter.byGroup();
  }

  /**
   * The unit that selects exactly the nodes {@code uniqueIds}, in that order (a recorded unit, for
   * replay); numbered by the plan index of the first.
   *
   * @throws IllegalArgumentException if the list is empty or names nodes the plan does not have
   *     (named in the message)
   */
  public WorkUnit unitOf(List<String> uniqueIds) {
    return cutter.unitOf(uniqueIds);
  }

  /**
   * The unique ids of the nodes {@code unit} selects, in its order (for history keys and reports):
   * {@link #unitOf} of them gives the unit back.
   */
  public List<String> uniqueIds(WorkUnit unit) {
    List<String> out = new ArrayList<>(unit.nodeIndices().size());
    for (int index : unit.nodeIndices()) {
      out.add(planNodes.get(index).uniqueId());
    }
    return out;
  }

  /** The first unit id no unit cut from the plan has: the number of plan nodes. */
  public int firstFreeUnitId() {
    return planNodes.size();
  }

  /**
   * The top-level class node that {@code unit} consists of, if it is a class unit: exactly one plan
   * node, a child of its engine root (as {@link #unitsByTopLevelClass} cuts them). Empty for units
   * of single tests, of several nodes, or of nodes that are not in this plan.
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
    return (int) ownNodes().stream().filter(TestPlanIndex::isTemplate).count();
  }

  /**
   * True for a test template or factory ({@code @ParameterizedTest}, {@code @TestFactory}): a
   * container from a method, whose tests only come into being as it runs; and for a class template
   * ({@code @ParameterizedClass}, {@code @ClassTemplate}), whose invocations, each a class of
   * tests, only come into being as it runs. Either counts as one test until then.
   */
  public static boolean isTemplate(TestNode n) {
    return n.type() == NodeType.CONTAINER
        && (!n.methodName().isEmpty() || lastSegmentType(n.uniqueId()).endsWith(CLASS_TEMPLATE));
  }

  /** The type of the last segment of a unique id ({@code class} of {@code [...]/[class:a.B]}). */
  private static String lastSegmentType(String uniqueId) {
    // Segment values are encoded: '/', '[' and ':' inside one do not stand for themselves.
    String last = uniqueId.substring(uniqueId.lastIndexOf("/[") + 1);
    int colon = last.indexOf(':');
    return last.startsWith("[") && colon > 0 ? last.substring(1, colon) : "";
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
