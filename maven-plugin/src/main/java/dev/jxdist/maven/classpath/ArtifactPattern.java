package dev.jxdist.maven.classpath;

import java.util.regex.Pattern;

/**
 * A pattern of Surefire's {@code classpathDependencyExcludes}: {@code groupId:artifactId},
 * optionally followed by {@code :type:version} or {@code :type:classifier:version}; each part may
 * use {@code *} as a wildcard and a shorter pattern matches on the parts it has (as Maven's pattern
 * artifact filter does).
 */
public final class ArtifactPattern {

  private final String text;
  private final Pattern[] parts;

  private ArtifactPattern(String text) {
    this.text = text;
    String[] tokens = text.trim().split(":", -1);
    parts = new Pattern[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      parts[i] = glob(tokens[i].trim());
    }
  }

  /** Parses one pattern. */
  public static ArtifactPattern parse(String text) {
    return new ArtifactPattern(text);
  }

  /** Whether {@code artifact} matches. */
  public boolean matches(ClasspathArtifact artifact) {
    String[] fields;
    if (parts.length >= 5) {
      fields =
          new String[] {
            artifact.groupId(),
            artifact.artifactId(),
            artifact.type(),
            artifact.classifier(),
            artifact.version()
          };
    } else {
      fields =
          new String[] {
            artifact.groupId(), artifact.artifactId(), artifact.type(), artifact.version()
          };
    }
    if (parts.length > fields.length) {
      return false;
    }
    for (int i = 0; i < parts.length; i++) {
      if (!parts[i].matcher(fields[i] == null ? "" : fields[i]).matches()) {
        return false;
      }
    }
    return true;
  }

  private static Pattern glob(String token) {
    if (token.isEmpty()) {
      return Pattern.compile(".*");
    }
    StringBuilder regex = new StringBuilder();
    String[] pieces = token.split("\\*", -1);
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      if (!pieces[i].isEmpty()) {
        regex.append(Pattern.quote(pieces[i]));
      }
    }
    return Pattern.compile(regex.toString());
  }

  @Override
  public String toString() {
    return text;
  }
}
