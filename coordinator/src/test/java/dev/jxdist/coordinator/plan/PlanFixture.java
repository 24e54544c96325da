package dev.jxdist.coordinator.plan;

import dev.jxdist.common.model.NodeType;
import dev.jxdist.common.model.TestNode;
import java.util.ArrayList;
import java.util.List;

/** Builds small JUnit-shaped plans for tests. */
public final class PlanFixture {

  public static final String ENGINE = "[engine:junit-jupiter]";
  private final List<TestNode> nodes = new ArrayList<>();

  public PlanFixture() {
    nodes.add(new TestNode(ENGINE, "", "JUnit Jupiter", "JUnit Jupiter", NodeType.CONTAINER, "", "", List.of()));
  }

  public static String classId(String cls) {
    return ENGINE + "/[class:" + cls + "]";
  }

  public static String methodId(String cls, String method) {
    return classId(cls) + "/[method:" + method + "()]";
  }

  /** A top-level class with the given no-arg test methods. */
  public PlanFixture cls(String cls, String... methods) {
    nodes.add(new TestNode(classId(cls), ENGINE, cls, cls, NodeType.CONTAINER, cls, "", List.of()));
    for (String m : methods) {
      nodes.add(new TestNode(methodId(cls, m), classId(cls), m + "()", m + "()", NodeType.TEST, cls, m, List.of()));
    }
    return this;
  }

  /** A parameterized test template in {@code cls} (a container with no invocations yet). */
  public PlanFixture template(String cls, String method) {
    String id = classId(cls) + "/[test-template:" + method + "(int)]";
    nodes.add(new TestNode(id, classId(cls), method + "(int)", method + "(int)", NodeType.CONTAINER, cls, method, List.of()));
    return this;
  }

  public static String templateId(String cls, String method) {
    return classId(cls) + "/[test-template:" + method + "(int)]";
  }

  public static TestNode invocation(String cls, String method, int i) {
    String parent = templateId(cls, method);
    return new TestNode(parent + "/[test-template-invocation:#" + i + "]", parent, "[" + i + "]",
        method + "(int)[" + i + "]", NodeType.TEST, cls, method, List.of());
  }

  public List<TestNode> nodes() {
    return List.copyOf(nodes);
  }

  public TestPlanIndex index() {
    return TestPlanIndex.of(nodes);
  }
}
