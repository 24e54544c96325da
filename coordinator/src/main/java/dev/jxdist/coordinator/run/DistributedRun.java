package dev.jxdist.coordinator.run;

import dev.jxdist.common.files.FileTrees;
import dev.jxdist.common.wire.CoordinatorTrust;
import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.RunConfig;
import dev.jxdist.coordinator.history.DurationHistory;
import dev.jxdist.coordinator.history.SurefireTimes;
import dev.jxdist.coordinator.join.JoinProvisioner;
import dev.jxdist.coordinator.manager.RunContact;
import dev.jxdist.coordinator.manager.WorkerJit;
import dev.jxdist.coordinator.manager.WorkerManager;
import dev.jxdist.coordinator.remote.CoordinatorServer;
import dev.jxdist.coordinator.remote.ServerIdentity;
import dev.jxdist.coordinator.remote.TokenFile;
import dev.jxdist.coordinator.report.ConsoleReporter;
import dev.jxdist.coordinator.report.ExitCode;
import dev.jxdist.coordinator.report.RunReport;
import dev.jxdist.coordinator.report.RunSummary;
import dev.jxdist.coordinator.scheduler.Distribution;
import dev.jxdist.coordinator.session.DSession;
import dev.jxdist.coordinator.session.SessionResult;
import dev.jxdist.coordinator.session.SessionSettings;
import dev.jxdist.coordinator.session.WorkerStarts;
import dev.jxdist.coordinator.shard.ShardPlan;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Carries out one {@code jxdist run}: owns, in order of start, the worker log directory, the
 * console, the workforce (hosts prepared, join places open), the coordinator's gRPC server, the
 * session and the worker manager; runs the session on the calling thread, has the run's outputs
 * written, and closes everything in reverse order. A Ctrl-C (JVM shutdown) while the session runs
 * interrupts it, waits until the run has cleaned up (reports, workers, worker logs), and ends the
 * process with exit code 2.
 */
public final class DistributedRun {

  private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(30);

  private final RunConfig config;
  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;

