package dev.jxdist.coordinator.manager;

import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.coordinator.ssh.ExecResult;
import dev.jxdist.coordinator.ssh.HostFailure;
import dev.jxdist.coordinator.ssh.Shell;
import dev.jxdist.coordinator.ssh.SshHost;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker JVM started detached on an SSH host: it is watched and ended through short commands over
 * the host's connection, and the commands it is sent name the paths laid out there. It exists from
 * the moment its start is asked for: until the host has answered with its pid it counts as alive,
 * and a kill asked for meanwhile is carried out as soon as the pid is known.
 */
final class RemoteWorkerProcess implements WorkerProcess {

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  private static final long GRACE_MILLIS = 3000;

  private final String id;
  private final String hostName;
  private final SshHost host;
  private final String commandLine;
  private final String logFile;
  private final String exitFile;
  private final LaidOutPaths remotePaths;
  private final String jcmd;
  private long pid;
  private boolean pending = true;
  private boolean killRequested;
  private String startFailure;
  private boolean ended;
  private boolean closed;
  private boolean hostSilent;
  private OptionalInt exitCode = OptionalInt.empty();
  private CompletableFuture<OptionalInt> exitRead;

  /**
   * @param exitFile where the shell that started it writes its exit code (see {@link
   *     RemoteHostProvisioner#watchedStart})
   * @param remotePaths each local classpath entry and scan root, by its path on the host
   * @param java the java that runs it on the host: its jcmd takes thread dumps
   */
  RemoteWorkerProcess(
      String id,
      String hostName,
      SshHost host,
      String commandLine,
      String logFile,
      String exitFile,
      Map<String, String> remotePaths,
      String java) {
    this.id = id;
    this.jcmd = jcmdBeside(java);
    this.hostName = hostName;
    this.host = host;
    this.commandLine = commandLine;
    this.logFile = logFile;
    this.exitFile = exitFile;
    this.remotePaths = new LaidOutPaths(remotePaths);
  }

  /** The host has started it as process {@code pid}; a kill asked for meanwhile happens now. */
  void started(long pid) {
    boolean kill;
    synchronized (this) {
      this.pid = pid;
      pending = false;
      kill = killRequested;
    }
    if (kill) {
      kill();
    }
  }

  /** It could not be started: {@code reason} is all there is to tell about it. */
  synchronized void failed(String reason) {
    pending = false;
    ended = true;
    startFailure = reason;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String host() {
    return hostName;
  }

  /** Its pid on the host, 0 until the host has told it. */
  @Override
  public synchronized long pid() {
    return pid;
  }

  @Override
  public String commandLine() {
    return commandLine;
  }

  /**
   * Its exit code, as the shell that started it wrote it down on the host when its JVM ended: read
   * over the host's connection on a thread of its own, so that a host slow to answer costs the
   * caller at most {@code waitMillis}. Empty while its JVM runs, or when the host does not tell in
   * time; asked again, it reads again.
   */
  @Override
  public OptionalInt exitCode(long waitMillis) {
    CompletableFuture<OptionalInt> read;
    synchronized (this) {
      if (exitCode.isPresent() || pending || startFailure != null) {
        return exitCode;
      }
      if (exitRead == null || exitRead.isDone()) {
        exitRead = new CompletableFuture<>();
        CompletableFuture<OptionalInt> reading = exitRead;
        Thread reader = new Thread(() -> reading.complete(readExitCode()), "exit of " + id);
        reader.setDaemon(true);
        reader.start();
      }
      read = exitRead;
    }
    try {
      return read.get(Math.max(0, waitMillis), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  /** The exit code in its exit file, waiting a moment for the file of a JVM that just ended. */
  private OptionalInt readExitCode() {
    String file = Shell.quote(exitFile);
    String command =
        "for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "
            + file
            + " ] && break; sleep 0.05; done; cat "
            + file
            + " 2>/dev/null";
    try {
      String code = host.exec(command, COMMAND_TIMEOUT).stdout().strip();
      if (!code.matches("[0-9]{1,3}")) {
        return OptionalInt.empty();
      }
      synchronized (this) {
        exitCode = OptionalInt.of(Integer.parseInt(code));
        ended = true;
        return exitCode;
      }
    } catch (HostFailure e) {
      return OptionalInt.empty();
    }
  }

  @Override
  public boolean isAlive() {
    long known;
    synchronized (this) {
      if (ended) {
        return false;
      }
      if (pending) {
        return !killRequested;
      }
      known = pid;
    }
    boolean alive;
    boolean answered = true;
    try {
      alive = host.exec("kill -0 " + known + " 2>/dev/null", COMMAND_TIMEOUT).succeeded();
    } catch (HostFailure e) {
      alive = false;
      answered = false;
    }
    if (!alive) {
      synchronized (this) {
        ended = true;
        hostSilent = !answered;
      }
    }
    return alive;
  }

  @Override
  public List<String> logTail(int lines) {
    synchronized (this) {
      if (startFailure != null) {
        return List.of(startFailure);
      }
    }
    try {
      ExecResult result =
          host.exec(
              "tail -n " + lines + " " + Shell.quote(logFile) + " 2>/dev/null", COMMAND_TIMEOUT);
      return result.stdout().lines().toList();
    } catch (HostFailure e) {
      return List.of("(the log on " + hostName + " cannot be read: " + e.reason() + ")");
    }
  }

  /** The jcmd of the JDK {@code java} belongs to: beside it, or on PATH as {@code java} is. */
  static String jcmdBeside(String java) {
    int slash = java.lastIndexOf('/');
    return slash < 0 ? "jcmd" : java.substring(0, slash + 1) + "jcmd";
  }

  /** Runs {@code jcmd PID Thread.print} on the host, as the worker's user. */
  @Override
  public String threadDump(Duration timeout) {
    long known;
    synchronized (this) {
      if (pending || ended) {
        return "no thread dump: worker " + id + " on " + hostName + " is not running";
      }
      known = pid;
    }
    String command = Shell.quote(jcmd) + " " + known + " Thread.print 2>&1";
    try {
      ExecResult result = host.exec(command, timeout);
      if (!result.succeeded()) {
        return "no thread dump: "
            + command
            + " failed on "
            + hostName
            + ": "
            + result.stdout().lines().findFirst().orElse(result.firstErrorLine());
      }
      return result.stdout();
    } catch (HostFailure e) {
      return "no thread dump: " + hostName + ": " + e.reason();
    }
  }

  @Override
  public void kill() {
    long known;
    synchronized (this) {
      if (pending) {
        killRequested = true;
        return;
      }
      if (ended) {
        return;
      }
      known = pid;
    }
    try {
      host.exec("kill -9 " + known + " 2>/dev/null; true", COMMAND_TIMEOUT);
    } catch (HostFailure e) {
      // The host is gone; the worker ends by itself at the heartbeat deadline.
    }
  }

  /** The worker was told to shut down over its stream; nothing more to do here. */
  @Override
  public void letGo() {}

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    long deadline = System.currentTimeMillis() + GRACE_MILLIS;
    while (isAlive()) {
      if (System.currentTimeMillis() >= deadline) {
        kill();
        break;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
        return;
      }
    }
    // The shell that watched it writes its exit code as it ends: the session directory it writes
    // in is removed after that (unless the host no longer answers).
    boolean silent;
    synchronized (this) {
      silent = hostSilent;
    }
    if (!silent) {
      exitCode(GRACE_MILLIS);
    }
  }

  @Override
  public CoordinatorCommand adapt(CoordinatorCommand command) {
    return remotePaths.adapt(command);
  }
}
