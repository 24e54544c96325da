package dev.jxdist.coordinator.selection;

import dev.jxdist.coordinator.config.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes sure a suite's classpath holds a JUnit Platform launcher of the suite's own Platform
 * version, as Surefire does: a suite that brings its own launcher keeps it; otherwise the launcher
 * matching its {@code junit-platform-engine} (1.x for JUnit 5, 6.x for JUnit 6) is added from the
 * local Maven repository, or fetched into jxdist's cache with Maven.
 */
public final class PlatformLauncher {

  private static final String LAUNCHER_CLASS =
      "org/junit/platform/launcher/core/LauncherFactory.class";
  private static final String ENGINE_CLASS = "org/junit/platform/engine/TestEngine.class";
  private static final Pattern ENGINE_JAR =
      Pattern.compile("junit-platform-engine-(\\d[^/]*)\\.jar");

  private final Path localRepository;
  private final Path cacheDir;
  private final MavenCommand maven;

  /**
   * @param localRepository the local Maven repository to look in first
   * @param cacheDir where launchers fetched by jxdist are kept
   */
  public PlatformLauncher(Path localRepository, Path cacheDir) {
    this(localRepository, cacheDir, new MavenCommand());
  }

  PlatformLauncher(Path localRepository, Path cacheDir, MavenCommand maven) {
    this.localRepository = localRepository;
    this.cacheDir = cacheDir;
    this.maven = maven;
  }

  /**
   * {@code classpath} with a matching launcher: unchanged if it has one, else with one appended.
   *
   * @param suiteName names the suite in error messages
   * @throws UsageException if the suite has no JUnit Platform engine, or no launcher can be had
   */
  public List<Path> complete(List<Path> classpath, String suiteName) {
    if (classpath.stream().anyMatch(p -> ClasspathLookup.contains(p, LAUNCHER_CLASS))) {
      return classpath;
    }
    String version =
        classpath.stream()
            .map(PlatformLauncher::engineVersion)
            .flatMap(Optional::stream)
            .findFirst()
            .orElseThrow(
                () ->
                    new UsageException(
                        "no JUnit Platform engine on the test classpath of "
                            + suiteName
                            + "; add junit-jupiter (JUnit 5 or 6) or junit-vintage-engine (JUnit 4) as a test dependency"));
    List<Path> out = new ArrayList<>(classpath);
    out.add(launcherJar(version));
    return out;
  }

  private Path launcherJar(String version) {
    String name = "junit-platform-launcher-" + version + ".jar";
    Path inRepo =
        localRepository.resolve(
            Path.of("org", "junit", "platform", "junit-platform-launcher", version, name));
    if (Files.isRegularFile(inRepo)) {
      return inRepo;
    }
    Path cached = cacheDir.resolve(name);
    if (Files.isRegularFile(cached)) {
      return cached;
    }
    try {
      Files.createDirectories(cacheDir);
    } catch (IOException e) {
      throw new UsageException(
          "cannot create the cache directory " + cacheDir + ": " + e.getMessage());
    }
    maven.run(
        cacheDir,
        "fetch junit-platform-launcher " + version,
        "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
        "-Dartifact=org.junit.platform:junit-platform-launcher:" + version,
        "-DoutputDirectory=" + cacheDir);
    if (!Files.isRegularFile(cached)) {
      throw new UsageException(
          "Maven did not produce "
              + cached
              + "; add org.junit.platform:junit-platform-launcher:"
              + version
              + " to the suite's test dependencies");
    }
    return cached;
  }

  private static Optional<String> engineVersion(Path entry) {
    Matcher m =
        ENGINE_JAR.matcher(entry.getFileName() == null ? "" : entry.getFileName().toString());
    if (m.matches()) {
      return Optional.of(m.group(1));
    }
    if (!Files.isRegularFile(entry) || !ClasspathLookup.contains(entry, ENGINE_CLASS)) {
      return Optional.empty();
    }
    try (JarFile jar = new JarFile(entry.toFile())) {
      return Optional.ofNullable(jar.getManifest())
          .map(mf -> mf.getMainAttributes().getValue("Implementation-Version"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
