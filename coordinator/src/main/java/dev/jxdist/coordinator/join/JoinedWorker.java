package dev.jxdist.coordinator.join;

import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.JoinDirective;
import dev.jxdist.common.wire.JoinerEvent;
import dev.jxdist.common.wire.WorkerBootstrap;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.manager.LaidOutPaths;
import dev.jxdist.coordinator.manager.WorkerExitListener;
import dev.jxdist.coordinator.manager.WorkerProcess;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker on a join place: first an assignment waiting for a joiner, then a worker JVM a joiner
 * laid out and started. Its host is the name of the joiner that took it, its pid and exit code are
 * what that joiner reports, and the commands it is sent name the paths laid out there. Its log tail
 * is the last lines of output the joiner sent with the JVM's exit (empty until then).
 *
 * <p>Its state is guarded by its {@link JoinProvisioner}'s lock: the session thread asks, the
 * joiner's stream tells.
 */
final class JoinedWorker implements WorkerProcess {

  private static final long GRACE_MILLIS = 3000;

  /** Where the worker is in its life. */
  enum State {
    /** Waiting for a free joiner. */
    PENDING,
    /** A joiner took it and is fetching and laying out the code. */
    TAKEN,
    /** The code is laid out; told to launch. */
    LAID_OUT,
    /** Its JVM runs. */
    LAUNCHED,
    /** Over: its JVM exited, it was withdrawn, it could not be started, or its joiner left. */
    ENDED
  }

  private final JoinProvisioner places;
  private final String id;
  private final String slot;
  private final SuiteSpec suite;
  private final List<String> jvmArgs;
  private final LocalManifest manifest;
  private final List<Path> localRoots;
  private final WorkerExitListener onExit;
  private final Clock clock;
  private final Duration joinTimeout;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private State state = State.PENDING;
  private Instant offeredAt;
  private Joiner joiner;
  private String host = "no joiner";
  private long pid;
  private String commandLine = "";
  private Map<String, String> laidOutPaths = Map.of();
  private List<String> logTail = List.of();
  private boolean cancelled;
  private String startFailure;
  private boolean closed;

  JoinedWorker(
      JoinProvisioner places,
      String id,
      String slot,
      SuiteSpec suite,
      List<String> jvmArgs,
      LocalManifest manifest,
      List<Path> localRoots,
      WorkerExitListener onExit,
      Clock clock,
      Duration joinTimeout) {
    this.places = places;
    this.id = id;
    this.slot = slot;
    this.suite = suite;
    this.jvmArgs = List.copyOf(jvmArgs);
    this.manifest = manifest;
    this.localRoots = List.copyOf(localRoots);
    this.onExit = onExit;
    this.clock = clock;
    this.joinTimeout = joinTimeout;
    this.offeredAt = clock.instant();
  }

  // ---- what the provisioner does with it (under its lock) ----

  State state() {
    return state;
  }

  /** {@code to} takes it: the assignment it is sent. */
  JoinDirective.Assignment take(Joiner to, String runId, int workerCount) {
    state = State.TAKEN;
    joiner = to;
    host = to.name();
    return new JoinDirective.Assignment(
        id, runId, suite.name(), manifest.manifest(), jvmArgs, environment(), workerCount);
  }

