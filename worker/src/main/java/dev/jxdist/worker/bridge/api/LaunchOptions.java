package dev.jxdist.worker.bridge.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Filters and configuration applied to every launcher request of a run: the same for discovery and
 * for every execution, so that execution sees the plan that discovery saw.
 *
 * @param includeClassNamePatterns class name patterns a class must match; empty: all
 * @param excludeClassNamePatterns class name patterns that exclude a class
 * @param includeTags tag expressions a test must match; empty: all
 * @param excludeTags tag expressions that exclude a test
 * @param configurationParameters JUnit Platform configuration parameters
 * @param classFilter which classes a scan of the class path keeps, by fully qualified name (the
 *     launcher's class name filter), if any
 * @param methodFilter which tests with a method source are kept, by class name and method name (the
 *     launcher's post-discovery filter), if any
 */
public record LaunchOptions(
    List<String> includeClassNamePatterns,
    List<String> excludeClassNamePatterns,
    List<String> includeTags,
    List<String> excludeTags,
    Map<String, String> configurationParameters,
    Optional<Predicate<String>> classFilter,
    Optional<BiPredicate<String, String>> methodFilter) {

  public LaunchOptions {
    includeClassNamePatterns = List.copyOf(includeClassNamePatterns);
    excludeClassNamePatterns = List.copyOf(excludeClassNamePatterns);
    includeTags = List.copyOf(includeTags);
    excludeTags = List.copyOf(excludeTags);
    configurationParameters = Map.copyOf(configurationParameters);
    Objects.requireNonNull(classFilter, "classFilter");
    Objects.requireNonNull(methodFilter, "methodFilter");
  }

  /** Options without a class or method filter. */
  public LaunchOptions(
      List<String> includeClassNamePatterns,
      List<String> excludeClassNamePatterns,
      List<String> includeTags,
      List<String> excludeTags,
      Map<String, String> configurationParameters) {
    this(
        includeClassNamePatterns,
        excludeClassNamePatterns,
        includeTags,
        excludeTags,
        configurationParameters,
        Optional.empty(),
        Optional.empty());
  }

  /** No filters, no configuration parameters. */
  public static LaunchOptions none() {
    return new LaunchOptions(List.of(), List.of(), List.of(), List.of(), Map.of());
  }
}
