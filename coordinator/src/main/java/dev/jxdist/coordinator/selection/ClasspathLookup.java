package dev.jxdist.coordinator.selection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

/** Looks for classes and resources on a classpath without loading them: in directories or jars. */
public final class ClasspathLookup {

  private ClasspathLookup() {}

  /**
   * True if {@code className} (binary name, {@code a.b.C} or {@code a.b.C$D}) is on {@code
   * classpath}.
   */
  public static boolean hasClass(List<Path> classpath, String className) {
    String resource = className.replace('.', '/') + ".class";
    return classpath.stream().anyMatch(entry -> contains(entry, resource));
  }

  /** True if the directory or jar {@code entry} holds {@code resource} (a '/'-separated path). */
  public static boolean contains(Path entry, String resource) {
    if (Files.isDirectory(entry)) {
      return Files.isRegularFile(entry.resolve(resource));
    }
    if (!Files.isRegularFile(entry)) {
      return false;
    }
    try (JarFile jar = new JarFile(entry.toFile())) {
      return jar.getEntry(resource) != null;
    } catch (IOException e) {
      return false; // Not a jar: it holds nothing.
    }
  }
}
