package dev.jxdist.coordinator.session;

import dev.jxdist.common.model.Selector;
import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.coordinator.config.HostPort;
import dev.jxdist.coordinator.config.JoinOptions;
import dev.jxdist.coordinator.config.ReplayRecord;
import dev.jxdist.coordinator.config.RunConfig;
import dev.jxdist.coordinator.config.Selection;
import dev.jxdist.coordinator.config.SuiteFilters;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.config.UsageException;
import dev.jxdist.coordinator.history.DurationHistory;
import dev.jxdist.coordinator.history.HistoryCost;
import dev.jxdist.coordinator.history.Measurements;
import dev.jxdist.coordinator.join.JoinProvisioner;
import dev.jxdist.coordinator.join.JoinService;
import dev.jxdist.coordinator.join.TokenFile;
import dev.jxdist.coordinator.manager.LocalWorkerProvisioner;
import dev.jxdist.coordinator.manager.RemoteHostProvisioner;
import dev.jxdist.coordinator.manager.WorkerManager;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.remote.CoordinatorServer;
import dev.jxdist.coordinator.remote.WorkerChannelService;
import dev.jxdist.coordinator.report.ConsoleReporter;
import dev.jxdist.coordinator.report.HostSummary;
import dev.jxdist.coordinator.report.HtmlReport;
import dev.jxdist.coordinator.report.JsonReport;
import dev.jxdist.coordinator.report.RunReport;
import dev.jxdist.coordinator.report.SurefireXmlReport;
import dev.jxdist.coordinator.report.SyncStats;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.scheduler.Distribution;
import dev.jxdist.coordinator.scheduler.ReplayScheduler;
import dev.jxdist.coordinator.sync.SuiteManifests;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Carries out one {@code jxdist run}: owns, in order of start, the worker log directory, the
 * coordinator's gRPC server, the session, the workers; runs the session on the calling thread,
 * writes the reports, and closes everything in reverse order. A Ctrl-C (JVM shutdown) interrupts
 * the session, waits for the reports, and ends the process with exit code 2.
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
    JoinOptions join = config.join();
    String token =
        join.tokenFile().map(f -> TokenFile.readOrCreate(f, err)).orElseGet(TokenFile::random);
    String runId = randomHex(6);
    Path logDir;
    try {
      logDir = Files.createTempDirectory("jxdist-run-" + runId + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create a directory for worker logs: " + e.getMessage(), e);
    }
    CountDownLatch done = new CountDownLatch(1);
    int[] exitCode = {3};
    boolean[] finished = {false};
    try (ConsoleReporter console =
        new ConsoleReporter(out, System.console() != null, clock, config.durationsReport())) {
      boolean remote = config.hosts().isPresent();
      Map<String, LocalManifest> manifests =
          remote || join.places() > 0
              ? SuiteManifests.build(
                  config.suites(), config.worker().workerJar(), config.worker().cacheDir())
              : Map.of();
      List<RemoteHostProvisioner> hosts =
          remote
              ? HostPreparation.prepare(
                  config.hosts().get(),
                  config.suites(),
                  manifests,
                  config.worker().workerJar(),
                  runId,
                  console,
                  err)
              : List.of();
      if (remote && hosts.isEmpty() && config.workers() == 0 && join.places() == 0) {
        err.println("jxdist: no host could be used (each is named above with the reason)");
        return exitCode[0];
      }
      int badHosts = remote ? config.hosts().get().hosts().size() - hosts.size() : 0;
      if (badHosts > 0 && config.hosts().get().requireAll()) {
        hosts.forEach(RemoteHostProvisioner::close);
        err.println(
            "jxdist: "
                + badHosts
                + (badHosts == 1 ? " host" : " hosts")
                + " could not be used (named above) and --require-all-hosts is given: nothing ran");
        return exitCode[0];
      }
      // The places that exist: a host that could not be prepared offers none.
      int maxWorkers =
          config.workers()
              + hosts.stream().mapToInt(RemoteHostProvisioner::capacity).sum()
              + join.places();
      List<SessionSuite> suites = new ArrayList<>();
      for (SuiteSpec suite : config.suites()) {
        suites.add(new SessionSuite(suite, configure(suite), discover(suite, config.selection())));
      }
      DurationHistory history = DurationHistory.load(config.durationsFile());
      history.warning().ifPresent(w -> err.println("jxdist: " + w));
      // One cost per agreed plan, asked for by the scheduler and by the estimate.
      Map<TestPlanIndex, HistoryCost> costs = new IdentityHashMap<>();
      Function<TestPlanIndex, HistoryCost> costOf =
          plan -> costs.computeIfAbsent(plan, p -> new HistoryCost(history, p));
      DSession session =
          new DSession(
              clock,
              suites,
              (suite, plan) ->
                  config.replay().isPresent()
                      ? replayScheduler(config.replay().get(), suite, plan)
                      : config.distribution().scheduler(plan, costOf.apply(plan), maxWorkers),
              plan -> costOf.apply(plan).estimates(),
              console,
              new SessionSettings(
                  Duration.ofSeconds(GrpcDefaults.HEARTBEAT_SECONDS),
                  maxWorkers,
                  config.freshJvm(),
                  config.maxFailures(),
                  runId,
                  SessionSettings.COLLECTION_WAIT,
                  config.distribution() == Distribution.EACH,
                  config.replay().isPresent()));
      Thread hook =
          new Thread(
              () -> {
                if (finished[0]) {
                  return;
                }
                session.interrupt();
                try {
                  done.await(INTERRUPT_GRACE.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(2);
              },
              "jxdist-interrupt");
      Runtime.getRuntime().addShutdownHook(hook);
      // Joiners are welcome wherever the run listens; with --join they also get work.
      JoinProvisioner joinPlaces =
          join.listen().isPresent()
              ? new JoinProvisioner(
                  join.places(),
                  manifests,
                  config.worker().workerJar(),
                  runId,
                  maxWorkers,
                  join.timeout(),
                  clock)
              : null;
      CoordinatorServer server;
      try {
        server = startServer(token, session, joinPlaces);
      } catch (RuntimeException e) {
        hosts.forEach(RemoteHostProvisioner::close);
        throw e;
      }
      try (server;
          WorkerManager manager =
              new WorkerManager(
                  new LocalWorkerProvisioner(config.worker(), logDir, runId, maxWorkers),
                  config.workers(),
                  hosts,
                  joinPlaces,
                  server.port(),
                  maxWorkers,
                  localTarget(server),
                  token,
                  session)) {
        if (joinPlaces != null) {
          String command = joinCommand(server);
          joinPlaces.advertise(command);
          if (join.places() > 0) {
            boolean one = join.places() == 1;
            err.println(
                "jxdist: waiting for "
                    + (one ? "1 worker" : join.places() + " workers")
                    + " to join; start "
                    + (one ? "it" : "each")
                    + " with: "
                    + command);
          }
        }
        SessionResult result = session.run(manager::start);
        int code = result.report().summary().exitCode();
        // 0: all passed, 1: tests failed; not 2 (interrupted), 3 (aborted) or 5 (no tests).
        if (code == 0 || code == 1) {
          saveHistory(history, result.report(), console);
        }
        Map<String, SyncStats> joined = joinPlaces == null ? Map.of() : joinPlaces.syncStats();
        writeReports(withSyncStats(result.report(), hosts, joined), console);
        result.fatal().ifPresent(f -> err.println("jxdist: " + f));
        exitCode[0] = result.report().summary().exitCode();
      } finally {
        finished[0] = true;
        done.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // Already shutting down: the hook is what is waiting for us.
        }
      }
    } finally {
      deleteTree(logDir);
    }
    return exitCode[0];
  }

  /**
   * Where the coordinator listens without {@code --listen}: on loopback when only local workers (or
   * workers tunnelled through SSH) dial it; else on every interface, at the advertised port if
   * there is one.
   */
  private InetSocketAddress defaultListenAddress() {
    if (config.hosts().isEmpty() || config.hosts().get().tunnel()) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
    return new InetSocketAddress(config.hosts().get().advertise().map(HostPort::port).orElse(0));
  }

  /**
   * Adds what the run measured to the durations history and saves it: after a run that ran its
   * tests to the end, whether they passed or not (an interrupted or aborted run measured too little
   * to be worth keeping). A history that cannot be saved costs a notice, never the run.
   */
  private static void saveHistory(
      DurationHistory history, RunReport report, ConsoleReporter console) {
    history.record(Measurements.of(report));
    try {
      history.save();
    } catch (IOException e) {
      console.notice(
          "jxdist: cannot save the durations history "
              + history.file()
              + " ("
              + e.getMessage()
              + "); the next run is ordered without this one's durations");
    }
  }

  /**
   * What {@code record} ran of {@code suite}, slot by slot, as units of its agreed {@code plan}.
   *
   * @throws IllegalArgumentException naming the report and the tests the plan does not have
   */
  private static ReplayScheduler replayScheduler(
      ReplayRecord record, SuiteSpec suite, TestPlanIndex plan) {
    Map<String, List<WorkUnit>> units = new LinkedHashMap<>();
    try {
      record
          .unitsOf(suite.id())
          .forEach((slot, ids) -> units.put(slot, ids.stream().map(plan::unitOf).toList()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot replay "
              + record.file()
              + ": "
              + e.getMessage()
              + "; the tests changed since, so run without --replay",
          e);
    }
    return new ReplayScheduler(units);
  }

  /**
   * The coordinator's gRPC server: on {@code --listen}'s address if given (with the join service),
   * else where {@link #defaultListenAddress} says.
   */
  private CoordinatorServer startServer(
      String token, DSession session, JoinProvisioner joinPlaces) {
    WorkerChannelService workers = new WorkerChannelService(token, session);
    Optional<HostPort> listen = config.join().listen();
    if (listen.isEmpty()) {
      return CoordinatorServer.start(defaultListenAddress(), workers);
    }
    InetSocketAddress bind = new InetSocketAddress(listen.get().host(), listen.get().port());
    if (bind.isUnresolved()) {
      throw new UsageException(
          "--listen "
              + listen.get()
              + ": "
              + listen.get().host()
              + " is not an address of this machine; give one of its addresses or 0.0.0.0");
    }
    try {
      return CoordinatorServer.start(bind, workers, new JoinService(token, joinPlaces));
    } catch (UncheckedIOException e) {
      throw new UsageException(
          "--listen "
              + listen.get()
              + ": cannot listen there ("
              + e.getCause().getMessage()
              + "); give a free port on an address of this machine");
    }
  }

  /** The address this machine's own workers dial: loopback when the server listens everywhere. */
  private static String localTarget(CoordinatorServer server) {
    InetAddress bound = server.address().getAddress();
    InetAddress dial = bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound;
    return new HostPort(dial.getHostAddress(), server.port()).toString();
  }

  /** The command that starts a worker that joins this run, as a user types it. */
  private String joinCommand(CoordinatorServer server) {
    HostPort listen = config.join().listen().orElseThrow();
    String host = listen.host();
    if (server.address().getAddress().isAnyLocalAddress()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "THIS-HOST";
      }
    }
    return "jxdist worker --coordinator "
        + new HostPort(host, server.port())
        + config.join().tokenFile().map(f -> " --token-file " + f).orElse("");
  }

  /** The report with the code sync figures of each host and joiner, which the session lacks. */
  private static RunReport withSyncStats(
      RunReport report, List<RemoteHostProvisioner> hosts, Map<String, SyncStats> joiners) {
    List<HostSummary> withSync = new ArrayList<>();
    for (HostSummary host : report.hosts()) {
      SyncStats sync =
          hosts.stream()
              .filter(h -> h.name().equals(host.name()))
              .map(RemoteHostProvisioner::syncStats)
              .findFirst()
              .orElse(joiners.getOrDefault(host.name(), host.sync()));
      withSync.add(new HostSummary(host.name(), host.workers(), sync));
    }
    return new RunReport(
        report.summary(), report.workers(), withSync, report.tests(), report.units());
  }

  /**
   * Each suite's Surefire-format XML into its own reports directory; the JSON and HTML for the run.
   */
  private void writeReports(RunReport report, ConsoleReporter console) {
    try {
      for (SuiteSpec suite : config.suites()) {
        List<TestResult> mine =
            report.tests().stream().filter(t -> t.module().equals(suite.id())).toList();
        if (!mine.isEmpty()) {
          new SurefireXmlReport(suite.reportsDir())
              .write(
                  new RunReport(
                      report.summary(), report.workers(), report.hosts(), mine, report.units()));
        }
      }
      if (config.reportJson().isPresent()) {
        new JsonReport(config.reportJson().get()).write(report);
      }
      if (config.reportHtml().isPresent()) {
        new HtmlReport(config.reportHtml().get()).write(report);
      }
    } catch (IOException e) {
      console.notice("jxdist: cannot write the reports: " + e.getMessage());
    }
    console.runFinished(report);
  }

  static CoordinatorCommand.Configure configure(SuiteSpec suite) {
    return new CoordinatorCommand.Configure(
        suite.classpath().stream().map(Path::toString).toList(),
        suite.configurationParameters(),
        suite.systemProperties(),
        true,
        GrpcDefaults.HEARTBEAT_SECONDS);
  }

  /**
   * What a suite's workers discover: its scan roots filtered by its own includes, excludes and
   * groups, narrowed by the command line's selection (explicit classes replace the class-name
   * filters; tags narrow the suite's own).
   */
  static CoordinatorCommand.Discover discover(SuiteSpec suite, Selection selection) {
    SuiteFilters filters = suite.filters();
    List<Selector> selectors = new ArrayList<>();
    List<String> includeNames = new ArrayList<>();
    List<String> excludeNames = new ArrayList<>();
    if (!selection.classes().isEmpty()) {
      selection.classes().forEach(c -> selectors.add(new Selector(Selector.Kind.CLASS, c)));
    } else {
      includeNames.addAll(filters.includeClassNamePatterns());
      excludeNames.addAll(filters.excludeClassNamePatterns());
      if (!selection.packages().isEmpty()) {
        selection.packages().forEach(p -> selectors.add(new Selector(Selector.Kind.PACKAGE, p)));
      } else {
        suite
            .scanRoots()
            .forEach(r -> selectors.add(new Selector(Selector.Kind.CLASSPATH_ROOT, r.toString())));
      }
    }
    List<String> includeTags = both(filters.includeTags(), selection.includeTags());
    List<String> excludeTags = new ArrayList<>(filters.excludeTags());
    excludeTags.addAll(selection.excludeTags());
    return new CoordinatorCommand.Discover(
        selectors, includeNames, excludeNames, includeTags, excludeTags, true);
  }

  /** Tag expressions for tests that match one of {@code a} and one of {@code b}. */
  private static List<String> both(List<String> a, List<String> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return List.of("(" + String.join(" | ", a) + ") & (" + String.join(" | ", b) + ")");
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A leftover temp directory is harmless.
    }
  }
}
