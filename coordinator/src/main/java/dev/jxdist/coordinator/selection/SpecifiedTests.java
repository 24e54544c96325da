package dev.jxdist.coordinator.selection;

import dev.jxdist.common.model.SurefireSelection;
import dev.jxdist.coordinator.config.SuiteSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.maven.surefire.api.testset.TestListResolver;

/**
 * Surefire's {@code failIfNoSpecifiedTests}: a module given {@code -Dtest} whose scanned class
 * files (its test classes directory and {@code dependenciesToScan} jars) match none of the patterns
 * fails, before anything runs. Surefire checks the class files only: a class that matches but whose
 * methods do not runs no test and passes.
 */
public final class SpecifiedTests {

  private SpecifiedTests() {}

  /**
   * The message Surefire gives if {@code suite} requires its {@code -Dtest} patterns to match a
   * class and none does; empty when they match, or none are required.
   */
  public static Optional<String> unmatched(SuiteSpec suite) {
    String required = suite.filters().requiredTests();
    Optional<SurefireSelection> selection = suite.filters().surefire();
    if (required.isEmpty() || selection.isEmpty()) {
      return Optional.empty();
    }
    TestListResolver scan =
        new TestListResolver(selection.get().scanIncludes(), selection.get().scanExcludes());
    for (Path root : suite.scanRoots()) {
      if (anyClassMatches(root, scan)) {
        return Optional.empty();
      }
    }
    return Optional.of(
        "No tests matching pattern \""
            + required
            + "\" were executed in module "
            + suite.id()
            + "! (Set -Dsurefire.failIfNoSpecifiedTests=false to ignore this error.)");
  }

  private static boolean anyClassMatches(Path root, TestListResolver scan) {
    try {
      if (Files.isDirectory(root)) {
        try (Stream<Path> files = Files.walk(root)) {
          return files
              .filter(f -> f.toString().endsWith(".class"))
              .map(f -> root.relativize(f).toString().replace('\\', '/'))
              .anyMatch(path -> scan.shouldRun(path, null));
        }
      }
      if (Files.isRegularFile(root)) {
        try (JarFile jar = new JarFile(root.toFile())) {
          for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            String name = e.nextElement().getName();
            if (name.endsWith(".class") && scan.shouldRun(name, null)) {
              return true;
            }
          }
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the test classes in " + root, e);
    }
  }
}
