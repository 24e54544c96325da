package dev.jxdist.coordinator.manager;

import dev.jxdist.common.files.LogTail;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM on this machine: its process, its stdin (held open: closing it tells the worker
 * its parent is gone), and the log file its stdout and stderr go to.
 */
final class LocalWorker implements WorkerProcess {

  private final String id;
  private final Process process;
  private final OutputStream stdin;
  private final Path log;
  private final List<String> command;
  private final Path java;
  private boolean closed;

  /**
   * @param java the java that runs it: its jcmd takes thread dumps
   */
  LocalWorker(String id, Process process, Path log, List<String> command, Path java) {
    this.id = id;
    this.java = java;
    this.process = process;
    this.stdin = process.getOutputStream();
    this.log = log;
    this.command = List.copyOf(command);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String host() {
    return "localhost";
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public String commandLine() {
    return String.join(" ", command);
  }

  @Override
  public OptionalInt exitCode(long waitMillis) {
    try {
      if (process.waitFor(waitMillis, TimeUnit.MILLISECONDS)) {
        return OptionalInt.of(process.exitValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return OptionalInt.empty();
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public List<String> logTail(int lines) {
    return LogTail.of(log, lines);
  }

  /** Runs {@code jcmd PID Thread.print} with the jcmd beside the worker's java (else on PATH). */
  @Override
  public String threadDump(Duration timeout) {
    Path jcmd = java.resolveSibling("jcmd");
    List<String> cmd =
        List.of(
            Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
            Long.toString(process.pid()),
            "Thread.print");
    Path out = null;
    try {
      out = Files.createTempFile("jxdist-dump-" + id, ".txt");
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return "no thread dump: "
            + String.join(" ", cmd)
            + " did not finish within "
            + timeout.toSeconds()
            + " s";
      }
      String text = Files.readString(out);
      if (p.exitValue() != 0) {
        return "no thread dump: "
            + String.join(" ", cmd)
            + " failed (exit code "
            + p.exitValue()
            + "): "
            + text.lines().findFirst().orElse("");
      }
      return text;
    } catch (IOException e) {
      return "no thread dump: cannot run " + cmd.get(0) + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "no thread dump: interrupted";
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a temporary file left behind
        }
      }
    }
  }

  @Override
  public void kill() {
    process.destroyForcibly();
  }

  /** Stream handed to the worker's stdin (for the bootstrap). */
  OutputStream stdin() {
    return stdin;
  }

  /** Closes its stdin and waits a little for it to exit on its own; then kills it. Idempotent. */
  /** Closes its stdin: a worker whose parent is gone exits. */
  @Override
  public void letGo() {
    try {
      stdin.close();
    } catch (IOException ignored) {
      // The pipe is already broken: the process is gone.
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    letGo();
    if (exitCode(3_000).isEmpty()) {
      process.destroyForcibly();
      exitCode(3_000);
    }
  }

  @Override
  public String toString() {
    return "LocalWorker[" + id + ", pid " + process.pid() + "]";
  }
}
