package dev.jxdist.coordinator.selection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The most top-level test classes a suite can have, counted without loading anything: the top-level
 * {@code .class} files (no {@code $} in the name) under its scan roots. A unit of work is at most
 * one such class (with {@code --dist load} it can be less, so this bounds nothing there).
 */
public final class TestClassCount {

  private TestClassCount() {}

  /**
   * The top-level class files under {@code scanRoots} (directories; a jar counts as unknown).
   *
   * @return -1 if a root is not a directory
   */
  public static int upperBound(List<Path> scanRoots) {
    int count = 0;
    for (Path root : scanRoots) {
      if (!Files.isDirectory(root)) {
        return -1;
      }
      try (Stream<Path> files = Files.walk(root)) {
        count +=
            (int)
                files
                    .filter(
                        f -> {
                          String name = f.getFileName().toString();
                          return name.endsWith(".class")
                              && name.indexOf('$') < 0
                              && !name.equals("module-info.class")
                              && !name.equals("package-info.class");
                        })
                    .count();
      } catch (IOException | UncheckedIOException e) {
        return -1;
      }
    }
    return count;
  }
}
