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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * A Maven build (one module or a multi-module reactor) whose test runs jxdist takes from Maven
 * itself, brought up to date as {@code mvn test} would bring it: {@code mvn process-test-classes
 * jxdist-maven-plugin:describe} builds what changed (Maven's own incremental build, every plugin
 * bound up to {@code process-test-classes} included) and writes one {@link ModuleDescription} per
 * module: Surefire's configuration after Maven resolved, interpolated and profiled it.
 *
 * <p>A Maven start costs seconds, so Maven is skipped when it could change nothing. The answer is
 * kept in {@code target/jxdist/modules} with three fingerprints ({@link BuildFingerprints}): the
 * <em>description key</em> (everything that shapes the descriptions: every {@code pom.xml} and
 * {@code .mvn} file of the build, the Maven that runs and its settings and environment, the {@code
 * -D} and {@code -P} given, jxdist's version), the <em>sources</em> (the content of every file
 * under the build and its modules but build output) as they were when Maven last built, and the
 * <em>outputs</em> (size and time of every class file and jar the tests run from) as Maven left
 * them. When all three hold, the build is up to date and the descriptions are used as they are.
 *
 * <p>Without building ({@code --no-build}, as {@code surefire:test} runs), the compiled state is
 * used as it is: the kept descriptions if their key holds, else {@code mvn jxdist:describe} alone.
 * Only {@code jxdist run --project} writes here; {@code mvn jxdist:test} keeps its own.
 */
public final class MavenBuild {

  private static final String STATE_FILE = "state.properties";
  private static final String NOT_BUILT = "none";
  private static final Set<String> SKIPPED_DIRS = Set.of("target", "node_modules", "src");

  private final Path dir;
  private final MavenCommand maven;
  private final MavenInvocation invocation;
  private final boolean build;

  /**
   * @param dir the build's directory (with its {@code pom.xml})
   * @param invocation the {@code -D} and {@code -P} for Maven
   * @param build whether to bring the build up to date ({@code false}: {@code --no-build})
   * @throws UsageException if there is no {@code pom.xml}; the message says what to do
   */
  public MavenBuild(Path dir, MavenInvocation invocation, boolean build) {
    this(dir, new MavenCommand(), invocation, build);
  }

  MavenBuild(Path dir, MavenCommand maven, MavenInvocation invocation, boolean build) {
    this.dir = dir.toAbsolutePath().normalize();
    this.maven = maven;
    this.invocation = invocation;
    this.build = build;
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
    String key = descriptionKey();
    Properties state = readState(out);
    List<ModuleDescription> kept = key.equals(state.getProperty("key")) ? intact(out) : null;
    if (!build) {
      if (kept != null) {
        return kept;
      }
      return describe(
          out,
          key,
          null,
          "describe each module's test run (--no-build: nothing is compiled)",
          describeGoal());
    }
    List<Path> roots = sourceRoots(kept);
    String sources = BuildFingerprints.sources(roots);
    if (kept != null
        && sources.equals(state.getProperty("sources"))
        && outputs(kept).equals(state.getProperty("outputs"))) {
      return kept;
    }
    return describe(
        out,
        key,
        sources,
        "bring the build up to date (process-test-classes) and describe each module's test run",
        "process-test-classes",
        describeGoal());
  }