  /** The suite's environment, and the worker's slot ({@code JXDIST_WORKER}). */
  private Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>(suite.environment());
    env.put(WorkerBootstrap.SLOT, slot);
    return env;
  }

  /**
   * Its code is laid out at {@code classpath} (the manifest's order); the answer for the joiner.
   */
  JoinDirective laidOut(JoinerEvent.LaidOut event) {
    if (cancelled || state != State.TAKEN) {
      return new JoinDirective.Cancel(id, "the place was given up while the code was laid out");
    }
    if (event.classpath().size() != localRoots.size() || event.projectDir().isEmpty()) {
      startFailure =
          "joiner "
              + host
              + " laid suite "
              + suite.name()
              + " out incompletely ("
              + event.classpath().size()
              + " of "
              + localRoots.size()
              + " classpath entries)";
      cancelled = true;
      return new JoinDirective.Cancel(id, startFailure);
    }
    Map<String, String> paths = new LinkedHashMap<>();
    for (int i = 0; i < localRoots.size(); i++) {
      paths.put(localRoots.get(i).toString(), event.classpath().get(i));
    }
    laidOutPaths = paths;
    state = State.LAID_OUT;
    return new JoinDirective.Launch(id);
  }

  /** Its JVM runs with {@code pid}. */
  void started(JoinerEvent.WorkerStarted event) {
    if (state == State.LAID_OUT) {
      state = State.LAUNCHED;
      pid = event.pid();
      commandLine = event.commandLine();
    }
  }

  /** The joiner reported the end of the assignment. */
  void exited(JoinerEvent.WorkerExited event) {
    State was = state;
    state = State.ENDED;
    joiner = null;
    logTail = event.logTail();
    if (event.ran()) {
      exit.complete(event.exitCode());
      if (was == State.LAUNCHED) {
        onExit.exited(id, event.exitCode());
      }
    } else if (!cancelled && startFailure == null) {
      startFailure = "joiner " + host + " could not start it: " + event.failure();
    }
  }

  /**
   * Its joiner left: a worker whose JVM was not started yet goes back to waiting (true: offer it
   * again); one whose JVM runs is out of reach, left to its own stream.
   */
  boolean joinerLost() {
    joiner = null;
    if (!cancelled && (state == State.TAKEN || state == State.LAID_OUT)) {
      state = State.PENDING;
      host = "no joiner";
      offeredAt = clock.instant();
      return true;
    }
    state = State.ENDED;
    return false;
  }

  // ---- WorkerProcess ----

  @Override
  public String id() {
    return id;
  }

  @Override
  public String host() {
    synchronized (places) {
      return host;
    }
  }

  @Override
  public long pid() {
    synchronized (places) {
      return pid;
    }
  }

  @Override
  public String commandLine() {
    synchronized (places) {
      if (!commandLine.isEmpty()) {
        return commandLine + "  (started by jxdist worker on " + host + ")";
      }
      return joiner == null
          ? "(a join place: no joiner started a worker for it)"
          : "(joiner " + host + " had not started it yet)";
    }
  }

  @Override
  public OptionalInt exitCode(long waitMillis) {
    try {
      return OptionalInt.of(exit.get(Math.max(0, waitMillis), TimeUnit.MILLISECONDS));
    } catch (TimeoutException | ExecutionException e) {
      return OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  @Override
  public boolean isAlive() {
    synchronized (places) {
      return state != State.ENDED;
    }
  }

  @Override
  public List<String> logTail(int lines) {
    synchronized (places) {
      if (logTail.isEmpty()) {
        return List.of("(joiner " + host + " has not sent the worker's output)");
      }
      return List.copyOf(logTail.subList(Math.max(0, logTail.size() - lines), logTail.size()));
    }
  }

  @Override
  public boolean launched() {
    synchronized (places) {
      return state == State.LAUNCHED || state == State.ENDED;
    }
  }

  @Override
  public Optional<String> startFailure() {
    synchronized (places) {
      if (startFailure != null) {
        return Optional.of(startFailure);
      }
      if (state == State.PENDING
          && Duration.between(offeredAt, clock.instant()).compareTo(joinTimeout) > 0) {
        return Optional.of(
            "no worker joined within "
                + JoinProvisioner.describe(joinTimeout)
                + "; start one with '"
                + places.joinCommand()
                + "'");
      }
      return Optional.empty();
    }
  }

  /** Withdraws it if no joiner took it yet; otherwise has its joiner stop its JVM. */
  @Override
  public void kill() {
    synchronized (places) {
      if (state == State.PENDING) {
        places.withdraw(this);
        state = State.ENDED;
      } else if (state != State.ENDED && !cancelled) {
        cancelled = true;
        joiner.send(new JoinDirective.Cancel(id, "the coordinator stopped worker " + id));
      }
    }
  }

  /** Withdraws it if no joiner took it yet; a running worker was told over its stream. */
  @Override
  public void letGo() {
    synchronized (places) {
      if (state == State.PENDING) {
        places.withdraw(this);
        state = State.ENDED;
      }
    }
  }

  /** Lets it go, waits for its joiner to report its end, and has it stopped after a grace. */
  @Override
  public void close() {
    synchronized (places) {
      if (closed) {
        return;
      }
      closed = true;
    }
    letGo();
    if (awaitEnd(GRACE_MILLIS)) {
      return;
    }
    kill();
    awaitEnd(GRACE_MILLIS);
  }

  private boolean awaitEnd(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (places) {
      while (state != State.ENDED) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        try {
          places.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  @Override
  public CoordinatorCommand adapt(CoordinatorCommand command) {
    Map<String, String> paths;
    synchronized (places) {
      paths = laidOutPaths;
    }
    return new LaidOutPaths(paths).adapt(command);
  }

  @Override
  public String toString() {
    return "JoinedWorker[" + id + ", " + state + "]";
  }
}
