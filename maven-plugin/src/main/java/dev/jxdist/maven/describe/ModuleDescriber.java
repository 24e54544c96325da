package dev.jxdist.maven.describe;

import dev.jxdist.coordinator.selection.ModuleDescription;
import dev.jxdist.maven.classpath.ArtifactPattern;
import dev.jxdist.maven.classpath.ClasspathArtifact;
import dev.jxdist.maven.classpath.ClasspathEntry;
import dev.jxdist.maven.classpath.JUnitClasspath;
import dev.jxdist.maven.classpath.TestClasspath;
import dev.jxdist.maven.describe.DependencyResolution.Coordinates;
import dev.jxdist.maven.describe.DependencyResolution.ResolutionException;
import dev.jxdist.maven.surefire.AdditionalDependency;
import dev.jxdist.maven.surefire.ArgLine;
import dev.jxdist.maven.surefire.ExpressionProperties;
import dev.jxdist.maven.surefire.SurefireConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;

/**
 * Builds the {@link ModuleDescription} of one project of the reactor: Surefire's configuration from
 * its effective model, its resolved test dependencies in Surefire's classpath order, and the JUnit
 * Platform pieces Surefire would add, resolved with Maven's resolver.
 */
public final class ModuleDescriber {

  private static final String PLATFORM = "org.junit.platform";

  /** The property the describe goal takes its output directory from. */
  public static final String DESCRIBE_DIR_PROPERTY = "jxdist.describeDir";

  private final MavenSession session;
  private final RepositorySystem repositorySystem;
  private final Log log;

  /** Describes projects of {@code session}. */
  public ModuleDescriber(MavenSession session, RepositorySystem repositorySystem, Log log) {
    this.session = session;
    this.repositorySystem = repositorySystem;
    this.log = log;
  }

