package dev.jxdist.coordinator.session;

import dev.jxdist.common.model.Selector;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.coordinator.config.RunConfig;
import dev.jxdist.coordinator.config.Selection;
import dev.jxdist.coordinator.config.SuiteFilters;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.manager.LocalWorkerProvisioner;
import dev.jxdist.coordinator.manager.RemoteHostProvisioner;
import dev.jxdist.coordinator.manager.WorkerManager;
import dev.jxdist.coordinator.remote.CoordinatorServer;
import dev.jxdist.coordinator.remote.WorkerChannelService;
import dev.jxdist.coordinator.report.ConsoleReporter;
import dev.jxdist.coordinator.report.HostSummary;
import dev.jxdist.coordinator.report.JsonReport;
import dev.jxdist.coordinator.report.RunReport;
import dev.jxdist.coordinator.report.SurefireXmlReport;
import dev.jxdist.coordinator.report.SyncStats;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.scheduler.LoadClassScheduler;
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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    String token = randomHex(32);
    String runId = randomHex(6);
    Path logDir;
    try {
      logDir = Files.createTempDirectory("jxdist-run-" + runId + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for worker logs: " + e.getMessage(), e);
    }
    CountDownLatch done = new CountDownLatch(1);
    int[] exitCode = {3};
    boolean[] finished = {false};
    int wanted =
        config.workers()
            + config.hosts().map(h -> h.hosts().stream().mapToInt(s -> s.workers().orElse(1)).sum()).orElse(0);
    try (ConsoleReporter console = new ConsoleReporter(out, System.console() != null, clock)) {
      boolean remote = config.hosts().isPresent();
      List<RemoteHostProvisioner> hosts =
          remote
              ? HostPreparation.prepare(
                  config.hosts().get(), config.suites(), config.worker().workerJar(),
                  config.worker().cacheDir(), runId, wanted, console, err)
              : List.of();
      if (remote && hosts.isEmpty() && config.workers() == 0) {
        err.println("jxdist: no host could be used (each is named above with the reason)");
        return exitCode[0];
      }
      // The places that exist: a host that could not be prepared offers none.
      int maxWorkers = config.workers() + hosts.stream().mapToInt(RemoteHostProvisioner::capacity).sum();
      List<SessionSuite> suites = new ArrayList<>();
      for (SuiteSpec suite : config.suites()) {
        suites.add(new SessionSuite(suite, configure(suite), discover(suite, config.selection())));
      }
      DSession session =
          new DSession(
              clock,
              suites,
              plan -> new LoadClassScheduler(plan.unitsByTopLevelClass()),
              console,
              Duration.ofSeconds(GrpcDefaults.HEARTBEAT_SECONDS),
              maxWorkers,
              config.freshJvm());
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
      try (CoordinatorServer server =
              CoordinatorServer.start(
                  remote
                      ? new InetSocketAddress(0)
                      : new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                  new WorkerChannelService(token, session));
          WorkerManager manager =
              new WorkerManager(
                  new LocalWorkerProvisioner(config.worker(), logDir, runId, maxWorkers),
                  config.workers(),
                  hosts,
                  server.port(),
                  remote
                      ? InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.port()
                      : server.target(),
                  token,
                  session)) {
        SessionResult result = session.run(manager::start);
        writeReports(withSyncStats(result.report(), hosts), console);
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

  /** The report with each host's code sync figures, which the session does not know. */
  private static RunReport withSyncStats(RunReport report, List<RemoteHostProvisioner> hosts) {
    List<HostSummary> withSync = new ArrayList<>();
    for (HostSummary host : report.hosts()) {
      SyncStats sync =
          hosts.stream()
              .filter(h -> h.name().equals(host.name()))
              .map(RemoteHostProvisioner::syncStats)
              .findFirst()
              .orElse(host.sync());
      withSync.add(new HostSummary(host.name(), host.workers(), sync));
    }
    return new RunReport(report.summary(), report.workers(), withSync, report.tests());
  }

  /** Each suite's Surefire-format XML into its own reports directory; the JSON for the run. */
  private void writeReports(RunReport report, ConsoleReporter console) {
    try {
      for (SuiteSpec suite : config.suites()) {
        List<TestResult> mine =
            report.tests().stream().filter(t -> t.module().equals(suite.id())).toList();
        if (!mine.isEmpty()) {
          new SurefireXmlReport(suite.reportsDir())
              .write(new RunReport(report.summary(), report.workers(), report.hosts(), mine));
        }
      }
      if (config.reportJson().isPresent()) {
        new JsonReport(config.reportJson().get()).write(report);
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
        suite.scanRoots().forEach(r -> selectors.add(new Selector(Selector.Kind.CLASSPATH_ROOT, r.toString())));
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
