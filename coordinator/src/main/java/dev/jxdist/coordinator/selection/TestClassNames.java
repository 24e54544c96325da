package dev.jxdist.coordinator.selection;

import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.config.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What {@code --select-class} names: a fully qualified class on a suite's classpath, or a simple
 * name that exactly one top-level class of the suites' scanned test classes has.
 */
public final class TestClassNames {

  private TestClassNames() {}

  /**
   * The fully qualified name of the class {@code name} means.
   *
   * @throws UsageException if no class, or more than one, answers to it; the message names the
   *     candidates
   */
  public static String resolve(String name, List<SuiteSpec> suites) {
    if (name.contains(".")) {
      if (suites.stream().noneMatch(s -> ClasspathLookup.hasClass(s.classpath(), name))) {
        throw new UsageException(
            "--select-class "
                + name
                + ": no such class on the test classpath; give a test class by its fully"
                + " qualified name, or by its simple name if only one test class has it");
      }
      return name;
    }
    TreeSet<String> candidates = new TreeSet<>();
    for (SuiteSpec suite : suites) {
      for (Path root : suite.scanRoots()) {
        classFiles(root).stream()
            .filter(path -> path.equals(name + ".class") || path.endsWith("/" + name + ".class"))
            .map(path -> path.substring(0, path.length() - ".class".length()).replace('/', '.'))
            .forEach(candidates::add);
      }
    }
    if (candidates.size() == 1) {
      return candidates.first();
    }
    if (candidates.isEmpty()) {
      throw new UsageException(
          "--select-class "
              + name
              + ": no test class has this simple name; give a test class by its fully qualified"
              + " name, or by its simple name if only one test class has it");
    }
    throw new UsageException(
        "--select-class "
            + name
            + ": several test classes have this simple name ("
            + String.join(", ", candidates)
            + "); give the fully qualified name of the one to run");
  }

  /** The class files under a class directory or in a jar, as '/'-separated paths. */
  private static List<String> classFiles(Path root) {
    try {
      if (Files.isDirectory(root)) {
        try (Stream<Path> files = Files.walk(root)) {
          return files
              .filter(f -> f.getFileName().toString().endsWith(".class"))
              .map(f -> root.relativize(f).toString().replace('\\', '/'))
              .toList();
        }
      }
      if (Files.isRegularFile(root)) {
        try (JarFile jar = new JarFile(root.toFile())) {
          List<String> names = new java.util.ArrayList<>();
          for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            String entry = e.nextElement().getName();
            if (entry.endsWith(".class")) {
              names.add(entry);
            }
          }
          return names;
        }
      }
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the classes in " + root, e);
    }
  }
}