  DistributedRun(RunConfig config, PrintStream out, PrintStream err, Clock clock) {
    this.config = config;
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  /** Runs {@code config} with the console on System.out and returns the exit code. */
  public static int execute(RunConfig config) {
    return new DistributedRun(config, System.out, System.err, Clock.systemUTC()).run();
  }

  int run() {
    String runId = randomHex(6);
    Optional<ServerIdentity> identity =
        RunServer.plaintextOnLoopback(config)
            ? Optional.empty()
            : Optional.of(
                config
                    .tls()
                    .map(t -> ServerIdentity.load(t.certificate(), t.key()))
                    .orElseGet(() -> ServerIdentity.generate("jxdist run " + runId)));
    RunToken token =
        config
            .join()
            .tokenFile()
            .map(f -> TokenFile.readOrCreate(f, identity.orElseThrow().pin(), err))
            .orElseGet(RunToken::random);
    Path logDir;
    try {
      logDir = Files.createTempDirectory("jxdist-run-" + runId + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create a directory for worker logs: " + e.getMessage(), e);
    }
    Interruption interruption = new Interruption();
    try (ConsoleReporter console =
        new ConsoleReporter(out, onTerminal(), clock, config.durationsReport())) {
      RunToken agentToken =
          config
              .join()
              .agents()
              .tokenFile()
              .map(f -> TokenFile.read(f, "--agent-token-file"))
              .orElse(null);
      Optional<Workforce> prepared =
          Workforce.prepare(config, runId, logDir, console, err, clock, agentToken);
      if (prepared.isEmpty()) {
        return ExitCode.INTERNAL_ERROR;
      }
      try (Workforce workforce = prepared.get()) {
        return run(workforce, identity, token, runId, console, interruption);
      }
    } finally {
      FileTrees.deleteQuietly(logDir);
      // Only now may a Ctrl-C halt the JVM: the worker logs are gone.
      interruption.close();
    }
  }

  /** The run proper, once its workforce is ready: the session from start to end. */
  private int run(
      Workforce workforce,
      Optional<ServerIdentity> identity,
      RunToken token,
      String runId,
      ConsoleReporter console,
      Interruption interruption) {
    int workers = workforce.capacity();
    DurationHistory history = DurationHistory.load(config.durationsFile());
    history.warning().ifPresent(w -> err.println("jxdist: " + w));
    // Each suite's Surefire reports, read once if at all: for the first wave and for the order.
    Map<String, SurefireTimes> surefire = new LinkedHashMap<>();
    config.suites().forEach(s -> surefire.put(s.id(), SurefireTimes.in(s.surefireReports())));
    Optional<KnownWork> known = KnownWork.of(history, surefire.values());
    Optional<WorkerStarts> starts = workerStarts(config, history, known, workers);
    int firstWave = starts.map(s -> s.firstWave(workers)).orElse(workers);
    // The schedulers share the work among the workers that start; they count later ones as they
    // come.
    RunSchedulers schedulers = new RunSchedulers(config, history, surefire, firstWave);
    WorkerJit jit = WorkerJit.forRun(KnownWork.seconds(known), config.distribution(), firstWave);
    DSession session =
        new DSession(
            clock,
            config.suites().stream().map(s -> SuiteCommands.of(s, config.selection())).toList(),
            schedulers,
            schedulers::estimates,
            console,
            new SessionSettings(
                Duration.ofSeconds(GrpcDefaults.HEARTBEAT_SECONDS),
                workers,
                config.freshJvm(),
                config.maxFailures(),
                runId,
                SessionSettings.COLLECTION_WAIT,
                config.distribution() == Distribution.EACH,
                config.replay().isPresent(),
                config.maxWorkerRestarts().orElse(workers),
                config.timeouts(),
                config.reruns(),
                starts));
    Optional<JoinProvisioner> joinPlaces = workforce.join();
    // A Ctrl-C waits for all of this: the reports written, every worker let go, the logs removed.
    return interruption.during(
        session,
        () -> {
          try (CoordinatorServer server =
                  RunServer.start(config, identity, token, session, joinPlaces);
              WorkerManager manager =
                  new WorkerManager(
                      workforce.handOver(),
                      new RunContact(
                          RunServer.localTarget(server),
                          server.port(),
                          token,
                          identity
                              .map(i -> CoordinatorTrust.pinned(i.pin()))
                              .orElseGet(CoordinatorTrust::loopback),
                          workers,
                          jit),
                      session,
                      warning -> err.println("jxdist: " + warning))) {
            joinPlaces.ifPresent(
                places -> advertise(places, RunServer.joinCommand(config, server)));
            workforce
                .agents()
                .ifPresent(
                    agents ->
                        agents.offer(
                            RunServer.agentJoinHost(server),
                            server.port(),
                            token,
                            identity.orElseThrow().pin()));
            SessionResult result = session.run(new ManagedStarts(manager));
            RunReport report = emptyShareAsPassed(result.report(), schedulers.shards());
            new RunOutputs(config, console)
                .write(
                    report,
                    history,
                    workforce.syncStats(),
                    schedulers.shards().map(ShardPlan::section));
            result.fatal().ifPresent(f -> err.println("jxdist: " + f));
            return report.summary().exitCode();
          }
        });
  }

  /**
   * How many of the run's workers are worth starting, when that is the run's to decide: {@code -n
   * auto} (an explicit count starts that many), local workers only (hosts, joiners and agents are
   * there to be used), sharing the work (not each, a replay, fresh JVMs or a shard of a split), and
   * work known before the plan. A worker's start is the history's measure, or {@link
   * WorkerStarts#UNMEASURED_START_SECONDS} where no run measured it. Empty: every worker starts.
   */
  private static Optional<WorkerStarts> workerStarts(
      RunConfig config, DurationHistory history, Optional<KnownWork> known, int workers) {
    boolean localOnly =
        config.hosts().isEmpty() && config.join().places() == 0 && !config.join().agents().any();
    boolean shared =
        config.distribution() != Distribution.EACH
            && config.replay().isEmpty()
            && !config.freshJvm()
            && config.shard().isEmpty();
    if (!config.workersByWork() || !localOnly || !shared || known.isEmpty()) {
      return Optional.empty();
    }
    OptionalDouble measured = history.workerStart();
    double start =
        measured.isPresent() && measured.getAsDouble() > 0
            ? measured.getAsDouble()
            : WorkerStarts.UNMEASURED_START_SECONDS;
    return Optional.of(
        new WorkerStarts(
            Math.min(config.suites().size(), workers),
            start,
            known.get().seconds(),
            known.get().basis()));
  }

  /**
   * A shard that got no unit of the plan (more shards than units) did its part: its report ends
   * with exit code 0, not "no tests found", and the console says why it ran nothing.
   */
  private RunReport emptyShareAsPassed(RunReport report, Optional<ShardPlan> shards) {
    if (shards.isEmpty()
        || !shards.get().emptyShare()
        || report.summary().exitCode() != ExitCode.NO_TESTS) {
      return report;
    }
    ShardPlan plan = shards.get();
    err.println(
        "jxdist: shard "
            + plan.shard()
            + " has no work: the plan has "
            + (plan.unitsTotal() == 1 ? "1 unit" : plan.unitsTotal() + " units")
            + " for "
            + plan.shard().count()
            + " shards, and none fell to this one");
    RunSummary s = report.summary();
    return new RunReport(
        new RunSummary(
            s.total(),
            s.passed(),
            s.failed(),
            s.errors(),
            s.skipped(),
            s.crashed(),
            s.flaky(),
            s.wallS(),
            ExitCode.PASSED),
        report.workers(),
        report.hosts(),
        report.tests(),
        report.units(),
        report.classes());
  }

  /** Tells the join places how joiners start, and the user too when the run waits for them. */
  private void advertise(JoinProvisioner places, String command) {
    places.advertise(command);
    int expected = config.join().places();
    if (expected > 0) {
      boolean one = expected == 1;
      err.println(
          "jxdist: waiting for "
              + (one ? "1 worker" : expected + " workers")
              + " to join; start "
              + (one ? "it" : "each")
              + " with: "
              + command);
    }
  }

  /**
   * Ctrl-C while the session runs: a shutdown hook, registered by {@link #during}, interrupts the
   * session and waits (at most {@link #INTERRUPT_GRACE}) until the run has cleaned up after itself
   * ({@link #close}: the reports written, every worker let go, the worker-log directory removed)
   * before the JVM halts with exit code 2. Before the session starts no hook waits for anything.
   */
  private static final class Interruption implements AutoCloseable {

    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private Thread hook;

    /** Runs {@code body} (the server, the session, the workers let go) under the hook. */
    int during(DSession session, IntSupplier body) {
      hook =
          new Thread(
              () -> {
                if (closed.get()) {
                  return;
                }
                session.interrupt();
                try {
                  cleanedUp.await(INTERRUPT_GRACE.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
              },
              "jxdist-interrupt");
      Runtime.getRuntime().addShutdownHook(hook);
      return body.getAsInt();
    }

    /** The run has cleaned up: a waiting hook may halt now, and none is needed any more. */
    @Override
    public void close() {
      closed.set(true);
      cleanedUp.countDown();
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // Already shutting down: the hook is what is waiting for us.
        }
      }
    }
  }

  /**
   * Whether the console is a terminal (the progress line redraws itself there). From Java 22 on,
   * {@code System.console()} is there even when the output is piped, and {@code isTerminal} says.
   */
  @SuppressWarnings("SystemConsoleNull") // null is asked for Java 17-21 only, isTerminal after
  private static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // Java 17 to 21: a console exists only on a terminal
    }
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
