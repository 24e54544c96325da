package dev.jxdist.coordinator.session;

import dev.jxdist.common.model.NodeType;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.report.SurefireName;
import java.util.Optional;

/**
 * Works out from the plan where Surefire 3.5's JUnit Platform provider would file a result and what
 * it would call it (its {@code RunListenerAdapter}, checked against {@code mvn test}):
 *
 * <ul>
 *   <li>the report file: the top-level node of the plan (just below the engine), by its class: a
 *       {@code @Nested} class's tests go to the outer class's file, a JUnit 4 {@code suite()} or
 *       {@code @RunWith(Suite.class)} class's tests to the suite's, each suite to its own;
 *   <li>a test's {@code classname}: the nearest class above it (a node with a class source, such as
 *       a nested class, a JUnit 4 runner, a {@code @ParameterizedClass} invocation), by its legacy
 *       reporting name: {@code fx.Outer$Inner}, {@code fx.SquareTest}, {@code fx.Row[1]}; the tests
 *       a JUnit 3 {@code TestSuite} builds from tester classes get the suite class;
 *   <li>a test's {@code name}: for a method, its legacy reporting name without the {@code ()} of a
 *       method without parameters; otherwise its display name;
 *   <li>a whole class reported as one test case (its {@code @BeforeAll} failed; a nested class of a
 *       disabled class) has its own class as {@code classname} and an empty {@code name}; a test
 *       template or factory reported whole has the class it is in and its method's name.
 * </ul>
 *
 * <p>Not known here, so not followed: Surefire names a class by its {@code @DisplayName}, when it
 * has one, rather than by its class name; and its JUnit 4 provider (which runs JUnit 4-only
 * projects in Maven) gives a JUnit 3 suite's tests their tester class as {@code classname}.
 */
final class SurefireNames {

  private SurefireNames() {}

  /** Surefire's names for the result of {@code node}, a test or a container reported whole. */
  static SurefireName of(TestPlanIndex plan, TestNode node) {
    String suite = suite(plan, node);
    if (node.type().isTest()) {
      String className = nearestClass(plan, node).map(TestNode::legacyReportingName).orElse(suite);
      String name =
          node.methodName().isEmpty()
              ? node.displayName()
              : SurefireName.testCaseName(node.legacyReportingName());
      return new SurefireName(suite, className, name);
    }
    if (isClass(node)) {
      return new SurefireName(suite, node.className(), "");
    }
    String className = nearestClass(plan, node).map(TestNode::className).orElse(suite);
    String name =
        node.methodName().isEmpty()
            ? node.displayName()
            : SurefireName.testCaseName(node.legacyReportingName());
    return new SurefireName(suite, className, name);
  }

  /**
   * How many reports the plan's classes make: its top-level nodes with tests to run, counted by the
   * report each goes to (a class found by two engines is one report).
   */
  static int reportCount(TestPlanIndex plan) {
    return (int)
        plan.unitsByTopLevelClass().stream()
            .map(plan::classOf)
            .flatMap(Optional::stream)
            .map(top -> suite(plan, top))
            .distinct()
            .count();
  }

  /**
   * The report a result of {@code node} goes to: its top-level node's class; for a top-level node
   * without one, the nearest class, else the top-level node's display name.
   */
  static String suite(TestPlanIndex plan, TestNode node) {
    Optional<TestNode> top = plan.topLevelOf(node.uniqueId());
    if (top.isPresent() && isClass(top.get())) {
      return top.get().className();
    }
    Optional<TestNode> cls = nearestClass(plan, node);
    if (cls.isPresent()) {
      return cls.get().className();
    }
    if (!node.className().isEmpty()) {
      return node.className();
    }
    return top.orElse(node).displayName();
  }

  /**
   * True for a container with a class source: a class, a nested class, a JUnit 4 runner (a test
   * template has a method source; a test is no container).
   */
  static boolean isClass(TestNode node) {
    return node.type() != NodeType.TEST
        && !node.isRoot()
        && !node.className().isEmpty()
        && node.methodName().isEmpty();
  }

  /** The nearest container with a class source at or above {@code node}. */
  private static Optional<TestNode> nearestClass(TestPlanIndex plan, TestNode node) {
    TestNode n = node;
    while (n != null && !n.isRoot()) {
      if (isClass(n)) {
        return Optional.of(n);
      }
      n = plan.node(n.parentId()).orElse(null);
    }
    return Optional.empty();
  }
}
