package dev.jxdist.coordinator.config;

import java.util.List;

/**
 * Which scanned classes and tests make up a suite, in the JUnit Platform's terms.
 *
 * @param includeClassNamePatterns fully qualified class name regular expressions a class must match
 *     (any of them)
 * @param excludeClassNamePatterns class name regular expressions that leave a class out
 * @param includeTags tag expressions a test must match (any of them); empty: all
 * @param excludeTags tag expressions that leave a test out
 */
public record SuiteFilters(
    List<String> includeClassNamePatterns,
    List<String> excludeClassNamePatterns,
    List<String> includeTags,
    List<String> excludeTags) {

  /**
   * Surefire's default includes ({@code Test*}, {@code *Test}, {@code *Tests}, {@code *TestCase})
   * as a JUnit class-name pattern on the simple name; nested classes follow their outer class.
   */
  public static final String SUREFIRE_DEFAULT_INCLUDES =
      "^(.*\\.)?(Test[^.$]*|[^.$]*Test|[^.$]*Tests|[^.$]*TestCase)(\\$.*)?$";

  /** Surefire's defaults: its default includes, no excludes, no tags. */
  public static final SuiteFilters SUREFIRE_DEFAULTS =
      new SuiteFilters(List.of(SUREFIRE_DEFAULT_INCLUDES), List.of(), List.of(), List.of());

  public SuiteFilters {
    includeClassNamePatterns = List.copyOf(includeClassNamePatterns);
    excludeClassNamePatterns = List.copyOf(excludeClassNamePatterns);
    includeTags = List.copyOf(includeTags);
    excludeTags = List.copyOf(excludeTags);
  }
}
