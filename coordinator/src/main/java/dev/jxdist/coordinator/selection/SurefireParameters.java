package dev.jxdist.coordinator.selection;

import dev.jxdist.common.model.SurefireSelection;
import dev.jxdist.coordinator.config.SuiteFilters;
import dev.jxdist.coordinator.config.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Surefire parameters that select a module's tests, as its build gives them, and the two lists
 * Surefire makes of them ({@code AbstractSurefireMojo}'s scan lists and "specific tests"): with
 * {@code -Dtest}, its patterns are both; without, the scan takes {@code includes} and {@code
 * includesFile} (Surefire's default includes when both are empty) and {@code excludes} and {@code
 * excludesFile} (default {@code **}{@code /*$*}), and the method filter takes the two files only.
 *
 * @param includes Surefire's {@code includes}, [] when not configured
 * @param excludes Surefire's {@code excludes}, [] when not configured
 * @param test {@code -Dtest} (Surefire's {@code test}), "" when not given
 * @param includesFile the patterns of {@code includesFile}
 * @param excludesFile the patterns of {@code excludesFile}
 */
public record SurefireParameters(
    List<String> includes,
    List<String> excludes,
    String test,
    List<String> includesFile,
    List<String> excludesFile) {

  /** Surefire's default includes. */
  public static final List<String> DEFAULT_INCLUDES =
      List.of("**/Test*.java", "**/*Test.java", "**/*Tests.java", "**/*TestCase.java");

  /** Surefire's default excludes: nested classes (they run with their outer class). */
  public static final List<String> DEFAULT_EXCLUDES = List.of("**/*$*");

  public SurefireParameters {
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
    test = test == null ? "" : test.trim();
    includesFile = List.copyOf(includesFile);
    excludesFile = List.copyOf(excludesFile);
  }

  /** Surefire's defaults, with {@code test} as {@code -Dtest} ("" for none). */
  public static SurefireParameters defaults(String test) {
    return new SurefireParameters(List.of(), List.of(), test, List.of(), List.of());
  }

  /**
   * The filters of a suite that has no build to configure Surefire (a {@code --classpath} run):
   * Surefire's selection flags as the {@code -D} properties of the command line give them, its
   * defaults unless {@code -Dtest} names the tests.
   *
   * @param properties the command line's {@code -D} properties
   * @param suite the suite, as an error names it
   * @throws UsageException if Surefire would refuse {@code -Dtest}
   */
  public static SuiteFilters fromProperties(Map<String, String> properties, String suite) {
    String test = properties.getOrDefault("test", "");
    return SuiteFilters.surefire(
        defaults(test).selection(suite),
        test,
        !test.isBlank()
            && !"false"
                .equalsIgnoreCase(
                    properties.getOrDefault("surefire.failIfNoSpecifiedTests", "true")),
        SurefirePatterns.toTagExpressions(properties.getOrDefault("groups", "")),
        SurefirePatterns.toTagExpressions(properties.getOrDefault("excludedGroups", "")));
  }

  /** Whether {@code -Dtest} names the tests (it replaces every other selection then). */
  public boolean specified() {
    return !test.isEmpty();
  }

  /**
   * The lists Surefire builds.
   *
   * @throws UsageException if {@code includes} or {@code excludes} holds a method filter, which
   *     Surefire refuses too
   */
  public SurefireSelection selection(String module) {
    if (specified()) {
      List<String> patterns = commaSeparated(test);
      return new SurefireSelection(patterns, List.of(), patterns, List.of());
    }
    for (String pattern : concat(includes, excludes)) {
      if (pattern.contains("#")) {
        throw new UsageException(
            module
                + ": Surefire's includes and excludes take no method filter ('"
                + pattern
                + "'); give it as -Dtest or in includesFile");
      }
    }
    List<String> scanIncludes = concat(includes, includesFile);
    List<String> scanExcludes = concat(excludes, excludesFile);
    return new SurefireSelection(
        scanIncludes.isEmpty() ? DEFAULT_INCLUDES : scanIncludes,
        scanExcludes.isEmpty() ? DEFAULT_EXCLUDES : scanExcludes,
        includesFile,
        excludesFile);
  }

  private static List<String> commaSeparated(String value) {
    List<String> parts = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        parts.add(part.trim());
      }
    }
    return parts;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
