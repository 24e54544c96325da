package dev.jxdist.coordinator.selection;

import dev.jxdist.coordinator.config.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A built Maven project's test classpath, as Surefire builds it: {@code target/test-classes},
 * {@code target/classes}, then the test-scope dependencies Maven resolves.
 *
 * <p>Asking Maven costs a few seconds, so the answer is kept in {@code target/jxdist/} keyed by the
 * POM's content, and used again while the POM is unchanged and every jar it names still exists.
 */
public final class MavenProject {

  private static final String DEPENDENCY_PLUGIN =
      "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath";

  private final Path dir;
  private final MavenCommand maven;

  /**
   * @param dir the project directory
   * @throws UsageException if it is not a built Maven project; the message says what to do
   */
  public MavenProject(Path dir) {
    this(dir, new MavenCommand());
  }

  MavenProject(Path dir, MavenCommand maven) {
    this.dir = dir.toAbsolutePath().normalize();
    this.maven = maven;
    if (!Files.isRegularFile(this.dir.resolve("pom.xml"))) {
      throw new UsageException("--project " + dir + ": no pom.xml there; point --project at a Maven project");
    }
    if (!Files.isDirectory(testClasses())) {
      throw new UsageException(
          "--project " + dir + ": target/test-classes is missing; build the tests first with `mvn test-compile`");
    }
  }

  /** The project directory (absolute). */
  public Path dir() {
    return dir;
  }

  /** {@code target/test-classes}. */
  public Path testClasses() {
    return dir.resolve("target").resolve("test-classes");
  }

  /** The test classpath in Surefire's order; every entry exists. */
  public List<Path> testClasspath() {
    List<Path> cp = new ArrayList<>();
    cp.add(testClasses());
    Path classes = dir.resolve("target").resolve("classes");
    if (Files.isDirectory(classes)) {
      cp.add(classes);
    }
    cp.addAll(dependencies());
    return cp;
  }

  private List<Path> dependencies() {
    Path cache = dir.resolve("target").resolve("jxdist").resolve("test-classpath.txt");
    String key = pomKey();
    List<Path> cached = readCache(cache, key);
    if (cached != null) {
      return cached;
    }
    try {
      Files.createDirectories(cache.getParent());
      Path out = Files.createTempFile(cache.getParent(), "classpath", ".txt");
      maven.run(
          dir,
          "resolve the test classpath",
          DEPENDENCY_PLUGIN,
          "-Dmdep.outputFile=" + out,
          "-Dmdep.includeScope=test",
          "-Dmdep.pathSeparator=" + java.io.File.pathSeparator);
      String text = Files.readString(out, StandardCharsets.UTF_8).trim();
      Files.delete(out);
      List<Path> deps = new ArrayList<>();
      if (!text.isEmpty()) {
        for (String entry : text.split(java.io.File.pathSeparator)) {
          deps.add(Path.of(entry));
        }
      }
      Files.writeString(cache, key + "\n" + String.join("\n", deps.stream().map(Path::toString).toList()) + "\n");
      return deps;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the classpath of " + dir + " in " + cache, e);
    }
  }

  private static List<Path> readCache(Path cache, String key) {
    if (!Files.isRegularFile(cache)) {
      return null;
    }
    try {
      List<String> lines = Files.readAllLines(cache, StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(0).equals(key)) {
        return null;
      }
      List<Path> deps = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        if (line.isBlank()) {
          continue;
        }
        Path p = Path.of(line);
        if (!Files.exists(p)) {
          return null;
        }
        deps.add(p);
      }
      return deps;
    } catch (IOException e) {
      return null;
    }
  }

  private String pomKey() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(Files.readAllBytes(dir.resolve("pom.xml")));
      return "pom-sha256=" + HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UsageException("--project " + dir + ": cannot read pom.xml: " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
