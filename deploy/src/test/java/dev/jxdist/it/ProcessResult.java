package dev.jxdist.it;

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
 * How an external process (jxdist, Maven) ended: its exit code and everything it wrote to stdout
 * and stderr, interleaved, as a user's terminal would show it.
 *
 * @param command the command line that was run
 * @param exitCode the process exit code
 * @param output stdout and stderr, merged
 * @param log the file the output was written to (kept under target/ for a post-mortem)
 */
record ProcessResult(List<String> command, int exitCode, String output, Path log) {

  private static final int TAIL_LINES = 60;

  /**
   * Runs {@code command} in {@code dir}, its output going to {@code log}, and waits at most {@code
   * timeout}; on timeout the process and all its descendants (worker JVMs) are killed and an {@link
   * AssertionError} is thrown.
   */
  static ProcessResult run(List<String> command, Path dir, Path log, Duration timeout) {
    return run(command, dir, Map.of(), log, timeout);
  }

  /**
   * Like {@link #run(List, Path, Path, Duration)}, with {@code environment} added to (or replacing
   * entries of) the environment this JVM passes on.
   */
  static ProcessResult run(
      List<String> command, Path dir, Map<String, String> environment, Path log, Duration timeout) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        throw new AssertionError(
            "did not finish within "
                + timeout.toSeconds()
                + "s: "
                + String.join(" ", command)
                + "\n"
                + tail(output));
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      return new ProcessResult(List.copyOf(command), process.exitValue(), output, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + String.join(" ", command), e);
    }
  }

  /** The command, the exit code and the last lines of output: for assertion messages. */
  String describe() {
    return "`"
        + String.join(" ", command)
        + "` exited "
        + exitCode
        + " (full output in "
        + log
        + "):\n"
        + tail(output);
  }

  private static String tail(String output) {
    List<String> lines = output.lines().toList();
    int from = Math.max(0, lines.size() - TAIL_LINES);
    return String.join("\n", lines.subList(from, lines.size()));
  }
}
