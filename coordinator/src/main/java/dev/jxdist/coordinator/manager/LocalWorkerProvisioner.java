package dev.jxdist.coordinator.manager;

import dev.jxdist.common.wire.WorkerBootstrap;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.config.WorkerLaunch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts worker JVMs on this machine: {@code java [suite JVM args] -jar jxdist-worker.jar}, in the
 * suite's working directory, with the bootstrap (and so the token) on stdin. Closing it, after its
 * workers ended, keeps the class data archive the first one wrote (see {@link ClassDataArchive}).
 */
public final class LocalWorkerProvisioner implements Provisioner {

  /**
   * Workers run in a session of their own, so that a Ctrl-C in the terminal reaches the coordinator
   * alone, which then stops them in order (their tests finish, the rest is reported as not run)
   * instead of every JVM dying at once.
   */
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  /** The worker that writes the class data archive when there is none yet. */
  private static final String CDS_CREATOR = "w1";

  private final WorkerLaunch launch;
  private final Path logDir;
  private final String runId;
  private final int capacity;
  private final List<LocalWorker> workers = new ArrayList<>();
  private Optional<ClassDataArchive> creatorArchive = Optional.empty();
  private boolean closed;

  /**
   * @param launch which java and worker jar
   * @param logDir where each worker's stdout and stderr go ({@code w1.log})
   * @param runId the run's id, handed to tests as {@code JXDIST_RUN_ID}
   * @param capacity how many local workers may run at once ({@code -n}; 0: none)
   */
  public LocalWorkerProvisioner(WorkerLaunch launch, Path logDir, String runId, int capacity) {
    this.launch = launch;
    this.logDir = logDir;
    this.runId = runId;
    this.capacity = capacity;
  }

  @Override
  public String name() {
    return "localhost";
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public long running() {
    return workers.stream().filter(LocalWorker::isAlive).count();
  }

  @Override
  public List<WorkerProcess> workers() {
    return List.copyOf(workers);
  }

  /**
   * Starts the worker (its JVM arguments, working directory and environment as its suite says) and
   * hands it its bootstrap.
   *
   * @throws UncheckedIOException if the JVM cannot be started; the message names the java used
   */
  @Override
  public WorkerProcess start(WorkerRequest request) {
    String workerId = request.workerId();
    String slot = request.slot();
    SuiteSpec suite = request.suite();
    WorkerExitListener onExit = request.onExit();
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    command.add(launch.javaExecutable().toString());
    Optional<ClassDataArchive> classData =
        ClassDataArchive.forWorker(
            launch.workerJar(), launch.cacheDir().resolve("cds"), runId, suite.jvmArgs());
    boolean creator = workerId.equals(CDS_CREATOR);
    if (creator) {
      creatorArchive = classData;
    }
    classData.ifPresent(cds -> command.addAll(cds.jvmArgs(creator)));
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.putAll(suite.environment());
    command.addAll(request.contact().jit().withSuiteArgs(suite.jvmArgs(), environment));
    command.add("-jar");
    command.add(launch.workerJar().toString());
    Path log = logDir.resolve(workerId + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(suite.workingDirectory().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.putAll(suite.environment());
    env.putAll(
        WorkerBootstrap.testEnvironment(slot, workerId, request.contact().workerCount(), runId));
    Process process;
    try {
      // Surefire creates a workingDirectory that does not exist yet; so do we.
      Files.createDirectories(suite.workingDirectory());
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start worker "
              + workerId
              + " with "
              + launch.javaExecutable()
              + ": "
              + e.getMessage(),
          e);
    }
    LocalWorker worker = new LocalWorker(workerId, process, log, command, launch.javaExecutable());
    workers.add(worker);
    var unused = process.onExit().thenAccept(p -> onExit.exited(workerId, p.exitValue()));
    try {
      new WorkerBootstrap(
              request.contact().localTarget(),
              workerId,
              request.contact().token().reveal(),
              request.contact().trust(),
              true)
          .writeTo(worker.stdin());
    } catch (IOException e) {
      // It died at once; its exit is reported through onExit with its log.
    }
    return worker;
  }

  /**
   * After every worker has exited: keeps the class data archive the first worker wrote, if it
   * exited normally. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean creatorOk =
        workers.stream()
            .filter(w -> w.id().equals(CDS_CREATOR))
            .anyMatch(w -> w.exitCode(0).orElse(-1) == 0);
    creatorArchive.ifPresent(cds -> cds.publish(creatorOk));
  }
}
