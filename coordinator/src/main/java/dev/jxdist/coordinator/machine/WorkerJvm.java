package dev.jxdist.coordinator.machine;

import dev.jxdist.common.files.LogTail;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM a joiner started: its process, and the log file its stdout and stderr go to.
 * Closing it kills the JVM (and anything it started) if it still runs.
 */
final class WorkerJvm implements AutoCloseable {

  private static final long KILL_WAIT_MILLIS = 5000;

  private final Process process;
  private final Path log;
  private final List<String> command;

  private WorkerJvm(Process process, Path log, List<String> command) {
    this.process = process;
    this.log = log;
    this.command = List.copyOf(command);
  }

  /**
   * Starts {@code command} in {@code directory} with {@code environment} added to this process's,
   * its output going to {@code log}.
   *
   * @throws IOException naming the program if it cannot be started
   */
  static WorkerJvm start(
      List<String> command, Path directory, Map<String, String> environment, Path log)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().putAll(environment);
    try {
      return new WorkerJvm(pb.start(), log, command);
    } catch (IOException e) {
      throw new IOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  /** Its process id. */
  long pid() {
    return process.pid();
  }

  /** The command that started it. */
  String commandLine() {
    return String.join(" ", command);
  }

  /** Completes when it has exited, with its exit status. */
  CompletableFuture<Integer> onExit() {
    return process.onExit().thenApply(Process::exitValue);
  }

  /** Kills it and whatever it started, without waiting. */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** Its exit status, waiting for it as long as it takes. */
  int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /** The last {@code lines} lines it wrote. */
  List<String> tail(int lines) {
    return LogTail.of(log, lines);
  }

  /** Kills it if it still runs, and waits a little for it to be gone. Idempotent. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
      try {
        process.waitFor(KILL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
