package dev.jxdist.maven.classpath;

import java.util.Locale;
import java.util.Set;

/**
 * Surefire's {@code classpathDependencyScopeExclude}: the dependency scopes a named scope stands
 * for (Maven's scope artifact filter), whose dependencies leave the test classpath.
 */
public final class ScopeExclusion {

  private final Set<String> scopes;

  private ScopeExclusion(Set<String> scopes) {
    this.scopes = scopes;
  }

  /** No exclusion. */
  public static ScopeExclusion none() {
    return new ScopeExclusion(Set.of());
  }

  /**
   * The exclusion for Surefire's value: {@code compile} (compile, provided, system), {@code
   * runtime} (compile, runtime), {@code compile+runtime}, {@code runtime+system}, {@code test}
   * (every scope); "" or null for none.
   *
   * @throws IllegalArgumentException for any other value
   */
  public static ScopeExclusion parse(String value) {
    if (value == null || value.isBlank()) {
      return none();
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "compile":
        return new ScopeExclusion(Set.of("compile", "provided", "system"));
      case "runtime":
        return new ScopeExclusion(Set.of("compile", "runtime"));
      case "compile+runtime":
        return new ScopeExclusion(Set.of("compile", "provided", "system", "runtime"));
      case "runtime+system":
        return new ScopeExclusion(Set.of("compile", "runtime", "system"));
      case "test":
        return new ScopeExclusion(Set.of("compile", "provided", "system", "runtime", "test"));
      default:
        throw new IllegalArgumentException(
            "Surefire's classpathDependencyScopeExclude is '"
                + value
                + "'; use compile, runtime, compile+runtime, runtime+system or test");
    }
  }

  /** Whether a dependency of {@code scope} is excluded. */
  public boolean excludes(String scope) {
    return scopes.contains(scope == null || scope.isEmpty() ? "compile" : scope);
  }
}