  /**
   * Runs Maven with {@code goals}, reads what it described and keeps it with its fingerprints.
   *
   * @param sources the sources Maven built from, hashed before it started (null: not built)
   */
  private List<ModuleDescription> describe(
      Path out, String key, String sources, String what, String... goals) {
    try {
      FileTrees.delete(out);
      Files.createDirectories(out);
      List<String> args = new ArrayList<>(List.of(goals));
      args.add("-D" + "jxdist.describeDir=" + out);
      args.addAll(invocation.args());
      maven.run(dir, what, args.toArray(new String[0]));
      List<ModuleDescription> modules = ModuleDescriptionFile.readAll(out);
      if (sources != null && !covered(sourceRoots(null), modules)) {
        // A module outside the build's directory: its sources count too (read after the build).
        sources = BuildFingerprints.sources(sourceRoots(modules));
      }
      Properties state = new Properties();
      state.setProperty("key", key);
      state.setProperty("sources", sources == null ? NOT_BUILT : sources);
      state.setProperty("outputs", outputs(modules));
      Path tmp = Files.createTempFile(out, STATE_FILE, ".tmp");
      try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        state.store(w, "jxdist: what Maven described here, and the build it described");
      }
      Files.move(tmp, out.resolve(STATE_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return modules;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot keep the module descriptions of " + dir + " in " + out, e);
    }
  }

  private String describeGoal() {
    return "dev.jxdist:jxdist-maven-plugin:" + JxdistVersion.get() + ":describe";
  }

  /** The kept descriptions if every classpath entry of a module that runs still exists. */
  private static List<ModuleDescription> intact(Path out) {
    try {
      List<ModuleDescription> modules = ModuleDescriptionFile.readAll(out);
      boolean intact =
          modules.stream()
              .filter(m -> !m.skip())
              .allMatch(m -> m.classpath().stream().map(Path::of).allMatch(Files::exists));
      return intact ? modules : null;
    } catch (UsageException e) {
      return null;
    }
  }

  private static Properties readState(Path out) {
    Properties state = new Properties();
    Path file = out.resolve(STATE_FILE);
    if (Files.isRegularFile(file)) {
      try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        state.load(r);
      } catch (IOException | IllegalArgumentException e) {
        return new Properties(); // Unreadable: as if there were none.
      }
    }
    return state;
  }

  /** The build's directory and every module's, as far as the descriptions know them. */
  private List<Path> sourceRoots(List<ModuleDescription> modules) {
    List<Path> roots = new ArrayList<>();
    roots.add(dir);
    if (modules != null) {
      modules.forEach(m -> roots.add(Path.of(m.basedir())));
    }
    return roots;
  }

  private static boolean covered(List<Path> roots, List<ModuleDescription> modules) {
    return modules.stream()
        .allMatch(
            m -> roots.stream().anyMatch(r -> Path.of(m.basedir()).normalize().startsWith(r)));
  }

  /** Every class directory and jar the modules' tests run from. */
  private static String outputs(List<ModuleDescription> modules) {
    List<Path> entries = new ArrayList<>();
    for (ModuleDescription m : modules) {
      entries.add(Path.of(m.testClassesDirectory()));
      if (!m.skip()) {
        m.classpath().forEach(entry -> entries.add(Path.of(entry)));
      }
    }
    return BuildFingerprints.outputs(entries);
  }

  /**
   * What shapes the descriptions: jxdist's version, the Maven that runs (and its setup), what is
   * handed to it, and every {@code pom.xml} and {@code .mvn} file of the build (paths and
   * contents).
   */
  private String descriptionKey() {
    List<String> parts = new ArrayList<>();
    // The shape of what the plugin describes: v3 has Surefire's -ea in the JVM arguments (a
    // snapshot keeps its version, so an answer kept by an earlier build would be taken as it was).
    parts.add("v3 jxdist " + JxdistVersion.get());
    parts.addAll(maven.identity());
    parts.add("invocation " + String.join(" ", invocation.args()));
    try {
      List<Path> files = new ArrayList<>();
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              String name = d.getFileName() == null ? "" : d.getFileName().toString();
              if (d.getParent() != null && d.getParent().equals(dir) && name.equals(".mvn")) {
                return FileVisitResult.CONTINUE;
              }
              boolean skip =
                  !d.equals(dir) && (SKIPPED_DIRS.contains(name) || name.startsWith("."));
              return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              if (f.getFileName().toString().equals("pom.xml")
                  || dir.relativize(f).startsWith(".mvn")) {
                files.add(f);
              }
              return FileVisitResult.CONTINUE;
            }
          });
      files.sort(Comparator.naturalOrder());
      for (Path f : files) {
        parts.add(dir.relativize(f) + " " + BuildFingerprints.contentOf(f));
      }
    } catch (IOException e) {
      throw new UsageException(
          "--project " + dir + ": cannot read its pom.xml files: " + e.getMessage());
    }
    return BuildFingerprints.of(parts);
  }
}
