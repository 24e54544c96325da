package dev.jxdist.common.model;

/** The kind of a test plan node, as the JUnit Platform's {@code TestDescriptor.Type}. */
public enum NodeType {
  /** Groups other nodes: an engine, a class, a nested class, a test template or factory. */
  CONTAINER,
  /** A test with a result of its own. */
  TEST,
  /** A node with children and a result of its own. */
  CONTAINER_AND_TEST;

  /** True if nodes of this type have a result that counts as a test. */
  public boolean isTest() {
    return this != CONTAINER;
  }
}
