package dev.jxdist.deploy.maven;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.repository.WorkspaceReader;
import org.eclipse.aether.repository.WorkspaceRepository;

/**
 * Lets Maven find jxdist's own artifacts (its Maven plugin, the CLI jar the plugin runs, the worker
 * jar) in the distribution they came with, before any repository: a Maven core extension, loaded
 * with {@code -Dmaven.ext.class.path=<jxdist>/lib/maven/jxdist-maven-workspace.jar}, which the CLI
 * gives every Maven it starts (and a user may give their own Maven). Maven asks the workspace
 * reader of hint {@code ide} before the local repository (the hook IDEs use to resolve from their
 * workspace; this one is declared in {@code META-INF/plexus/components.xml}), so a machine that
 * never built jxdist runs {@code jxdist-maven-plugin} from the distribution, offline or behind a
 * mirror, whatever its local repository, and nothing is written into that repository.
 *
 * <p>{@code artifacts.properties} next to this jar names the distribution's {@code version} and
 * maps each artifact of group {@code dev.jxdist}, as {@code artifactId.extension}, to its file
 * (relative to that directory). Any other artifact, or another version, is left to Maven.
 */
public final class DistributionWorkspaceReader implements WorkspaceReader {

  static final String GROUP_ID = "dev.jxdist";
  static final String INDEX = "artifacts.properties";

  private final WorkspaceRepository repository = new WorkspaceRepository("jxdist-distribution");
  private final String version;
  private final Map<String, File> files;

  /** The reader of the distribution this class was loaded from. */
  public DistributionWorkspaceReader() {
    this(ownDirectory());
  }

  /**
   * The reader of the artifacts indexed in {@code dir}; it serves nothing when there is no index.
   */
  DistributionWorkspaceReader(Path dir) {
    Properties index = new Properties();
    if (dir != null && Files.isRegularFile(dir.resolve(INDEX))) {
      try (InputStream in = Files.newInputStream(dir.resolve(INDEX))) {
        index.load(in);
      } catch (IOException e) {
        // An unreadable index serves nothing: Maven then looks where it always looks.
        index.clear();
      }
    }
    this.version = index.getProperty("version", "");
    Map<String, File> found = new TreeMap<>();
    for (String key : index.stringPropertyNames()) {
      if (!key.equals("version")) {
        Path file = dir.resolve(index.getProperty(key)).normalize();
        if (Files.isRegularFile(file)) {
          found.put(key, file.toFile());
        }
      }
    }
    this.files = Map.copyOf(found);
  }

  @Override
  public WorkspaceRepository getRepository() {
    return repository;
  }

  @Override
  public File findArtifact(Artifact artifact) {
    if (!serves(artifact) || !artifact.getVersion().equals(version)) {
      return null;
    }
    return files.get(key(artifact));
  }

  @Override
  public List<String> findVersions(Artifact artifact) {
    return serves(artifact) && files.containsKey(key(artifact)) ? List.of(version) : List.of();
  }

  private static boolean serves(Artifact artifact) {
    return GROUP_ID.equals(artifact.getGroupId()) && artifact.getClassifier().isEmpty();
  }

  private static String key(Artifact artifact) {
    return artifact.getArtifactId() + "." + artifact.getExtension();
  }

  /** The directory of the jar this class came from, or null when that cannot be told. */
  private static Path ownDirectory() {
    CodeSource source = DistributionWorkspaceReader.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    try {
      return Path.of(source.getLocation().toURI()).getParent();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }
}
