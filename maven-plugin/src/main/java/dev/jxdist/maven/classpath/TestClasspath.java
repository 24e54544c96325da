package dev.jxdist.maven.classpath;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A module's test classpath in Surefire's order: the test classes directory, the classes directory,
 * the module's resolved dependencies (in resolution order, less {@code classpathDependencyExcludes}
 * and {@code classpathDependencyScopeExclude}), the {@code additionalClasspathElements}, then the
 * {@code additionalClasspathDependencies}. Only entries that exist are kept, each once.
 */
public final class TestClasspath {

  private TestClasspath() {}

  /**
   * Builds the classpath.
   *
   * @param dependencies the module's resolved dependencies, in resolution order
   * @param excludes Surefire's classpathDependencyExcludes patterns
   * @param scopeExclude Surefire's classpathDependencyScopeExclude value ("" for none)
   * @param additionalElements the additional elements (see {@link #additionalElements})
   * @param additionalDependencies Surefire's additionalClasspathDependencies, resolved
   * @throws IllegalArgumentException for an unknown scopeExclude
   */
  public static List<ClasspathEntry> of(
      Path testClassesDirectory,
      Path classesDirectory,
      List<ClasspathArtifact> dependencies,
      List<String> excludes,
      String scopeExclude,
      List<Path> additionalElements,
      List<ClasspathArtifact> additionalDependencies) {
    List<ArtifactPattern> patterns = new ArrayList<>();
    for (String exclude : excludes) {
      patterns.add(ArtifactPattern.parse(exclude));
    }
    ScopeExclusion scopes = ScopeExclusion.parse(scopeExclude);

    Map<Path, ClasspathEntry> entries = new LinkedHashMap<>();
    add(entries, ClasspathEntry.of(testClassesDirectory));
    add(entries, ClasspathEntry.of(classesDirectory));
    for (ClasspathArtifact dependency : dependencies) {
      if (!dependency.addedToClasspath()
          || dependency.file() == null
          || scopes.excludes(dependency.scope())
          || patterns.stream().anyMatch(p -> p.matches(dependency))) {
        continue;
      }
      add(entries, new ClasspathEntry(dependency.file(), dependency));
    }
    for (Path element : additionalElements) {
      add(entries, ClasspathEntry.of(element));
    }
    for (ClasspathArtifact dependency : additionalDependencies) {
      if (dependency.addedToClasspath() && dependency.file() != null) {
        add(entries, new ClasspathEntry(dependency.file(), dependency));
      }
    }
    return List.copyOf(entries.values());
  }

  /**
   * Surefire's additionalClasspathElements as paths: each configured entry split on ',' (as
   * Surefire does), blanks dropped, relative paths taken from {@code basedir}.
   */
  public static List<Path> additionalElements(List<String> configured, Path basedir) {
    List<Path> paths = new ArrayList<>();
    for (String entry : configured) {
      for (String part : entry.split(",")) {
        if (!part.isBlank()) {
          paths.add(basedir.resolve(part.trim()).toAbsolutePath().normalize());
        }
      }
    }
    return paths;
  }

  private static void add(Map<Path, ClasspathEntry> entries, ClasspathEntry entry) {
    Path path = entry.path().toAbsolutePath().normalize();
    if (Files.exists(path)) {
      entries.putIfAbsent(path, new ClasspathEntry(path, entry.artifact()));
    }
  }
}
