package dev.jxdist.maven.classpath;

import java.nio.file.Path;

/**
 * One element of a test classpath, with the artifact it came from (null for the module's own class
 * directories and additional elements).
 */
public record ClasspathEntry(Path path, ClasspathArtifact artifact) {

  /** An entry that is not a Maven artifact. */
  public static ClasspathEntry of(Path path) {
    return new ClasspathEntry(path, null);
  }

  /** Whether it is the artifact {@code groupId:artifactId}. */
  public boolean is(String groupId, String artifactId) {
    return artifact != null
        && artifact.groupId().equals(groupId)
        && artifact.artifactId().equals(artifactId);
  }
}
