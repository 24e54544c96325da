package dev.jxdist.it.hosts;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How a short external command (ip, ssh, a command on a test host) ended: its exit code and what it
 * wrote to stdout and stderr.
 *
 * @param command the command line that was run
 * @param exitCode the exit code
 * @param stdout everything written to stdout
 * @param stderr everything written to stderr
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

  /** Longest a command may take unless the caller says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** Runs {@code command} with this JVM's environment and directory, stdin empty. */
  public static CommandResult run(List<String> command) {
    return run(command, null, null, DEFAULT_TIMEOUT);
  }

  /**
   * Runs {@code command} in {@code dir} (this JVM's if null) with exactly {@code environment} (this
   * JVM's if null), stdin empty, and waits at most {@code timeout}; on timeout the command and its
   * descendants are killed and an {@link IllegalStateException} is thrown.
   */
  public static CommandResult run(
      List<String> command, Path dir, Map<String, String> environment, Duration timeout) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("jxdist-cmd", ".out");
      err = Files.createTempFile("jxdist-cmd", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      if (dir != null) {
        builder.directory(dir.toFile());
      }
      if (environment != null) {
        builder.environment().clear();
        builder.environment().putAll(environment);
      }
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(
            "`"
                + String.join(" ", command)
                + "` did not finish within "
                + timeout.toSeconds()
                + "s; stderr: "
                + Files.readString(err, StandardCharsets.UTF_8).strip());
      }
      return new CommandResult(
          List.copyOf(command),
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** True if the command exited 0. */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /** This result, if the command exited 0; otherwise an {@link IllegalStateException}. */
  public CommandResult orThrow() {
    if (!succeeded()) {
      throw new IllegalStateException(describe());
    }
    return this;
  }

  /** The command, its exit code and its output: for exception and assertion messages. */
  public String describe() {
    return "`"
        + String.join(" ", command)
        + "` exited "
        + exitCode
        + "\nstdout: "
        + stdout.strip()
        + "\nstderr: "
        + stderr.strip();
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A temporary file left in /tmp is harmless; the command's result matters more.
    }
  }
}
