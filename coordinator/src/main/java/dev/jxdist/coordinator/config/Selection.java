package dev.jxdist.coordinator.config;

import java.util.List;

/**
 * Which tests to run, as the command line narrows them, on top of each suite's own filters.
 *
 * @param classes fully qualified classes to select explicitly (no class-name filter then)
 * @param packages packages to select (sub-packages included)
 * @param includeTags JUnit tag expressions a test must match
 * @param excludeTags JUnit tag expressions that exclude a test
 */
public record Selection(
    List<String> classes,
    List<String> packages,
    List<String> includeTags,
    List<String> excludeTags) {

  public Selection {
    classes = List.copyOf(classes);
    packages = List.copyOf(packages);
    includeTags = List.copyOf(includeTags);
    excludeTags = List.copyOf(excludeTags);
  }

  /** No narrowing: each suite's own filters decide. */
  public static Selection all() {
    return new Selection(List.of(), List.of(), List.of(), List.of());
  }
}
