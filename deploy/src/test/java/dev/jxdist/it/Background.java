package dev.jxdist.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process a test starts and goes on while it runs (a {@code jxdist worker} waiting for its
 * coordinator, a run to join), its stdout and stderr merged into a log file. Closing it kills it
 * and everything it started, if it still runs.
 */
final class Background implements AutoCloseable {

  private final List<String> command;
  private final Process process;
  private final Path log;

  private Background(List<String> command, Process process, Path log) {
    this.command = List.copyOf(command);
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} in {@code dir}, its output going to {@code log}. */
  static Background start(List<String> command, Path dir, Path log) {
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      return new Background(command, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
    }
  }

  /** What it wrote so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    }
  }

  /** Waits until its output contains {@code text}; fails after {@code timeout} or if it ends. */
  void awaitOutput(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!output().contains(text)) {
      if (!process.isAlive()) {
        throw new AssertionError("ended before it wrote '" + text + "': " + describe());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "did not write '" + text + "' within " + timeout + ": " + describe());
      }
      Thread.sleep(100);
    }
  }

  /** Its exit code; fails (killing it) if it has not ended within {@code timeout}. */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      String described = describe();
      close();
      throw new AssertionError("did not end within " + timeout + ": " + described);
    }
    return process.exitValue();
  }

  /** Its process id. */
  long pid() {
    return process.pid();
  }

  /** Sends it SIGINT, as Ctrl-C in its terminal would (to it alone, not its process group). */
  void interrupt() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -INT " + process.pid() + " failed");
    }
  }

  /** The command and its output so far: for assertion messages. */
  String describe() {
    return "`" + String.join(" ", command) + "` (log " + log + "):\n" + output();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
