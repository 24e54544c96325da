package dev.jxdist.common.sync;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A manifest laid out in a session directory by {@link Layout}.
 *
 * @param root the session directory
 * @param classpath the classpath entries as absolute paths, in classpath order
 * @param directories each synced directory's absolute path by its logical name
 * @param filesLinked how many files are hard links to their blobs
 * @param filesCopied how many files are copies of their blobs
 */
public record Workspace(
    Path root,
    List<Path> classpath,
    Map<String, Path> directories,
    int filesLinked,
    int filesCopied) {

  public Workspace {
    classpath = List.copyOf(classpath);
    directories = Map.copyOf(directories);
  }

  /**
   * The laid-out project directory (the tests' working directory), if the manifest has one: its one
   * synced directory, named after the project's own ({@link Manifest#projectName}).
   */
  public Optional<Path> projectDirectory() {
    return directories.size() == 1
        ? Optional.of(directories.values().iterator().next())
        : Optional.ofNullable(directories.get(Manifest.PROJECT));
  }

  /** The classpath joined with the platform's path separator, for {@code -cp}. */
  public String classpathString() {
    return classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }
}
