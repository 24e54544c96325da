package dev.jxdist.worker.bridge.api;

import java.util.List;
import java.util.Map;

/**
 * Filters and configuration applied to every launcher request of a run: the same for discovery and
 * for every execution, so that execution sees the plan that discovery saw.
 *
 * @param includeClassNamePatterns class name patterns a class must match; empty: all
 * @param excludeClassNamePatterns class name patterns that exclude a class
 * @param includeTags tag expressions a test must match; empty: all
 * @param excludeTags tag expressions that exclude a test
 * @param configurationParameters JUnit Platform configuration parameters
 */
public record LaunchOptions(
    List<String> includeClassNamePatterns,
    List<String> excludeClassNamePatterns,
    List<String> includeTags,
    List<String> excludeTags,
    Map<String, String> configurationParameters) {

  public LaunchOptions {
    includeClassNamePatterns = List.copyOf(includeClassNamePatterns);
    excludeClassNamePatterns = List.copyOf(excludeClassNamePatterns);
    includeTags = List.copyOf(includeTags);
    excludeTags = List.copyOf(excludeTags);
    configurationParameters = Map.copyOf(configurationParameters);
  }

  /** No filters, no configuration parameters. */
  public static LaunchOptions none() {
    return new LaunchOptions(List.of(), List.of(), List.of(), List.of(), Map.of());
  }
}