  /**
   * Describes {@code project}, whose test dependencies must be resolved (the calling goal asks for
   * test resolution).
   *
   * @throws MojoExecutionException naming the module when its configuration cannot be read or an
   *     artifact cannot be resolved
   */
  public ModuleDescription describe(MavenProject project) throws MojoExecutionException {
    String id = project.getGroupId() + ":" + project.getArtifactId();
    Path basedir = project.getBasedir().toPath().toAbsolutePath().normalize();
    ExpressionProperties properties =
        new ExpressionProperties(
            session.getUserProperties(), session.getSystemProperties(), project.getProperties());
    SurefireConfiguration surefire;
    List<String> jvmArgs;
    try {
      surefire =
          SurefireConfiguration.of(
              project.getBuild().getPluginsAsMap().get(SurefireConfiguration.PLUGIN_KEY),
              properties);
      jvmArgs = new ArrayList<>();
      // Surefire's fork has -ea before the argLine (whose -da, if any, then wins).
      if (surefire.enableAssertions()) {
        jvmArgs.add("-ea");
      }
      jvmArgs.addAll(ArgLine.split(surefire.argLine()));
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("Module " + id + ": " + e.getMessage(), e);
    }

    Path testClasses =
        directory(
            basedir, surefire.testClassesDirectory(), project.getBuild().getTestOutputDirectory());
    Path classes =
        directory(basedir, surefire.classesDirectory(), project.getBuild().getOutputDirectory());

    String skipReason = surefire.skipReason();
    if (skipReason.isEmpty() && "pom".equals(project.getPackaging())) {
      skipReason = "packaging pom";
    } else if (skipReason.isEmpty() && !Files.isDirectory(testClasses)) {
      skipReason = "no " + relative(basedir, testClasses);
    }

    DependencyResolution resolution =
        new DependencyResolution(
            repositorySystem,
            session.getRepositorySession(),
            project.getRemoteProjectRepositories());
    List<ClasspathEntry> classpath;
    try {
      classpath =
          TestClasspath.of(
              testClasses,
              classes,
              dependencies(project),
              surefire.classpathDependencyExcludes(),
              surefire.classpathDependencyScopeExclude(),
              TestClasspath.additionalElements(surefire.additionalClasspathElements(), basedir),
              additionalDependencies(resolution, surefire.additionalClasspathDependencies()));
    } catch (IllegalArgumentException | ResolutionException e) {
      throw new MojoExecutionException("Module " + id + ": " + e.getMessage(), e);
    }

    List<String> junitAdded = new ArrayList<>();
    if (skipReason.isEmpty()) {
      try {
        junitAdded = junitPieces(id, classpath, resolution);
      } catch (ResolutionException e) {
        throw new MojoExecutionException(
            "Module "
                + id
                + ": "
                + e.getMessage()
                + "; the JUnit Platform pieces Surefire would add"
                + " must be in the local repository or reachable in the build's repositories",
            e);
      }
    }
    List<String> paths = new ArrayList<>();
    for (ClasspathEntry entry : classpath) {
      paths.add(entry.path().toString());
    }
    paths.addAll(junitAdded);

    List<String> scanDependencies = new ArrayList<>();
    if (!surefire.dependenciesToScan().isEmpty()) {
      List<ArtifactPattern> patterns =
          surefire.dependenciesToScan().stream().map(ArtifactPattern::parse).toList();
      for (ClasspathEntry entry : classpath) {
        ClasspathArtifact a = entry.artifact();
        if (a != null && a.file() != null && patterns.stream().anyMatch(p -> p.matches(a))) {
          scanDependencies.add(entry.path().toString());
        }
      }
    }
    Map<String, String> systemProperties = new LinkedHashMap<>();
    try {
      if (surefire.systemPropertiesFile() != null) {
        systemProperties.putAll(
            PatternFiles.properties(basedir.resolve(surefire.systemPropertiesFile())));
      }
      systemProperties.putAll(surefire.systemProperties());
      // Surefire hands the test JVM every -D Maven was given (jxdist's own describe directory
      // aside: it is not the build's).
      session
          .getUserProperties()
          .forEach(
              (k, v) -> {
                if (!DESCRIBE_DIR_PROPERTY.equals(k)) {
                  systemProperties.put(String.valueOf(k), String.valueOf(v));
                }
              });
    } catch (IOException e) {
      throw new MojoExecutionException(
          "Module "
              + id
              + ": the systemPropertiesFile "
              + surefire.systemPropertiesFile()
              + " cannot be read ("
              + e.getMessage()
              + "); fix the path in Surefire's configuration",
          e);
    }
    List<String> includesFile = patternsOf(id, basedir, surefire.includesFile(), "includesFile");
    List<String> excludesFile = patternsOf(id, basedir, surefire.excludesFile(), "excludesFile");

    Path workingDirectory =
        surefire.workingDirectory() == null
            ? basedir
            : basedir.resolve(surefire.workingDirectory()).toAbsolutePath().normalize();
    Path reportsDirectory =
        surefire.reportsDirectory() == null
            ? Path.of(project.getBuild().getDirectory()).resolve("surefire-reports")
            : basedir.resolve(surefire.reportsDirectory()).toAbsolutePath().normalize();
    return new ModuleDescription(
        id,
        project.getArtifactId(),
        basedir.toString(),
        project.getPackaging(),
        !skipReason.isEmpty(),
        skipReason,
        testClasses.toString(),
        paths,
        junitAdded,
        surefire.argLine(),
        jvmArgs,
        systemProperties,
        surefire.environment(),
        workingDirectory.toString(),
        surefire.includes(),
        surefire.excludes(),
        surefire.groups(),
        surefire.excludedGroups(),
        surefire.configurationParameters(),
        surefire.version(),
        surefire.test(),
        includesFile,
        excludesFile,
        surefire.failIfNoSpecifiedTests(),
        scanDependencies,
        reportsDirectory.toString());
  }

