package dev.jxdist.worker.bridge.junit;

import dev.jxdist.common.model.NodeType;
import dev.jxdist.common.model.TestNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;

/** Turns the launcher's {@link TestIdentifier} into the shared {@link TestNode} record. */
final class TestNodes {

  private TestNodes() {}

  /**
   * The node for {@code id}. The class name comes from a class or method source (a nested class
   * keeps its binary name, {@code Outer$Inner}); tags are sorted by name.
   */
  static TestNode of(TestIdentifier id) {
    String className = "";
    String methodName = "";
    TestSource source = id.getSource().orElse(null);
    if (source instanceof MethodSource) {
      MethodSource method = (MethodSource) source;
      className = method.getClassName();
      methodName = method.getMethodName();
    } else if (source instanceof ClassSource) {
      className = ((ClassSource) source).getClassName();
    }
    List<String> tags = new ArrayList<>();
    for (TestTag tag : id.getTags()) {
      tags.add(tag.getName());
    }
    Collections.sort(tags);
    return new TestNode(
        id.getUniqueId(),
        id.getParentId().orElse(""),
        id.getDisplayName(),
        id.getLegacyReportingName(),
        type(id),
        className,
        methodName,
        tags);
  }

  private static NodeType type(TestIdentifier id) {
    if (id.isTest() && id.isContainer()) {
      return NodeType.CONTAINER_AND_TEST;
    }
    return id.isTest() ? NodeType.TEST : NodeType.CONTAINER;
  }
}
