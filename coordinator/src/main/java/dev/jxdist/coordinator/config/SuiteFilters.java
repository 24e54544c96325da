package dev.jxdist.coordinator.config;

import dev.jxdist.common.model.SurefireSelection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which scanned classes and tests make up a suite, in the JUnit Platform's terms.
 *
 * @param includeClassNamePatterns fully qualified class name regular expressions a class must match
 *     (any of them)
 * @param excludeClassNamePatterns class name regular expressions that leave a class out
 * @param includeTags tag expressions a test must match (any of them); empty: all
 * @param excludeTags tag expressions that leave a test out
 * @param surefire Surefire's selection (its includes, excludes, {@code -Dtest}, includesFile and
 *     excludesFile), applied by the workers with Surefire's own resolver; empty for none
 * @param requiredTests the {@code -Dtest} patterns that must match a class of the suite (Surefire's
 *     {@code failIfNoSpecifiedTests}); "" when nothing is required
 */
public record SuiteFilters(
    List<String> includeClassNamePatterns,
    List<String> excludeClassNamePatterns,
    List<String> includeTags,
    List<String> excludeTags,
    Optional<SurefireSelection> surefire,
    String requiredTests) {

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
    Objects.requireNonNull(surefire, "surefire");
    Objects.requireNonNull(requiredTests, "requiredTests");
  }

  /** Filters by class name patterns and tags only. */
  public SuiteFilters(
      List<String> includeClassNamePatterns,
      List<String> excludeClassNamePatterns,
      List<String> includeTags,
      List<String> excludeTags) {
    this(
        includeClassNamePatterns,
        excludeClassNamePatterns,
        includeTags,
        excludeTags,
        Optional.empty(),
        "");
  }

  /**
   * Surefire's selection and groups, as a Maven build (or {@code -Dtest} on a classpath run) gives
   * them.
   *
   * @param failIfNoSpecifiedTests whether {@code -Dtest} must match a class of the suite
   */
  public static SuiteFilters surefire(
      SurefireSelection selection,
      String specifiedTests,
      boolean failIfNoSpecifiedTests,
      List<String> groups,
      List<String> excludedGroups) {
    return new SuiteFilters(
        List.of(),
        List.of(),
        groups,
        excludedGroups,
        Optional.of(selection),
        failIfNoSpecifiedTests ? specifiedTests : "");
  }
}
