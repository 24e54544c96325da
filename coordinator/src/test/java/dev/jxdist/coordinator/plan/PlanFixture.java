package dev.jxdist.coordinator.plan;

import dev.jxdist.common.model.NodeType;
import dev.jxdist.common.model.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds small JUnit-shaped plans for tests. */
public final class PlanFixture {

  public static final String ENGINE = "[engine:junit-jupiter]";
  private final List<TestNode> nodes = new ArrayList<>();

  public PlanFixture() {
    nodes.add(
        new TestNode(
            ENGINE, "", "JUnit Jupiter", "JUnit Jupiter", NodeType.CONTAINER, "", "", List.of()));
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
      nodes.add(
          new TestNode(
              methodId(cls, m),
              classId(cls),
              m + "()",
              m + "()",
              NodeType.TEST,
              cls,
              m,
              List.of()));
    }
    return this;
  }

  /** A top-level class whose tests all carry {@code tag} (JUnit hands class tags down). */
  public PlanFixture taggedCls(String cls, String tag, String... methods) {
    nodes.add(
        new TestNode(classId(cls), ENGINE, cls, cls, NodeType.CONTAINER, cls, "", List.of(tag)));
    for (String m : methods) {
      nodes.add(
          new TestNode(
              methodId(cls, m),
              classId(cls),
              m + "()",
              m + "()",
              NodeType.TEST,
              cls,
              m,
              List.of(tag)));
    }
    return this;
  }

  /**
   * A test method of {@code cls} with tags (added after what is there: call it right after cls).
   */
  public PlanFixture test(String cls, String method, String... tags) {
    nodes.add(
        new TestNode(
            methodId(cls, method),
            classId(cls),
            method + "()",
            method + "()",
            NodeType.TEST,
            cls,
            method,
            List.of(tags)));
    return this;
  }

  /** A nested class {@code inner} of {@code cls}, with test methods. */
  public PlanFixture nested(String cls, String inner, String... methods) {
    String id = nestedId(cls, inner);
    String binary = cls + "$" + inner;
    // JUnit Jupiter's legacy reporting name of a nested class is its binary name.
    nodes.add(
        new TestNode(id, classId(cls), inner, binary, NodeType.CONTAINER, binary, "", List.of()));
    for (String m : methods) {
      nodes.add(
          new TestNode(
              id + "/[method:" + m + "()]",
              id,
              m + "()",
              m + "()",
              NodeType.TEST,
              binary,
              m,
              List.of()));
    }
    return this;
  }

  public static String nestedId(String cls, String inner) {
    return classId(cls) + "/[nested-class:" + inner + "]";
  }

  /** A parameterized test template in {@code cls} (a container with no invocations yet). */
  public PlanFixture template(String cls, String method) {
    String id = classId(cls) + "/[test-template:" + method + "(int)]";
    nodes.add(
        new TestNode(
            id,
            classId(cls),
            method + "(int)",
            method + "(int)",
            NodeType.CONTAINER,
            cls,
            method,
            List.of()));
    return this;
  }

  /**
   * A top-level class template ({@code @ParameterizedClass}): a container with no invocations, and
   * so no test, until it runs.
   */
  public PlanFixture classTemplate(String cls) {
    nodes.add(
        new TestNode(
            classTemplateId(cls), ENGINE, cls, cls, NodeType.CONTAINER, cls, "", List.of()));
    return this;
  }

  public static String classTemplateId(String cls) {
    return ENGINE + "/[class-template:" + cls + "]";
  }

  public static String templateId(String cls, String method) {
    return classId(cls) + "/[test-template:" + method + "(int)]";
  }

  public static TestNode invocation(String cls, String method, int i) {
    String parent = templateId(cls, method);
    return new TestNode(
        parent + "/[test-template-invocation:#" + i + "]",
        parent,
        "[" + i + "]",
        method + "(int)[" + i + "]",
        NodeType.TEST,
        cls,
        method,
        List.of());
  }

  public List<TestNode> nodes() {
    return List.copyOf(nodes);
  }

  public TestPlanIndex index() {
    return TestPlanIndex.of(nodes);
  }

  /** The plan with these top-level classes to be kept whole. */
  public TestPlanIndex index(String... indivisibleClasses) {
    Set<String> ids = new java.util.HashSet<>();
    for (String cls : indivisibleClasses) {
      ids.add(classId(cls));
    }
    return TestPlanIndex.of(nodes, ids);
  }
}
