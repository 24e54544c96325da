package dev.jxdist.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs the distribution's CLI, {@code java -jar <jxdist.home>/lib/jxdist.jar args...}, as a real
 * process, the way a user would, with a timeout.
 */
final class Jxdist {

  /** Long enough for a cold Maven classpath query plus worker start-up on a 2-core machine. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

  private static final AtomicInteger runs = new AtomicInteger();

  private Jxdist() {}

  /** Runs jxdist with {@code args} in {@code workDir}, waiting at most {@link #DEFAULT_TIMEOUT}. */
  static ProcessResult run(Path workDir, String... args) {
    return run(workDir, DEFAULT_TIMEOUT, args);
  }

  /** Runs jxdist with {@code args} in {@code workDir}, waiting at most {@code timeout}. */
  static ProcessResult run(Path workDir, Duration timeout, String... args) {
    List<String> command = command(args);
    Path log = Fixtures.runsDir().resolve(String.format("jxdist-%02d.log", runs.incrementAndGet()));
    return ProcessResult.run(command, workDir, log, timeout);
  }

  /**
   * The command line that runs jxdist with {@code args}: {@code java -jar <jxdist.jar> args...},
   * for a test that starts the process its own way (in the background, in a network namespace).
   */
  static List<String> command(String... args) {
    return command(jar(), args);
  }

  /**
   * Like {@link #command(String...)}, for a process that runs as another Unix account (a test
   * host's user): it runs a copy of the distribution that anyone may read, because the checkout it
   * was built in may be its owner's only (a clone in a {@code mktemp -d} directory is 0700).
   */
  static List<String> commandForAnotherUser(String... args) {
    return command(ReadableCopy.jar(), args);
  }

  private static List<String> command(Path jar, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Starts jxdist with {@code args} in {@code workDir} without waiting, its output (both streams)
   * to {@code log}, in a process group of its own (as a shell's foreground job is, so a test can
   * send it Ctrl-C's SIGINT with {@code kill -INT -- -PID}). The caller ends it.
   */
  static Process start(Path workDir, Path log, String... args) throws IOException {
    return start(workDir, log, List.of(), args);
  }

  /** Like {@link #start(Path, Path, String...)}, with {@code jvmOptions} for jxdist's own JVM. */
  static Process start(Path workDir, Path log, List<String> jvmOptions, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add("/usr/bin/setsid");
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  /** The CLI jar of the distribution under test; fails with a hint when it has not been built. */
  static Path jar() {
    String home = System.getProperty("jxdist.home");
    if (home == null) {
      throw new IllegalStateException(
          "system property jxdist.home is not set; run the ITs with Failsafe from deploy/");
    }
    Path jar = Path.of(home, "lib", "jxdist.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " does not exist; build the distribution first (mvn package in deploy/)");
    }
    return jar;
  }

  /**
   * The distribution copied, once per test JVM, into a directory under /tmp that anyone may read.
   */
  private static final class ReadableCopy {

    private static final Path HOME = copy();

    static Path jar() {
      return HOME.resolve("lib").resolve("jxdist.jar");
    }

    private static Path copy() {
      Path source = Jxdist.jar().getParent().getParent();
      try {
        Path dir = Files.createTempDirectory("jxdist-it-dist-");
        Path home = dir.resolve("jxdist");
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(source)) {
          paths = walk.toList();
        }
        for (Path path : paths) {
          Path target = home.resolve(source.relativize(path).toString());
          if (Files.isDirectory(path)) {
            Files.createDirectories(target);
          } else {
            Files.copy(path, target);
          }
          Files.setPosixFilePermissions(
              target,
              PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
        return home;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy the distribution " + source + " to /tmp", e);
      }
    }

    private static void deleteQuietly(Path dir) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // Left in /tmp; the next boot clears it.
      }
    }
  }
}
