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
  private final LaidOutPaths remotePaths;
  private final String jcmd;
  private long pid;
  private boolean pending = true;
  private boolean killRequested;
  private String startFailure;
  private boolean ended;
  private boolean closed;

  /**
   * @param remotePaths each local classpath entry and scan root, by its path on the host
   * @param java the java that runs it on the host: its jcmd takes thread dumps
   */
  RemoteWorkerProcess(
      String id,
      String hostName,
      SshHost host,
      String commandLine,
      String logFile,
      Map<String, String> remotePaths,
      String java) {
    this.id = id;
    this.jcmd = jcmdBeside(java);
    this.hostName = hostName;
    this.host = host;
    this.commandLine = commandLine;
    this.logFile = logFile;
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

  /** A remote worker's exit code is not known here; its end shows as a lost connection. */
  @Override
  public OptionalInt exitCode(long waitMillis) {
    return OptionalInt.empty();
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
    try {
      alive = host.exec("kill -0 " + known + " 2>/dev/null", COMMAND_TIMEOUT).succeeded();
    } catch (HostFailure e) {
      alive = false;
    }
    if (!alive) {
      synchronized (this) {
        ended = true;
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
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
        return;
      }
    }
  }

  @Override
  public CoordinatorCommand adapt(CoordinatorCommand command) {
    return remotePaths.adapt(command);
  }
}
