package dev.jxdist.coordinator.plan;

import dev.jxdist.common.model.TestNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts an agreed plan into units of work, one way per distribution strategy. Only discovered nodes
 * count (dynamic ones come into being as units run). A unit is numbered by the plan index of its
 * first node, which no other unit of the same cut can share.
 *
 * <p>The rules: a test template or factory is one test (a unit may select it, its invocations run
 * then); a top-level node stays whole if the worker said so ({@link TestPlanIndex#isIndivisible}),
 * if it is a test or template itself, or if anything below it other than a test or template is a
 * container (a nested class: it stays with its top-level class). A top-level node with no test
 * below it is a unit too: the launcher prunes the containers that cannot bring tests, so what is
 * left may register its tests as it runs (a class template, or another engine's dynamic container),
 * and is never left out: a run would pass without them.
 */
final class UnitCutter {

  private final TestPlanIndex plan;

  UnitCutter(TestPlanIndex plan) {
    this.plan = plan;
  }

  List<WorkUnit> byTopLevelClass() {
    List<WorkUnit> units = new ArrayList<>();
    for (TestNode top : topLevel()) {
      units.add(unit(List.of(top), label(top)));
    }
    return List.copyOf(units);
  }

  List<List<WorkUnit>> byTest() {
    List<List<WorkUnit>> classes = new ArrayList<>();
    for (TestNode top : topLevel()) {
      if (isWhole(top)) {
        classes.add(List.of(unit(List.of(top), label(top))));
        continue;
      }
      List<WorkUnit> tests = new ArrayList<>();
      for (TestNode item : planChildren(top)) {
        tests.add(unit(List.of(item), label(top)));
      }
      classes.add(List.copyOf(tests));
    }
    return List.copyOf(classes);
  }

  List<WorkUnit> byGroup() {
    List<WorkUnit> units = new ArrayList<>();
    Map<String, List<TestNode>> groups = new LinkedHashMap<>();
    for (TestNode top : topLevel()) {
      if (isWhole(top)) {
        String group = firstGroupIn(top);
        if (group == null) {
          units.add(unit(List.of(top), label(top)));
        } else {
          groups.computeIfAbsent(group, g -> new ArrayList<>()).add(top);
        }
        continue;
      }
      List<TestNode> items = planChildren(top);
      List<TestNode> rest = new ArrayList<>();
      for (TestNode item : items) {
        String group = groupOf(item);
        if (group == null) {
          rest.add(item);
        } else {
          groups.computeIfAbsent(group, g -> new ArrayList<>()).add(item);
        }
      }
      if (rest.size() == items.size()) {
        units.add(unit(List.of(top), label(top)));
      } else if (!rest.isEmpty()) {
        units.add(unit(rest, label(top)));
      }
    }
    groups.forEach((name, members) -> units.add(unit(members, "group " + name)));
    units.sort(Comparator.comparingInt(WorkUnit::unitId));
    return List.copyOf(units);
  }

  WorkUnit unitOf(List<String> uniqueIds) {
    if (uniqueIds.isEmpty()) {
      throw new IllegalArgumentException("a unit must select at least one node of the plan");
    }
    List<String> missing = new ArrayList<>();
    List<TestNode> nodes = new ArrayList<>();
    Set<String> labels = new LinkedHashSet<>();
    for (String id : uniqueIds) {
      if (plan.indexOf(id) < 0) {
        missing.add(id);
      } else {
        TestNode n = plan.node(id).orElseThrow();
        nodes.add(n);
        labels.add(label(plan.topLevelOf(id).orElse(n)));
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("the test plan has no node " + String.join(", ", missing));
    }
    String label = labels.iterator().next();
    if (labels.size() > 1) {
      label += " and " + (labels.size() - 1) + " more";
    }
    return unit(nodes, label);
  }

  private WorkUnit unit(List<TestNode> nodes, String label) {
    List<Integer> indices = new ArrayList<>(nodes.size());
    int tests = 0;
    for (TestNode n : nodes) {
      indices.add(plan.indexOf(n.uniqueId()));
      tests += weight(n);
    }
    return new WorkUnit(indices.get(0), label, indices, tests);
  }

  /** The children of engine roots, in plan order; of a shard's own share only. */
  private List<TestNode> topLevel() {
    List<TestNode> out = new ArrayList<>();
    for (TestNode n : plan.planNodes()) {
      if (!n.isRoot()
          && plan.node(n.parentId()).map(TestNode::isRoot).orElse(false)
          && !plan.isElsewhere(n.uniqueId())) {
        out.add(n);
      }
    }
    return out;
  }

  private boolean isWhole(TestNode top) {
    if (plan.isIndivisible(top.uniqueId()) || isTestOrTemplate(top)) {
      return true;
    }
    List<TestNode> children = planChildren(top);
    return children.isEmpty() || children.stream().anyMatch(c -> !isTestOrTemplate(c));
  }

  private static boolean isTestOrTemplate(TestNode n) {
    return n.type().isTest() || TestPlanIndex.isTemplate(n);
  }

  /** How many tests {@code n} stands for: its own (a template counts one) and those below it. */
  private int weight(TestNode n) {
    int w = isTestOrTemplate(n) ? 1 : 0;
    for (TestNode c : planChildren(n)) {
      w += weight(c);
    }
    return w;
  }

  private List<TestNode> planChildren(TestNode n) {
    List<TestNode> out = new ArrayList<>();
    for (String id : plan.children(n.uniqueId())) {
      if (plan.indexOf(id) >= 0) {
        out.add(plan.node(id).orElseThrow());
      }
    }
    return out;
  }

  /**
   * The group of {@code n}: the nearest group tag, looking at the tags a node adds to its parent's
   * (JUnit hands a class's tags down to its methods) from {@code n} up; among several on one level,
   * the first by name. Null if none.
   */
  private String groupOf(TestNode n) {
    TestNode node = n;
    while (!node.isRoot()) {
      TestNode parent = plan.node(node.parentId()).orElseThrow();
      for (String tag : node.tags()) {
        if (tag.startsWith(TestPlanIndex.GROUP_TAG)
            && tag.length() > TestPlanIndex.GROUP_TAG.length()
            && !parent.tags().contains(tag)) {
          return tag.substring(TestPlanIndex.GROUP_TAG.length());
        }
      }
      node = parent;
    }
    return null;
  }

  /** The group of the first node, in plan order, at or below {@code top} that has one. */
  private String firstGroupIn(TestNode top) {
    String own = groupOf(top);
    if (own != null) {
      return own;
    }
    for (TestNode c : planChildren(top)) {
      String found = firstGroupIn(c);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String label(TestNode top) {
    return top.className().isEmpty() ? top.displayName() : top.className();
  }
}
