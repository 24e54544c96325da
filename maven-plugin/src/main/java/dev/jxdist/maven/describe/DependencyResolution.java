package dev.jxdist.maven.describe;

import dev.jxdist.maven.classpath.ClasspathArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyFilter;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * Resolves artifacts with Maven's own resolver, from the build's local repository and the
 * repositories the build already uses (so offline builds and mirrors behave as for Maven itself).
 */
public final class DependencyResolution {

  /** An artifact to resolve; {@code excluded} lists {@code groupId:artifactId} to leave out. */
  public record Coordinates(
      String groupId,
      String artifactId,
      String version,
      String classifier,
      String extension,
      List<String> excluded) {

    /** A jar with no classifier and no exclusions. */
    public static Coordinates jar(String groupId, String artifactId, String version) {
      return new Coordinates(groupId, artifactId, version, "", "jar", List.of());
    }

    /** Copies the list. */
    public Coordinates {
      excluded = List.copyOf(excluded);
    }

    @Override
    public String toString() {
      return groupId
          + ":"
          + artifactId
          + ":"
          + extension
          + (classifier.isEmpty() ? "" : ":" + classifier)
          + ":"
          + version;
    }
  }

  private static final String RUNTIME = "runtime";

  /**
   * What a runtime classpath takes: compile and runtime scoped nodes (the roots have runtime
   * scope). Maven's resolver-util has such a filter, but Maven does not export that library to
   * plugins.
   */
  private static final DependencyFilter RUNTIME_CLASSPATH =
      (node, parents) -> {
        Dependency d = node.getDependency();
        return d == null || "compile".equals(d.getScope()) || RUNTIME.equals(d.getScope());
      };

  private final RepositorySystem system;
  private final RepositorySystemSession session;
  private final List<RemoteRepository> repositories;

  /** Resolution in {@code session} from {@code repositories}. */
  public DependencyResolution(
      RepositorySystem system,
      RepositorySystemSession session,
      List<RemoteRepository> repositories) {
    this.system = system;
    this.session = session;
    this.repositories = List.copyOf(repositories);
  }

  /** One artifact, without its dependencies. */
  public ClasspathArtifact resolve(Coordinates coordinates) throws ResolutionException {
    ArtifactRequest request = new ArtifactRequest(artifact(coordinates), repositories, null);
    try {
      ArtifactResult result = system.resolveArtifact(session, request);
      return classpathArtifact(result.getArtifact(), RUNTIME);
    } catch (ArtifactResolutionException e) {
      throw new ResolutionException(coordinates.toString(), e);
    }
  }

  /**
   * The artifacts and their transitive runtime dependencies (less the exclusions), in the
   * resolver's order, each once.
   */
  public List<ClasspathArtifact> resolveTransitively(List<Coordinates> roots)
      throws ResolutionException {
    CollectRequest collect = new CollectRequest();
    collect.setRepositories(repositories);
    for (Coordinates c : roots) {
      List<Exclusion> exclusions = new ArrayList<>();
      for (String key : c.excluded()) {
        String[] ga = key.split(":", 2);
        exclusions.add(new Exclusion(ga[0], ga.length > 1 ? ga[1] : "*", "*", "*"));
      }
      collect.addDependency(new Dependency(artifact(c), RUNTIME, false, exclusions));
    }
    DependencyRequest request = new DependencyRequest(collect, RUNTIME_CLASSPATH);
    try {
      List<ClasspathArtifact> artifacts = new ArrayList<>();
      for (ArtifactResult result :
          system.resolveDependencies(session, request).getArtifactResults()) {
        artifacts.add(classpathArtifact(result.getArtifact(), RUNTIME));
      }
      return artifacts;
    } catch (DependencyResolutionException e) {
      throw new ResolutionException(roots.toString(), e);
    }
  }

  private static Artifact artifact(Coordinates c) {
    return new DefaultArtifact(
        c.groupId(), c.artifactId(), c.classifier(), c.extension(), c.version());
  }

  private static ClasspathArtifact classpathArtifact(Artifact a, String scope) {
    Path file = a.getFile() == null ? null : a.getFile().toPath();
    return new ClasspathArtifact(
        a.getGroupId(),
        a.getArtifactId(),
        a.getVersion(),
        a.getExtension(),
        a.getClassifier(),
        scope,
        file,
        true);
  }

  /** An artifact that could not be resolved; the message names it. */
  public static final class ResolutionException extends Exception {
    private static final long serialVersionUID = 1L;

    ResolutionException(String what, Exception cause) {
      super("could not resolve " + what + ": " + cause.getMessage(), cause);
    }
  }
}
