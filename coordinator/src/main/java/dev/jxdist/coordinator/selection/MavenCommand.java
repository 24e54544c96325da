package dev.jxdist.coordinator.selection;

import dev.jxdist.coordinator.config.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Maven ({@code mvn} on the PATH, or {@code $JXDIST_MVN}) in batch mode and quietly. */
final class MavenCommand {

  private static final long TIMEOUT_MINUTES = 10;

  private final String executable;

  MavenCommand() {
    String override = System.getenv("JXDIST_MVN");
    this.executable = override == null || override.isBlank() ? "mvn" : override;
  }

  /**
   * Runs {@code mvn -B -q args} in {@code dir}.
   *
   * @param what what the call is for, for the error message
   * @throws UsageException if Maven is missing or fails; the message carries its last lines
   */
  void run(Path dir, String what, String... args) {
    List<String> command = new ArrayList<>(List.of(executable, "-B", "-q"));
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
