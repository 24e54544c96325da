package dev.jxdist.worker;

import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.common.wire.ProtoMapper;
import dev.jxdist.common.wire.WorkerBootstrap;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.worker.connection.CoordinatorAddress;
import dev.jxdist.worker.connection.CoordinatorConnection;
import dev.jxdist.worker.connection.InboundHandler;
import dev.jxdist.worker.diagnostics.WorkerLog;
import dev.jxdist.worker.execution.WorkerSession;
import dev.jxdist.worker.liveness.HeartbeatWatchdog;
import dev.jxdist.worker.liveness.StdinWatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;

/**
 * The worker process. Started by the coordinator as {@code java -jar jxdist-worker.jar} with the
 * {@link WorkerBootstrap} lines on standard input (or, for workers started by someone else, with
 * {@code JXDIST_COORDINATOR}, {@code JXDIST_WORKER_ID} and {@code JXDIST_TOKEN_FILE} in the
 * environment), it dials the coordinator, says Hello, and lets a {@link WorkerSession} do what the
 * coordinator asks until it says Bye, fails, or finds itself alone; then it exits with an {@link
 * ExitCode}.
 *
 * <p>Owns, and closes in order: the stdin watch, the heartbeat watchdog, the session (its work,
 * which runs on the thread that calls {@link #runSession}; output capture; suite) and the
 * connection (abandoned first when the coordinator is gone). {@link #main} halts the JVM if exiting
 * takes longer than {@link #EXIT_DEADLINE}.
 */
public final class WorkerDaemon implements AutoCloseable {

  /** How often the heartbeat watchdog looks at the clock. */
  static final Duration WATCHDOG_PERIOD = Duration.ofMillis(250);

  /** The longest a worker takes to exit once it decided to: then the JVM is halted. */
  static final Duration EXIT_DEADLINE = Duration.ofSeconds(15);

  private final WorkerBootstrap bootstrap;
  private final CoordinatorAddress address;
  private final Clock clock;
  private final WorkerLog log;
  private final InputStream stdin;
  private final CompletableFuture<ExitCode> exit = new CompletableFuture<>();
  private StdinWatcher stdinWatcher;
  private HeartbeatWatchdog watchdog;
  private WorkerSession session;
  private CoordinatorConnection connection;
  private boolean started;
  private boolean closed;

  /**
   * @param bootstrap who to dial and who we are
   * @param clock the time source for deadlines and timestamps
   * @param log the worker's diagnostics (on the original standard error)
   * @param stdin the original standard input, watched for its end if the bootstrap asks
   * @throws IllegalArgumentException if the coordinator address is not host:port, or not a loopback
   *     address while the bootstrap says the coordinator is on loopback
   */
  public WorkerDaemon(WorkerBootstrap bootstrap, Clock clock, WorkerLog log, InputStream stdin) {
    this.bootstrap = bootstrap;
    this.address = CoordinatorAddress.parse(bootstrap.coordinator());
    if (bootstrap.trust().pin().isEmpty()) {
      // Checked again where the channel is built; here it fails as a bad bootstrap, at once.
      address.loopback();
    }
    this.clock = clock;
    this.log = log;
    this.stdin = stdin;
  }

  /**
   * Runs a worker until it is done, then exits the JVM with its {@link ExitCode}. The tests run on
   * this, the JVM's main thread, as Surefire runs them; a thread of its own, "worker-exit", waits
   * for the worker to decide to exit and ends the JVM, even while a test still holds the main
   * thread.
   */
  public static void main(String[] args) {
    GrpcDefaults.withoutNettyJfrEvents();
    PrintStream originalErr = System.err;
    InputStream originalIn = System.in;
    // Bind java.util.logging's console handler (gRPC logs through it) to the original stderr
    // before the suite's output capture replaces System.err.
    Logger.getLogger("").getHandlers();
    WorkerBootstrap bootstrap;
    try {
      bootstrap = BootstrapSource.read(System.getenv(), originalIn);
    } catch (IOException | RuntimeException e) {
      originalErr.println("jxdist-worker: cannot start: " + e.getMessage());
      System.exit(ExitCode.BAD_BOOTSTRAP.status());
      return;
    }
    WorkerLog log = new WorkerLog(originalErr, bootstrap.workerId());
    WorkerDaemon daemon;
    try {
      daemon = new WorkerDaemon(bootstrap, Clock.systemUTC(), log, originalIn);
    } catch (IllegalArgumentException e) {
      log.info("cannot start: " + e.getMessage());
      exit(ExitCode.BAD_BOOTSTRAP, log);
      return;
    }
    Thread exiter = new Thread(() -> exitWhenDone(daemon, log), "worker-exit");
    exiter.start();
    try {
      daemon.start();
      daemon.runSession();
    } catch (RuntimeException | Error e) {
      log.error("internal error", e);
      daemon.terminate(ExitCode.INTERNAL_ERROR, "internal error: " + e);
    }
    // The session is over; the exit thread ends the JVM.
    joinUninterruptibly(exiter);
  }

