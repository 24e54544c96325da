package dev.jxdist.coordinator.selection;

import dev.jxdist.coordinator.config.UsageException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs Maven ({@code mvn} on the PATH, or {@code $JXDIST_MVN}) in batch mode and quietly. When
 * jxdist runs from its distribution, Maven is also given the distribution's Maven extension ({@code
 * lib/maven/jxdist-maven-workspace.jar}), through which it finds jxdist's Maven plugin there rather
 * than in a repository.
 */
final class MavenCommand {

  private static final long TIMEOUT_MINUTES = 10;
  private static final String EXTENSION = "jxdist-maven-workspace.jar";

  private final String executable;
  private final List<String> extension;

  MavenCommand() {
    this(System.getenv("JXDIST_MVN"));
  }

  /** Runs {@code executable} ({@code mvn} when null or blank). */
  MavenCommand(String executable) {
    this.executable = executable == null || executable.isBlank() ? "mvn" : executable;
    this.extension = distributionExtension();
  }

  /**
   * What says which Maven runs and how it is set up, without starting it: the executable (as found
   * on the PATH), the jars of its {@code lib} directory (by name and size: another Maven version
   * has others), its global and the user's settings, and the environment it reads ({@code
   * MAVEN_OPTS}, {@code MAVEN_ARGS}, {@code JAVA_HOME}, the {@code java} on the PATH: profiles can
   * be activated by the JDK).
   */
  List<String> identity() {
    Map<String, String> env = System.getenv();
    List<String> parts = new ArrayList<>();
    parts.add("executable " + executable);
    Path resolved = onPath(executable);
    parts.add("resolved " + resolved);
    if (resolved != null) {
      Path home = resolved.getParent() == null ? null : resolved.getParent().getParent();
      if (home != null) {
        parts.add("lib " + listing(home.resolve("lib")));
        parts.add(
            "global settings "
                + BuildFingerprints.contentOf(home.resolve("conf").resolve("settings.xml")));
      }
    }
    parts.add(
        "user settings "
            + BuildFingerprints.contentOf(
                Path.of(System.getProperty("user.home"), ".m2", "settings.xml")));
    for (String name : List.of("MAVEN_OPTS", "MAVEN_ARGS", "JAVA_HOME")) {
      parts.add(name + "=" + env.getOrDefault(name, ""));
    }
    parts.add("java " + onPath("java"));
    parts.add("extension " + extension);
    return parts;
  }

  /** {@code name} as the shell finds it (its real path), null if nowhere. */
  private static Path onPath(String name) {
    List<Path> candidates = new ArrayList<>();
    if (name.contains("/")) {
      candidates.add(Path.of(name));
    } else {
      String path = System.getenv().getOrDefault("PATH", "");
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, name));
        }
      }
    }
    for (Path c : candidates) {
      if (Files.isExecutable(c) && !Files.isDirectory(c)) {
        try {
          return c.toRealPath();
        } catch (IOException e) {
          return c.toAbsolutePath();
        }
      }
    }
    return null;
  }

  private static String listing(Path dir) {
    if (!Files.isDirectory(dir)) {
      return "none";
    }
    try (Stream<Path> files = Files.list(dir)) {
      return String.join(
          ",",
          files
              .sorted()
              .map(
                  f -> {
                    try {
                      return f.getFileName() + ":" + Files.size(f);
                    } catch (IOException e) {
                      return f.getFileName() + ":?";
                    }
                  })
              .toList());
    } catch (IOException e) {
      return "unreadable";
    }
  }

  /**
   * {@code -Dmaven.ext.class.path=<lib>/maven/jxdist-maven-workspace.jar} when this class comes
   * from a distribution's {@code lib/jxdist.jar}; nothing when it comes from elsewhere (a build's
   * classes, whose plugin is installed in the local repository).
   */
  private static List<String> distributionExtension() {
    CodeSource source = MavenCommand.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return List.of();
    }
    try {
      Path jar = Path.of(source.getLocation().toURI());
      Path extension = jar.resolveSibling("maven").resolve(EXTENSION);
      return Files.isRegularFile(extension)
          ? List.of("-Dmaven.ext.class.path=" + extension)
          : List.of();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return List.of();
    }
  }

  /**
   * Runs {@code mvn -B -q args} in {@code dir}.
   *
   * @param what what the call is for, for the error message
   * @throws UsageException if Maven is missing or fails; the message carries its last lines
   */
  void run(Path dir, String what, String... args) {
    List<String> command = new ArrayList<>(List.of(executable, "-B", "-q"));
    command.addAll(extension);
    command.addAll(List.of(args));
    Path log;
    try {
      log = Files.createTempFile("jxdist-mvn-", ".log");
    } catch (IOException e) {
      throw new UsageException(
          "cannot create a temporary file for Maven's output: " + e.getMessage());
    }
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      p.getOutputStream().close();
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new UsageException(
            "Maven took more than "
                + TIMEOUT_MINUTES
                + " minutes to "
                + what
                + " in "
                + dir
                + "; run `"
                + String.join(" ", command)
                + "` there to see why");
      }
      if (p.exitValue() != 0) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        List<String> tail = lines.subList(Math.max(0, lines.size() - 15), lines.size());
        throw new UsageException(
            "Maven could not "
                + what
                + " in "
                + dir
                + " (exit "
                + p.exitValue()
                + "); its last lines:\n  "
                + String.join("\n  ", tail));
      }
    } catch (IOException e) {
      throw new UsageException(
          "cannot run Maven ('"
              + executable
              + "') to "
              + what
              + ": "
              + e.getMessage()
              + "; install Maven or set JXDIST_MVN to its mvn");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsageException("interrupted while Maven was running to " + what);
    } finally {
      try {
        Files.deleteIfExists(log);
      } catch (IOException ignored) {
        // A leftover temp file is harmless.
      }
    }
  }
}
