package dev.jxdist.common.model;

import java.util.Objects;

/**
 * One JUnit Platform discovery selector.
 *
 * @param kind what {@code value} names
 * @param value a class name, package name, classpath root path or unique id
 */
public record Selector(Kind kind, String value) {

  /** The kinds of selector a worker understands. */
  public enum Kind {
    CLASS,
    PACKAGE,
    CLASSPATH_ROOT,
    UNIQUE_ID
  }

  public Selector {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }
}