  /** Waits until {@code thread} ends; a test's leftover interrupt does not end the wait. */
  @SuppressWarnings("ThreadJoinLoop") // this is the loop the check asks for; it does not see it
  private static void joinUninterruptibly(Thread thread) {
    while (true) {
      try {
        thread.join();
        return;
      } catch (InterruptedException e) {
        // keep waiting for the exit
      }
    }
  }

  /** Waits until the worker decided to exit, closes it (bounded) and exits the JVM. */
  private static void exitWhenDone(WorkerDaemon daemon, WorkerLog log) {
    ExitCode code = daemon.awaitExit();
    haltAfter(EXIT_DEADLINE, code, log);
    try {
      daemon.close();
    } catch (RuntimeException | Error e) {
      log.error("internal error while exiting", e);
    }
    exit(code, log);
  }

  private static void exit(ExitCode code, WorkerLog log) {
    log.info("exit " + code.status() + " (" + code + ")");
    System.exit(code.status());
  }

  /**
   * Makes sure the JVM is gone {@code deadline} after the worker decided to exit, even if closing
   * or a shutdown hook of the suite hangs: a worker never lingers.
   */
  private static void haltAfter(Duration deadline, ExitCode code, WorkerLog log) {
    Thread reaper =
        new Thread(
            () -> {
              try {
                Thread.sleep(deadline.toMillis());
              } catch (InterruptedException e) {
                return;
              }
              log.info(
                  "still running " + deadline.toSeconds() + " s after deciding to exit; halting");
              Runtime.getRuntime().halt(code.status());
            },
            "worker-exit-deadline");
    reaper.setDaemon(true);
    reaper.start();
  }

  /** Dials the coordinator and says Hello; returns at once. */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException("the worker daemon was started or closed already");
    }
    started = true;
    log.info(
        "connecting to the coordinator at "
            + address
            + bootstrap
                .trust()
                .pin()
                .map(pin -> " over TLS, accepting only the certificate " + pin)
                .orElse(" in plaintext (loopback)"));
    if (bootstrap.exitOnStdinEof()) {
      stdinWatcher =
          new StdinWatcher(
                  stdin,
                  () ->
                      terminate(
                          ExitCode.PARENT_GONE,
                          "standard input closed: the process that started this worker is gone"))
              .start();
    }
    watchdog = new HeartbeatWatchdog(clock, GrpcDefaults.HANDSHAKE_TIMEOUT);
    watchdog.start(WATCHDOG_PERIOD, reason -> terminate(ExitCode.COORDINATOR_SILENT, reason));
    connection =
        new CoordinatorConnection(
            address,
            bootstrap.trust(),
            log,
            reason -> terminate(ExitCode.COORDINATOR_GONE, reason));
    session =
        new WorkerSession(
            connection.outbox(), clock, log, WorkerDaemon.class.getClassLoader(), this::terminate);
    connection.connect(new Inbound());
    connection.outbox().send(hello());
  }

  /**
   * Does what the coordinator asks on the calling thread (the tests run on it) until the session is
   * over or the worker is closed.
   */
  public void runSession() {
    WorkerSession running;
    synchronized (this) {
      if (!started) {
        throw new IllegalStateException("the worker daemon was not started");
      }
      running = session;
    }
    running.run();
  }

  /** Blocks until the worker is done and returns how it ended. */
  public ExitCode awaitExit() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return exit.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return ExitCode.INTERNAL_ERROR;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Ends the worker's life with {@code code}; the first call wins and is logged. */
  void terminate(ExitCode code, String reason) {
    if (exit.complete(code)) {
      log.info(reason);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (stdinWatcher != null) {
      stdinWatcher.close();
    }
    if (watchdog != null) {
      watchdog.close();
    }
    ExitCode code = exit.getNow(ExitCode.OK);
    if (connection != null
        && (code == ExitCode.COORDINATOR_GONE
            || code == ExitCode.COORDINATOR_SILENT
            || code == ExitCode.PARENT_GONE)) {
      // Nobody is listening: drop the stream first, so nothing below waits to write to it.
      connection.abandon();
    }
    if (session != null) {
      session.close();
    }
    if (connection != null) {
      connection.close();
    }
  }

  private WorkerEvent.Hello hello() {
    return new WorkerEvent.Hello(
        ProtoMapper.PROTOCOL_VERSION,
        bootstrap.workerId(),
        hostName(),
        ProcessHandle.current().pid(),
        System.getProperty("java.version", ""),
        System.getProperty("java.vendor", ""),
        Runtime.getRuntime().availableProcessors(),
        bootstrap.token());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env == null ? "localhost" : env;
    }
  }

  /** What arrives on the stream: liveness first, then the session. */
  private final class Inbound implements InboundHandler {
    @Override
    public void onCommand(CoordinatorCommand command) {
      watchdog.heard();
      if (command instanceof CoordinatorCommand.Configure) {
        watchdog.heartbeat(((CoordinatorCommand.Configure) command).heartbeatSeconds());
      }
      session.onCommand(command);
    }

    @Override
    public void onMalformed(String problem) {
      watchdog.heard();
      session.protocolError(problem);
    }

    @Override
    public void onEnd(String description) {
      terminate(session.plannedExit().orElse(ExitCode.COORDINATOR_GONE), description);
    }
  }
}
