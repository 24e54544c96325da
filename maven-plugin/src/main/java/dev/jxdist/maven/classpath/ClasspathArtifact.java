package dev.jxdist.maven.classpath;

import java.nio.file.Path;

/**
 * A resolved dependency of a module, as much of it as the test classpath needs.
 *
 * @param classifier "" for none
 * @param scope compile, provided, runtime, test or system
 * @param file the artifact's file (a jar, or a reactor module's classes directory)
 * @param addedToClasspath whether its type puts it on a classpath (jar, test-jar, ...; not pom)
 */
public record ClasspathArtifact(
    String groupId,
    String artifactId,
    String version,
    String type,
    String classifier,
    String scope,
    Path file,
    boolean addedToClasspath) {

  /** A jar dependency of the given scope. */
  public static ClasspathArtifact jar(
      String groupId, String artifactId, String version, String scope, Path file) {
    return new ClasspathArtifact(groupId, artifactId, version, "jar", "", scope, file, true);
  }

  /** {@code groupId:artifactId}. */
  public String key() {
    return groupId + ":" + artifactId;
  }
}
