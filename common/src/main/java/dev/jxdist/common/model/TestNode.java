package dev.jxdist.common.model;

import java.util.List;
import java.util.Objects;

/**
 * One node of a test plan: an engine, a container or a test.
 *
 * @param uniqueId the JUnit unique id
 * @param parentId the parent's unique id, empty for an engine root
 * @param displayName the name JUnit displays
 * @param legacyReportingName what Surefire reports as the test case name
 * @param type what kind of node
 * @param className the source class, empty if none
 * @param methodName the source method, empty if none
 * @param tags the JUnit tags of the node
 */
public record TestNode(
    String uniqueId,
    String parentId,
    String displayName,
    String legacyReportingName,
    NodeType type,
    String className,
    String methodName,
    List<String> tags) {

  public TestNode {
    Objects.requireNonNull(uniqueId, "uniqueId");
    Objects.requireNonNull(parentId, "parentId");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(legacyReportingName, "legacyReportingName");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(methodName, "methodName");
    tags = List.copyOf(tags);
  }

  /** True for an engine root. */
  public boolean isRoot() {
    return parentId.isEmpty();
  }
}
