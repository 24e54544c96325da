package dev.jxdist.maven.surefire;

/**
 * One entry of Surefire's {@code additionalClasspathDependencies}: a Maven dependency Surefire
 * resolves (with its transitive dependencies) and appends to the test classpath.
 *
 * @param classifier "" for none
 * @param type "jar" unless configured
 */
public record AdditionalDependency(
    String groupId, String artifactId, String version, String classifier, String type) {

  /** {@code groupId:artifactId:type[:classifier]:version}, for messages. */
  @Override
  public String toString() {
    return groupId
        + ":"
        + artifactId
        + ":"
        + type
        + (classifier.isEmpty() ? "" : ":" + classifier)
        + ":"
        + version;
  }
}
