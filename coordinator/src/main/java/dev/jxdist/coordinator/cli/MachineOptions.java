package dev.jxdist.coordinator.cli;

import dev.jxdist.coordinator.config.UsageException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of a machine that runs worker JVMs for others' runs, {@code jxdist worker} and {@code
 * jxdist agent} alike (a picocli mixin): where its cache is, which java runs the workers, and what
 * reports call it. Each getter validates its option and names it when it is wrong.
 */
final class MachineOptions {

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description = "The blob store and session directories (default: ~/.cache/jxdist).")
  Path cache;

  @Option(
      names = "--java",
      paramLabel = "PATH",
      description = "The java that runs the workers (default: the java running jxdist).")
  Path java;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "What reports call this machine (default: its host name).")
  String name;

  /** {@code --cache}, or {@code $XDG_CACHE_HOME/jxdist} or {@code ~/.cache/jxdist}: absolute. */
  Path cacheDir() {
    return (cache != null ? cache : defaultCache()).toAbsolutePath();
  }

  /**
   * {@code --java}, or the java running jxdist.
   *
   * @throws UsageException if it is not an executable
   */
  Path javaPath() {
    Path path = java != null ? java : Path.of(System.getProperty("java.home"), "bin", "java");
    if (!Files.isExecutable(path)) {
      throw new UsageException(
          "--java " + path + " is not an executable; give the path of a java (17+)");
    }
    return path;
  }

  /**
   * What reports call this machine: {@code --name} if given, else its host name.
   *
   * @throws UsageException if {@code --name} is not a plain machine name
   */
  String machineName() {
    if (name != null && !name.strip().matches("[\\p{Alnum}._@:+-]{1,100}")) {
      throw new UsageException(
          "--name '"
              + name.replaceAll("\\p{Cntrl}", "?")
              + "' is not a plain machine name; give letters, digits, '.', '_', '-', '@', ':' or"
              + " '+' (at most 100)");
    }
    return name != null && !name.isBlank() ? name.strip() : hostName();
  }

  /**
   * jxdist's cache on this machine, {@code $XDG_CACHE_HOME/jxdist} or {@code ~/.cache/jxdist}: the
   * same store SSH hosts use.
   */
  static Path defaultCache() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("jxdist");
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env != null && !env.isBlank() ? env : "joiner";
    }
  }
}
