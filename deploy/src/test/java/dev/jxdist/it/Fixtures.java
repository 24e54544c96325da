package dev.jxdist.it;

import dev.jxdist.common.files.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixture projects of {@code src/it/fixtures}, copied to {@code target/it-fixtures/<name>} and
 * built there with Maven, so that nothing is ever built inside the source tree.
 *
 * <p>Each fixture is copied and built once per JVM, and Surefire runs on it at most once per JVM:
 * the results are cached here (the one piece of static state, shared by all IT classes of a
 * Failsafe run).
 */
final class Fixtures {

  private static final Duration MAVEN_TIMEOUT = Duration.ofMinutes(10);
  private static final Map<String, Path> built = new HashMap<>();
  private static final Map<String, ReportTotals> surefire = new HashMap<>();
  private static final Map<String, Path> surefireRan = new HashMap<>();

  private Fixtures() {}

  /** The fixture {@code name}, freshly copied and test-compiled ({@code mvn test-compile}). */
  static synchronized Path built(String name) {
    Path dir = built.get(name);
    if (dir == null) {
      dir = copy(name, name);
      maven(dir, name + "-test-compile", "test-compile");
      built.put(name, dir);
    }
    return dir;
  }

  /**
   * A fresh, unbuilt copy of the fixture {@code name} at {@code target/it-fixtures/<copyName>}, for
   * a test that builds it its own way (any earlier copy of that name is deleted first).
   */
  static synchronized Path freshCopy(String name, String copyName) {
    return copy(name, copyName);
  }

  /**
   * A fresh copy of the fixture {@code name} at {@code target/it-fixtures/<copyName>},
   * test-compiled there, that no other test shares: for a test that changes the project (runs
   * {@code mvn test} in it, edits it) or whose point needs a first run on it. {@code copyName} must
   * not be the name of a fixture, whose shared copy has that directory.
   */
  static synchronized Path builtCopy(String name, String copyName) {
    if (Files.isDirectory(Path.of(fixturesDir(), copyName))) {
      throw new IllegalArgumentException(
          copyName
              + " is a fixture's name: its shared copy would be replaced; name the copy after"
              + " the test");
    }
    Path dir = copy(name, copyName);
    maven(dir, copyName + "-test-compile", "test-compile");
    return dir;
  }

  /**
   * Runs {@code mvn args...} in {@code dir} with {@code environment} added to this JVM's, its
   * output logged to {@code target/it-runs/<logName>.log}; the caller checks the exit code.
   */
  static ProcessResult runMaven(
      Path dir, String logName, Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(List.of(mavenCommand()));
    command.addAll(List.of(args));
    return ProcessResult.run(
        command, dir, environment, runsDir().resolve(logName + ".log"), MAVEN_TIMEOUT);
  }

  /**
   * What Maven Surefire reports for the fixture {@code name}: runs {@code mvn test
   * -Dmaven.test.failure.ignore=true} there once and sums {@code target/surefire-reports} (of every
   * module, for a multi-module fixture).
   */
  static synchronized ReportTotals surefireTotals(String name) {
    ReportTotals totals = surefire.get(name);
    if (totals == null) {
      Path dir = surefireRun(name);
      // Every module's reports: one directory for a single project, one per module for a reactor.
      totals = ReportTotals.readModules(dir, "target/surefire-reports");
      surefire.put(name, totals);
    }
    return totals;
  }

  /**
   * A copy of the fixture {@code name} of its own ({@code <name>-surefire}) after {@code mvn test
   * -Dmaven.test.failure.ignore=true} ran there (once per JVM): each module's {@code
   * target/surefire-reports} holds what Surefire wrote, if anything. Never the shared copy of
   * {@link #built}: a first jxdist run orders and splits its classes by Surefire's reports, so
   * reports left there would change what other tests' first runs do, depending on test order.
   */
  static synchronized Path surefireRun(String name) {
    Path dir = surefireRan.get(name);
    if (dir == null) {
      dir = copy(name, name + "-surefire");
      maven(dir, name + "-surefire", "test", "-Dmaven.test.failure.ignore=true");
      surefireRan.put(name, dir);
    }
    return dir;
  }

  /** The names of the fixture projects of {@code src/it/fixtures}, sorted. */
  static List<String> names() {
    Path root = Path.of(fixturesDir());
    try (var list = Files.list(root)) {
      return list.filter(p -> Files.isRegularFile(p.resolve("pom.xml")))
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the fixtures in " + root, e);
    }
  }

  /** The test classpath Maven resolves for the built fixture {@code name}, ':'-separated. */
  static synchronized String dependencyClasspath(String name) {
    Path dir = built(name);
    Path out = dir.resolve("target/classpath.txt");
    maven(
        dir,
        name + "-classpath",
        "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
        "-Dmdep.outputFile=" + out,
        "-Dmdep.includeScope=test");
    try {
      return Files.readString(out).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + out, e);
    }
  }

  /** Where this run keeps its logs and scratch files ({@code target/it-runs}). */
  static Path runsDir() {
    return moduleDir().resolve("target/it-runs");
  }

  private static Path moduleDir() {
    return Path.of(System.getProperty("user.dir")).toAbsolutePath();
  }

  private static String fixturesDir() {
    String fixtures = System.getProperty("jxdist.fixtures");
    if (fixtures == null) {
      throw new IllegalStateException(
          "system property jxdist.fixtures is not set; run the ITs with Failsafe from deploy/");
    }
    return fixtures;
  }

  private static Path copy(String name, String copyName) {
    Path source = Path.of(fixturesDir(), name);
    if (!Files.isRegularFile(source.resolve("pom.xml"))) {
      throw new IllegalStateException("no fixture project at " + source);
    }
    Path target = moduleDir().resolve("target/it-fixtures").resolve(copyName);
    try {
      FileTrees.delete(target);
      copyTree(source, target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy fixture " + source + " to " + target, e);
    }
    return target;
  }

  private static void maven(Path dir, String logName, String... goals) {
    List<String> command = new ArrayList<>(List.of(mavenCommand(), "-B", "-q"));
    command.addAll(List.of(goals));
    ProcessResult result =
        ProcessResult.run(command, dir, runsDir().resolve(logName + ".log"), MAVEN_TIMEOUT);
    if (result.exitCode() != 0) {
      throw new AssertionError("building fixture " + dir + " failed: " + result.describe());
    }
  }

  private static String mavenCommand() {
    String home = System.getenv("MAVEN_HOME");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn").toString();
    }
    return "mvn";
  }

  private static void copyTree(Path source, Path target) throws IOException {
    Files.walkFileTree(
        source,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (!dir.equals(source) && dir.getFileName().toString().equals("target")) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            Files.createDirectories(target.resolve(source.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(file, target.resolve(source.relativize(file).toString()));
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
