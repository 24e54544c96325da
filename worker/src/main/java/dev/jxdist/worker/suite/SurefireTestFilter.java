package dev.jxdist.worker.suite;

import dev.jxdist.common.model.Selector;
import dev.jxdist.common.model.SurefireSelection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.maven.surefire.api.testset.TestListResolver;

/**
 * Surefire's selection as the launcher's filters, decided by Surefire's own {@link
 * TestListResolver} (its syntax, its defaults, its corner cases), in the two steps Surefire takes:
 * the scan lists pick the classes (as Surefire's directory scanner does), the test lists then pick
 * the test methods of those classes (as its JUnit Platform provider's method filter does). Both see
 * a class as Surefire does, as the path of its class file ({@code a/b/C$D.class}).
 */
public final class SurefireTestFilter {

  private SurefireTestFilter() {}

  /**
   * {@code selectors} with every class path root replaced by the classes of it the scan lists pick,
   * in the order of their class file paths.
   *
   * @throws UncheckedIOException if a root cannot be read
   */
  public static List<Selector> scan(List<Selector> selectors, SurefireSelection selection) {
    TestListResolver scan =
        new TestListResolver(selection.scanIncludes(), selection.scanExcludes());
    List<Selector> out = new ArrayList<>();
    for (Selector selector : selectors) {
      if (selector.kind() != Selector.Kind.CLASSPATH_ROOT) {
        out.add(selector);
        continue;
      }
      for (String file : classFiles(Path.of(selector.value()))) {
        if (scan.shouldRun(file, null)) {
          String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
          out.add(new Selector(Selector.Kind.CLASS, name));
        }
      }
    }
    return out;
  }

  /**
   * Which classes a package scan keeps (there the class name filter is the only way: Surefire has
   * no package selection), by fully qualified name.
   */
  public static Predicate<String> classes(SurefireSelection selection) {
    TestListResolver scan =
        new TestListResolver(selection.scanIncludes(), selection.scanExcludes());
    return className -> shouldRun(scan, className, null);
  }

  /**
   * Which tests with a method source run, by class and method name; none when the test lists are
   * empty (Surefire adds no method filter then).
   */
  public static Optional<BiPredicate<String, String>> methods(SurefireSelection selection) {
    TestListResolver tests =
        new TestListResolver(selection.testIncludes(), selection.testExcludes());
    if (tests.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of((className, method) -> shouldRun(tests, className, method));
  }

  /** The class files of a class directory or jar, '/'-separated and sorted. */
  private static List<String> classFiles(Path root) {
    List<String> files = new ArrayList<>();
    try {
      if (Files.isDirectory(root)) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.filter(f -> f.getFileName().toString().endsWith(".class"))
              .forEach(f -> files.add(root.relativize(f).toString().replace('\\', '/')));
        }
      } else if (Files.isRegularFile(root)) {
        try (JarFile jar = new JarFile(root.toFile())) {
          for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            String name = e.nextElement().getName();
            if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
              files.add(name);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the test classes in " + root, e);
    }
    files.removeIf(f -> f.endsWith("module-info.class") || f.endsWith("package-info.class"));
    Collections.sort(files);
    return files;
  }

  /** A resolver records what matched in a plain map: one caller at a time. */
  private static boolean shouldRun(TestListResolver resolver, String className, String method) {
    synchronized (resolver) {
      return resolver.shouldRun(TestListResolver.toClassFileName(className), method);
    }
  }
}
