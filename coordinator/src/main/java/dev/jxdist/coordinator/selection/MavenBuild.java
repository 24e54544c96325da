package dev.jxdist.coordinator.selection;

import dev.jxdist.common.files.FileTrees;
import dev.jxdist.coordinator.config.JxdistVersion;
import dev.jxdist.coordinator.config.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A Maven build (one module or a multi-module reactor) whose test runs jxdist takes from Maven
 * itself: it runs {@code mvn test-compile jxdist-maven-plugin:describe}, which writes one {@link
 * ModuleDescription} per module: Surefire's configuration after Maven resolved, interpolated and
 * profiled it.
 *
 * <p>Asking Maven costs seconds, so the descriptions are kept in {@code target/jxdist/modules}
 * under a key made of every {@code pom.xml} of the build and jxdist's version, and used again while
 * the key holds and every classpath entry still exists.
 */
public final class MavenBuild {

  private static final String KEY_FILE = "key.txt";
  private static final Set<String> SKIPPED_DIRS = Set.of("target", "node_modules", "src");

  private final Path dir;
  private final MavenCommand maven;

  /**
   * @param dir the build's directory (with its {@code pom.xml})
   * @throws UsageException if there is no {@code pom.xml}; the message says what to do
   */
  public MavenBuild(Path dir) {
    this(dir, new MavenCommand());
  }

  MavenBuild(Path dir, MavenCommand maven) {
    this.dir = dir.toAbsolutePath().normalize();
    this.maven = maven;
    if (!Files.isRegularFile(this.dir.resolve("pom.xml"))) {
      throw new UsageException(
          "--project " + dir + ": no pom.xml there; point --project at a Maven project");
    }
  }

  /** The build's directory (absolute). */
  public Path dir() {
    return dir;
  }

  /** Every module's description, in build order (modules Surefire would skip included). */
  public List<ModuleDescription> modules() {
    Path out = dir.resolve("target").resolve("jxdist").resolve("modules");
    String key = key();
    List<ModuleDescription> cached = cached(out, key);
    if (cached != null) {
      return cached;
    }
    try {
      FileTrees.delete(out);
      Files.createDirectories(out);
      maven.run(
          dir,
          "compile the tests and describe each module's test run",
          "test-compile",
          "dev.jxdist:jxdist-maven-plugin:" + JxdistVersion.get() + ":describe",
          "-Djxdist.describeDir=" + out);
      List<ModuleDescription> modules = ModuleDescriptionFile.readAll(out);
      Files.writeString(out.resolve(KEY_FILE), key, StandardCharsets.UTF_8);
      return modules;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot keep the module descriptions of " + dir + " in " + out, e);
    }
  }

  private static List<ModuleDescription> cached(Path out, String key) {
    try {
      if (!Files.isRegularFile(out.resolve(KEY_FILE))
          || !Files.readString(out.resolve(KEY_FILE), StandardCharsets.UTF_8).equals(key)) {
        return null;
      }
      List<ModuleDescription> modules = ModuleDescriptionFile.readAll(out);
      boolean intact =
          modules.stream()
              .filter(m -> !m.skip())
              .allMatch(m -> m.classpath().stream().map(Path::of).allMatch(Files::exists));
      return intact ? modules : null;
    } catch (IOException | UsageException e) {
      return null;
    }
  }

  /** SHA-256 over jxdist's version and every pom.xml of the build (paths and contents). */
  private String key() {
    try {
      List<Path> poms = new ArrayList<>();
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              String name = d.getFileName() == null ? "" : d.getFileName().toString();
              boolean skip =
                  !d.equals(dir) && (SKIPPED_DIRS.contains(name) || name.startsWith("."));
              return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              if (f.getFileName().toString().equals("pom.xml")) {
                poms.add(f);
              }
              return FileVisitResult.CONTINUE;
            }
          });
      poms.sort(Comparator.naturalOrder());
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(JxdistVersion.get().getBytes(StandardCharsets.UTF_8));
      for (Path pom : poms) {
        sha.update(dir.relativize(pom).toString().getBytes(StandardCharsets.UTF_8));
        sha.update(Files.readAllBytes(pom));
      }
      return "v1 " + HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UsageException(
          "--project " + dir + ": cannot read its pom.xml files: " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
