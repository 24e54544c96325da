package dev.jxdist.coordinator.config;

import java.util.List;

/**
 * Which tests of the suite to run.
 *
 * @param classes fully qualified classes to select explicitly (no class-name filter then)
 * @param packages packages to select (sub-packages included)
 * @param includeTags JUnit tag expressions a test must match
 * @param excludeTags JUnit tag expressions that exclude a test
 */
public record Selection(
    List<String> classes, List<String> packages, List<String> includeTags, List<String> excludeTags) {

  /**
   * Surefire's default includes ({@code Test*}, {@code *Test}, {@code *Tests}, {@code *TestCase})
   * as a JUnit class-name pattern on the simple name; nested classes ({@code Outer$Inner}) follow
   * their outer class.
   */
  public static final String SUREFIRE_DEFAULT_INCLUDES =
      "^(.*\\.)?(Test[^.$]*|[^.$]*Test|[^.$]*Tests|[^.$]*TestCase)(\\$.*)?$";

  public Selection {
    classes = List.copyOf(classes);
    packages = List.copyOf(packages);
    includeTags = List.copyOf(includeTags);
    excludeTags = List.copyOf(excludeTags);
  }

  /** Everything the scan finds, filtered by Surefire's default class names. */
  public static Selection all() {
    return new Selection(List.of(), List.of(), List.of(), List.of());
  }
}