  /** The patterns of Surefire's {@code includesFile} or {@code excludesFile}, [] for none. */
  private static List<String> patternsOf(String id, Path basedir, String file, String parameter)
      throws MojoExecutionException {
    if (file == null) {
      return List.of();
    }
    Path path = basedir.resolve(file);
    try {
      return PatternFiles.lines(path);
    } catch (IOException e) {
      throw new MojoExecutionException(
          "Module "
              + id
              + ": Surefire's "
              + parameter
              + " "
              + path
              + " cannot be read ("
              + e.getMessage()
              + "); fix the path or create the file",
          e);
    }
  }

  /** What Surefire's JUnit Platform provider would add to {@code classpath}, as paths. */
  private List<String> junitPieces(
      String id, List<ClasspathEntry> classpath, DependencyResolution resolution)
      throws ResolutionException {
    JUnitClasspath.Decision decision = JUnitClasspath.decide(classpath);
    List<ClasspathArtifact> added = new ArrayList<>();
    switch (decision.kind()) {
      case LAUNCHER:
        added.add(
            resolution.resolve(
                Coordinates.jar(PLATFORM, "junit-platform-launcher", decision.version())));
        break;
      case VINTAGE:
        added.addAll(
            resolution.resolveTransitively(
                List.of(
                    new Coordinates(
                        "org.junit.vintage",
                        "junit-vintage-engine",
                        decision.version(),
                        "",
                        "jar",
                        List.of("junit:junit")),
                    Coordinates.jar(
                        PLATFORM,
                        "junit-platform-launcher",
                        JUnitClasspath.VINTAGE_PLATFORM_VERSION))));
        break;
      case NOTHING:
      default:
        break;
    }
    Set<String> present = new HashSet<>();
    Set<Path> presentPaths = new HashSet<>();
    for (ClasspathEntry entry : classpath) {
      presentPaths.add(entry.path());
      if (entry.artifact() != null) {
        present.add(entry.artifact().key());
      }
    }
    List<String> paths = new ArrayList<>();
    for (ClasspathArtifact artifact : added) {
      if (artifact.file() != null
          && present.add(artifact.key())
          && presentPaths.add(artifact.file().toAbsolutePath())) {
        paths.add(artifact.file().toAbsolutePath().toString());
      }
    }
    log.info(
        "jxdist: "
            + id
            + ": "
            + decision.reason()
            + (paths.isEmpty()
                ? "; adding no JUnit jars"
                : "; adding " + paths.size() + " JUnit jar(s)"));
    return paths;
  }

  private static List<ClasspathArtifact> dependencies(MavenProject project) {
    List<ClasspathArtifact> dependencies = new ArrayList<>();
    for (Artifact a : project.getArtifacts()) {
      dependencies.add(
          new ClasspathArtifact(
              a.getGroupId(),
              a.getArtifactId(),
              a.getBaseVersion(),
              a.getType(),
              a.getClassifier() == null ? "" : a.getClassifier(),
              a.getScope(),
              a.getFile() == null ? null : a.getFile().toPath(),
              a.getArtifactHandler() == null || a.getArtifactHandler().isAddedToClasspath()));
    }
    return dependencies;
  }

  private static List<ClasspathArtifact> additionalDependencies(
      DependencyResolution resolution, List<AdditionalDependency> configured)
      throws ResolutionException {
    if (configured.isEmpty()) {
      return List.of();
    }
    List<Coordinates> roots = new ArrayList<>();
    for (AdditionalDependency d : configured) {
      boolean testJar = "test-jar".equals(d.type());
      String classifier = testJar && d.classifier().isEmpty() ? "tests" : d.classifier();
      roots.add(
          new Coordinates(
              d.groupId(),
              d.artifactId(),
              d.version(),
              classifier,
              testJar ? "jar" : d.type(),
              List.of()));
    }
    return resolution.resolveTransitively(roots);
  }

  private static Path directory(Path basedir, String configured, String buildDefault) {
    String path = configured != null ? configured : buildDefault;
    return basedir.resolve(path).toAbsolutePath().normalize();
  }

  private static String relative(Path basedir, Path path) {
    return path.startsWith(basedir) ? basedir.relativize(path).toString() : path.toString();
  }
}
