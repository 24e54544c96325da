package dev.jxdist.worker.testing;

import dev.jxdist.common.wire.WorkerBootstrap;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A worker started as a real JVM process, as the coordinator starts it: bootstrap on stdin (kept
 * open), standard output and error into a log file under {@code target/worker-logs}; its working
 * directory is {@code target}.
 */
public final class WorkerProcess implements AutoCloseable {

  private final Process process;
  private final OutputStream stdin;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.stdin = process.getOutputStream();
    this.log = log;
  }

  /** {@code java -cp <worker classes>:<runtime class path> dev.jxdist.worker.WorkerDaemon}. */
  public static List<String> fromClasses() throws IOException {
    String classes = System.getProperty("jxdist.worker.classes", "target/classes");
    String runtime =
        Files.readString(
                Path.of(
                    System.getProperty(
                        "jxdist.worker.runtimeClasspathFile", "target/worker-runtime.classpath")))
            .strip();
    return List.of(java(), "-cp", classes + ":" + runtime, "dev.jxdist.worker.WorkerDaemon");
  }

  /** {@code java -jar <the shaded worker jar>}. */
  public static List<String> fromJar() {
    return List.of(java(), "-jar", System.getProperty("jxdist.worker.jar"));
  }

  /**
   * Starts {@code command} and writes {@code bootstrap} on its stdin, which stays open.
   *
   * @param name names the log file
   */
  public static WorkerProcess start(
      List<String> command, WorkerBootstrap bootstrap, Map<String, String> env, String name)
      throws IOException {
    Path target = Suites.root().getParent();
    Path logs = target.resolve("worker-logs");
    Files.createDirectories(logs);
    Path log = logs.resolve(name + ".log");
    List<String> full = new ArrayList<>();
    full.add(command.get(0));
    full.add("-Xmx256m");
    full.addAll(command.subList(1, command.size()));
    ProcessBuilder builder =
        new ProcessBuilder(full)
            .directory(target.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("JXDIST_"));
    builder.environment().putAll(env);
    WorkerProcess worker = new WorkerProcess(builder.start(), log);
    if (bootstrap != null) {
      bootstrap.writeTo(worker.stdin);
    }
    return worker;
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /** Closes the worker's stdin, as a dying parent would. */
  public void closeStdin() throws IOException {
    stdin.close();
  }

  /** Waits for the process to exit and returns its status; fails with the log if it does not. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("worker still running after " + timeout + "; log:\n" + log());
    }
    return process.exitValue();
  }

  /** What the worker wrote to stdout and stderr so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
