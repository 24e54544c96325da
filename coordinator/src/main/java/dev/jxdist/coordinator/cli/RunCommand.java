package dev.jxdist.coordinator.cli;

import dev.jxdist.coordinator.config.AgentOptions;
import dev.jxdist.coordinator.config.AgentSpec;
import dev.jxdist.coordinator.config.Durations;
import dev.jxdist.coordinator.config.HostPort;
import dev.jxdist.coordinator.config.HostSpec;
import dev.jxdist.coordinator.config.JoinOptions;
import dev.jxdist.coordinator.config.RemoteHosts;
import dev.jxdist.coordinator.config.ReplayRecord;
import dev.jxdist.coordinator.config.RunConfig;
import dev.jxdist.coordinator.config.Selection;
import dev.jxdist.coordinator.config.Shard;
import dev.jxdist.coordinator.config.SshOptions;
import dev.jxdist.coordinator.config.SuiteFilters;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.config.Timeouts;
import dev.jxdist.coordinator.config.TlsFiles;
import dev.jxdist.coordinator.config.UploadRules;
import dev.jxdist.coordinator.config.UsageException;
import dev.jxdist.coordinator.config.WorkerCap;
import dev.jxdist.coordinator.config.WorkerLaunch;
import dev.jxdist.coordinator.history.DurationHistory;
import dev.jxdist.coordinator.remote.TokenFile;
import dev.jxdist.coordinator.report.ExitCode;
import dev.jxdist.coordinator.run.DistributedRun;
import dev.jxdist.coordinator.scheduler.Distribution;
import dev.jxdist.coordinator.selection.MavenBuild;
import dev.jxdist.coordinator.selection.MavenInvocation;
import dev.jxdist.coordinator.selection.ModuleDescription;
import dev.jxdist.coordinator.selection.ModuleDescriptionFile;
import dev.jxdist.coordinator.selection.PlatformLauncher;
import dev.jxdist.coordinator.selection.SpecifiedTests;
import dev.jxdist.coordinator.selection.SurefireParameters;
import dev.jxdist.coordinator.selection.TestClassCount;
import dev.jxdist.coordinator.selection.TestClassNames;
import dev.jxdist.coordinator.sync.RemoteStore;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Stack;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jxdist run}: one distributed run of a suite. It is long because it declares every option
 * of the command with its help text (picocli fields are the option list); each option is validated
 * once here, turned into the immutable {@link RunConfig}, and nothing else of the run happens here.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Runs a suite's tests on worker JVMs and writes one report.",
    footer = {
      "",
      "Workers that join: with --join N --listen ADDR:PORT --token-file FILE the run",
      "waits for N workers started elsewhere (with a copy of FILE) as",
      "  jxdist worker --coordinator ADDR:PORT --token-file FILE",
      "They fetch the code they lack from this run.",
      "",
      "Exit codes: 0 all passed, 1 tests failed or crashed, 2 interrupted,",
      "3 internal error (e.g. no worker could start or join), 4 usage error,",
      "5 no tests found."
    })
final class RunCommand implements Callable<Integer> {

  @Option(
      names = "--project",
      paramLabel = "DIR",
      description =
          "A Maven project: brought up to date through process-test-classes as mvn test would (see --no-build).")
  Path project;

  @Option(
      names = "--no-build",
      description =
          "With --project: use the compiled state as it is (as surefire:test does), build nothing.")
  boolean noBuild;

  @Option(
      names = {"-P", "--activate-profiles"},
      paramLabel = "PROFILE",
      split = ",",
      description = "With --project: Maven profiles to activate, as mvn -P takes them.")
  List<String> profiles = new ArrayList<>();

  @Option(
      names = {"-cp", "--classpath"},
      paramLabel = "ENTRIES",
      description = "The test classpath (':'-separated), with --scan.")
  String classpath;

  @Option(
      names = "--scan",
      paramLabel = "DIR",
      description = "A class directory to scan for tests (repeatable).")
  List<Path> scan = new ArrayList<>();

  @Option(
      names = "-n",
      paramLabel = "N|auto",
      description =
          "Local worker JVMs (default: auto, one per core, and with a durations history only as many as the work is worth; none with --hosts or --join).")
  String workers;

  @Option(
      names = "--hosts",
      paramLabel = "SPEC[,SPEC...]",
      description =
          "Run workers on these SSH hosts: [user@]host[:port][*N|*auto] (auto: one per core of the host; no '*': 1).")
  String hosts;

  @Option(
      names = "--hosts-file",
      paramLabel = "FILE",
      description = "The host list, one SPEC a line ('#' comments).")
  Path hostsFile;

  @Option(
      names = "--ssh-key",
      paramLabel = "FILE",
      description = "A private key to log in with (repeatable; default: ~/.ssh/id_*).")
  List<Path> sshKeys = new ArrayList<>();

  @Option(
      names = "--known-hosts",
      paramLabel = "FILE",
      description =
          "The known_hosts file host keys are checked against (default: ~/.ssh/known_hosts).")
  Path knownHosts;

  @Option(
      names = "--ssh-accept-new",
      description = "Trust a host seen for the first time (never a changed key).")
  boolean acceptNew;

  @Option(
      names = "--remote-java",
      paramLabel = "PATH",
      defaultValue = "java",
      description = "The java on the hosts (default: java on their PATH).")
  String remoteJava;

  @Option(
      names = "--remote-cache",
      paramLabel = "DIR",
      defaultValue = RemoteStore.DEFAULT_CACHE_DIR,
      description = "The blob store on the hosts (default: ~/.cache/jxdist).")
  String remoteCache;

  @Option(
      names = "--advertise",
      paramLabel = "HOST:PORT",
      description =
          "Workers on the hosts dial the coordinator here (default: the address their SSH connection came from, any port); the coordinator listens on PORT.")
  String advertise;

  @Option(
      names = "--tunnel",
      description =
          "Workers on the hosts dial the coordinator through their SSH connection (a remote port forward), for hosts that cannot reach this machine.")
  boolean tunnel;

  @Option(
      names = "--require-all-hosts",
      description = "Stop (exit 3) if any host cannot be used, instead of running on the others.")
  boolean requireAllHosts;

  @Option(
      names = "--join",
      paramLabel = "N",
      description =
          "Also wait for N workers started elsewhere with 'jxdist worker' (needs --listen and --token-file).")
  Integer join;

  @Option(
      names = "--agents",
      paramLabel = "HOST:PORT[*N|*auto][,...]",
      description =
          "Also run workers on these agents ('jxdist agent'): N slots on each (auto: all it has free; no '*': 1). Needs --agent-token-file; no SSH.")
  String agents;

  @Option(
      names = "--agent-token-file",
      paramLabel = "FILE",
      description = "A copy of the agents' token file (jxdist agent --token-file).")
  Path agentTokenFile;

  @Option(
      names = "--listen",
      paramLabel = "ADDR:PORT",
      description =
          "Where the coordinator listens for workers (default: a free port, on loopback unless hosts are used).")
  String listen;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "The run's secret, shared with workers that join; created (readable by you only) if missing.")
  Path tokenFile;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description =
          "The coordinator's TLS certificate (chain), with --tls-key; default: a fresh self-signed one per run.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      description = "The private key of --tls-cert (PEM, unencrypted).")
  Path tlsKey;

  @Option(
      names = "--join-timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description =
          "How long a --join place waits for a worker before it counts as not started (default: 5m).")
  String joinTimeout;

  @Option(
      names = "--exclude-upload",
      paramLabel = "GLOB",
      description =
          "Never send project files matching GLOB to hosts or joiners (repeatable; .gitignore-style: '*.log', 'secrets/', 'data/**').")
  List<String> excludeUpload = new ArrayList<>();

  @Option(
      names = "--select-class",
      paramLabel = "CLASS",
      description =
          "Run this class, by its fully qualified or (if unique) simple name (repeatable); no name filter then.")
  List<String> selectClasses = new ArrayList<>();

  @Option(
      names = "--select-package",
      paramLabel = "PACKAGE",
      description = "Run this package and its sub-packages (repeatable).")
  List<String> selectPackages = new ArrayList<>();

  @Option(
      names = "--include-tag",
      paramLabel = "TAG",
      description = "Only tests matching this tag expression (repeatable).")
  List<String> includeTags = new ArrayList<>();

  @Option(
      names = "--exclude-tag",
      paramLabel = "TAG",
      description = "Leave out tests matching this tag expression (repeatable).")
  List<String> excludeTags = new ArrayList<>();

  @Option(
      names = "--reports-dir",
      paramLabel = "DIR",
      description =
          "Where TEST-<class>.xml go (default: each module's target/jxdist-reports;"
              + " ./target/jxdist-reports with --classpath).")
  Path reportsDir;

  @Option(
      names = "--report-json",
      paramLabel = "FILE",
      description = "Also write the whole run as JSON here.")
  Path reportJson;

  @Option(
      names = "--report-html",
      paramLabel = "FILE",
      description =
          "Also write the run as one self-contained HTML page here: a timeline of the workers, failures, crashes, the slowest tests.")
  Path reportHtml;

  @Option(
      names = "--durations",
      paramLabel = "FILE",
      description =
          "The durations history that orders the work and estimates the time left (default: <project>/.jxdist/durations.json, or ./.jxdist/durations.json with --classpath).")
  Path durations;

  @Option(
      names = "--durations-report",
      paramLabel = "N",
      defaultValue = "0",
      description = "List the N slowest tests and classes at the end (default: 0, none).")
  int durationsReport;

  @Option(
      names = "--jvm-arg",
      paramLabel = "ARG",
      parameterConsumer = JvmArgument.class,
      description =
          "An argument for each worker JVM (repeatable): --jvm-arg=-Xmx1g, --jvm-arg -Dk=v.")
  List<String> jvmArgs = new ArrayList<>();

  /**
   * Takes the next argument as a JVM argument even though it looks like an option: most do ({@code
   * -Xmx1g}), and picocli refused {@code --jvm-arg=-Dk=v} for looking like this command's {@code
   * -D}.
   */
  static final class JvmArgument implements CommandLine.IParameterConsumer {
    @Override
    public void consumeParameters(
        Stack<String> args, CommandLine.Model.ArgSpec arg, CommandLine.Model.CommandSpec command) {
      if (args.isEmpty()) {
        throw new CommandLine.ParameterException(
            command.commandLine(),
            "--jvm-arg needs a value: an argument for each worker JVM, e.g. --jvm-arg=-Xmx1g");
      }
      List<String> values = arg.getValue();
      values.add(args.pop());
    }
  }

  @Option(
      names = "-D",
      paramLabel = "KEY=VALUE",
      mapFallbackValue = "true",
      description =
          "A property, as mvn -D takes it (-Dkey alone is true; repeatable): Maven gets it (-Dtest=, -Dgroups=, -DskipTests select as under Surefire) and the tests see it as a system property.")
  Map<String, String> systemProperties = new LinkedHashMap<>();

  @Option(
      names = "--fresh-jvm",
      description = "Run every class in a worker JVM of its own (Surefire's reuseForks=false).")
  boolean freshJvm;

  @Option(
      names = "--dist",
      paramLabel = "MODE",
      defaultValue = "loadclass",
      description =
          "How work is spread: loadclass (whole classes, the default), load (single tests; classes that must stay whole stay whole), loadgroup (tests tagged jxdist-group=NAME on one worker), worksteal (split up front, idle workers steal), each (every worker runs everything).")
  String dist;

  @Option(
      names = "--no-pack",
      description =
          "Send every class as a unit of its own: by default, loadclass runs several short classes in one launcher call (each test still has its own result).")
  boolean noPack;

  @Option(
      names = "--replay",
      paramLabel = "REPORT.json",
      description =
          "Run the units a recorded run (its --report-json) ran, on the same worker slots, in the same order.")
  Path replay;

  @Option(
      names = "--shard",
      paramLabel = "I/N",
      description =
          "Run shard I of N (1 <= I <= N): a deterministic share of the classes, balanced by the --durations history when there is one; 'jxdist merge-reports' joins the shards' reports. The history is left alone (the merge writes it).")
  String shard;

  @Option(
      names = {"-x", "--exitfirst"},
      description = "Stop after the first failed test (--maxfail 1).")
  boolean exitFirst;

  @Option(
      names = "--maxfail",
      paramLabel = "N",
      description =
          "Stop after N failed, erroring or crashed tests: the tests in progress finish, the rest is reported skipped.")
  Integer maxFail;

  @Option(
      names = "--max-worker-restart",
      paramLabel = "N",
      description =
          "Replace at most N lost workers over the run (default: as many as the run has workers; 0: none). A replacement takes the lost worker's slot, on its host if that host is still used.")
  Integer maxWorkerRestart;

  @Option(
      names = "--test-timeout",
      paramLabel = "DURATION",
      description =
          "The longest one test may run (5s, 500ms, 2m): then the worker's threads are dumped into the test's report, the worker is killed and the rest of its class runs elsewhere.")
  String testTimeout;

  @Option(
      names = "--unit-timeout",
      paramLabel = "DURATION",
      description =
          "The longest one unit of work (a whole class under loadclass) may run; handled as --test-timeout.")
  String unitTimeout;

  @Option(
      names = "--session-timeout",
      paramLabel = "DURATION",
      description =
          "The longest the whole run may take: then it ends with what it has, the rest reported \"not run: session timeout\"; exit code 1.")
  String sessionTimeout;

  @Option(
      names = "--reruns",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Run a failed, erroring or crashed test again, up to N times, on another worker when there is one: a test that passes on a rerun is flaky (counted as passed).")
  int reruns;

  @Option(
      names = "--module-descriptions",
      paramLabel = "DIR",
      hidden = true,
      description =
          "Read the build's module descriptions (module-NNN.json) from DIR instead of asking Maven.")
  Path moduleDescriptions;

  @Option(
      names = "--worker-jar",
      paramLabel = "FILE",
      hidden = true,
      description = "The worker jar to start workers with.")
  Path workerJar;

  /** The classes --select-class names, fully qualified (set by {@link #suites}). */
  private List<String> selectedClasses = List.of();

  /** Why the tests are skipped on purpose (-DskipTests and the like), "" when they are not. */
  private String skippedBecause = "";

  @Override
  public Integer call() {
    // Every option value is checked before anything runs (Maven above all).
    Function<List<SuiteSpec>, RunConfig> configure = configuration();
    List<SuiteSpec> suites = suites();
    if (suites.isEmpty()) {
      if (!skippedBecause.isEmpty()) {
        System.err.println("jxdist: Tests are skipped (" + skippedBecause + ").");
        return ExitCode.PASSED;
      }
      System.err.println(
          "jxdist: no tests to run: every module of " + project + " skips its tests");
      return ExitCode.NO_TESTS;
    }
    List<String> unmatched =
        suites.stream().map(SpecifiedTests::unmatched).flatMap(Optional::stream).toList();
    if (!unmatched.isEmpty()) {
      unmatched.forEach(m -> System.err.println("jxdist: " + m));
      return ExitCode.NO_TESTS;
    }
    return DistributedRun.execute(configure.apply(suites));
  }

  /** The suites the options name: every module of a build, or one classpath suite. */
  List<SuiteSpec> suites() {
    int given =
        (project != null ? 1 : 0)
            + (classpath != null ? 1 : 0)
            + (moduleDescriptions != null ? 1 : 0);
    if (given > 1) {
      throw new UsageException("--project and --classpath exclude each other; give one of them");
    }
    if (given == 0) {
      throw new UsageException(
          "nothing to run: give --project DIR, or --classpath ENTRIES with --scan DIR");
    }
    if (project == null && (noBuild || !profiles.isEmpty())) {
      throw new UsageException(
          (noBuild ? "--no-build" : "-P") + " goes with --project: it is about the Maven build");
    }
    List<SuiteSpec> suites = new ArrayList<>();
    if (classpath != null) {
      String skip = skipFlag(systemProperties);
      if (!skip.isEmpty()) {
        skippedBecause = skip;
        return List.of();
      }
      suites.add(classpathSuite());
    } else {
      if (!scan.isEmpty()) {
        throw new UsageException(
            "--scan goes with --classpath; with --project the test classes are scanned already");
      }
      List<ModuleDescription> modules =
          moduleDescriptions != null
              ? ModuleDescriptionFile.readAll(moduleDescriptions)
              : new MavenBuild(project, new MavenInvocation(systemProperties, profiles), !noBuild)
                  .modules();
      PlatformLauncher launchers = launchers();
      for (ModuleDescription module : modules) {
        if (module.skip()) {
          if (module.skipReason().endsWith(" is set")) {
            skippedBecause = module.skipReason();
          }
          continue;
        }
        SuiteSpec suite = module.toSuite();
        List<Path> cp = launchers.complete(suite.classpath(), "module " + module.id());
        suites.add(
            new SuiteSpec(
                suite.id(),
                suite.name(),
                cp,
                suite.scanRoots(),
                suite.workingDirectory(),
                suite.jvmArgs(),
                suite.systemProperties(),
                suite.environment(),
                suite.filters(),
                suite.configurationParameters(),
                reportsDir != null ? reportsDir.toAbsolutePath() : suite.reportsDir(),
                suite.surefireReports()));
      }
    }
    List<String> classes = new ArrayList<>();
    for (String cls : selectClasses) {
      classes.add(TestClassNames.resolve(cls, suites));
    }
    selectedClasses = classes;
    return suites.stream().map(suite -> suite.plus(jvmArgs, systemProperties)).toList();
  }

  /**
   * Validates every option but the selection of suites, at once, and returns what turns the suites
   * into the run's config; every problem names its option and value.
   */
  Function<List<SuiteSpec>, RunConfig> configuration() {
    Optional<Shard> shardOf = shard();
    Optional<ReplayRecord> replayed = replayRecord();
    int maxFailures = maxFailures();
    Optional<Path> json = reportJson(shardOf);
    Optional<Path> html = reportHtml();
    reportsDir();
    Optional<RemoteHosts> remote = remoteHosts();
    Path durationsFile = durationsFile();
    int slowest = durationsReport();
    Distribution distribution = distribution();
    JoinOptions joinOptions = joinOptions();
    UploadRules upload =
        new UploadRules(
            excludeUpload,
            Stream.of(joinOptions.tokenFile(), joinOptions.agents().tokenFile())
                .flatMap(Optional::stream)
                .toList());
    int requested = workerCount(replayed);
    WorkerLaunch launch = workerLaunch();
    OptionalInt restarts = maxWorkerRestarts();
    Timeouts timeouts = timeouts();
    int reruns = reruns();
    Optional<TlsFiles> tls = tlsFiles();
    return suites ->
        new RunConfig(
            suites,
            // --select-class names resolved against the suites (by suites()).
            new Selection(selectedClasses, selectPackages, includeTags, excludeTags),
            replayed.isPresent() ? requested : cappedWorkers(requested, suites, distribution),
            freshJvm,
            workers == null || workers.equals("auto"),
            maxFailures,
            json,
            html,
            launch,
            remote,
            durationsFile,
            slowest,
            distribution,
            // A unit timeout limits a class: packed, its classes would share one.
            !noPack && !freshJvm && timeouts.unit().isEmpty(),
            replayed,
            joinOptions,
            restarts,
            timeouts,
            reruns,
            tls,
            upload,
            shardOf);
  }

  /**
   * {@code --shard I/N}, refused with the options whose work cannot be split: each (every worker
   * runs everything), loadgroup (a group spans classes) and a replay (it runs what a whole run
   * did).
   */
  private Optional<Shard> shard() {
    if (shard == null) {
      return Optional.empty();
    }
    Shard parsed = Shard.parse(shard);
    if (replay != null) {
      throw new UsageException(
          "--shard and --replay exclude each other: a replay runs what the recorded run ran");
    }
    if ("each".equals(dist) || "loadgroup".equals(dist)) {
      throw new UsageException(
          "--shard and --dist "
              + dist
              + " exclude each other: "
              + ("each".equals(dist)
                  ? "with each every worker runs the whole suite"
                  : "a group of loadgroup spans classes that shards would split")
              + "; use loadclass, load or worksteal");
    }
    return Optional.of(parsed);
  }

  private OptionalInt maxWorkerRestarts() {
    if (maxWorkerRestart == null) {
      return OptionalInt.empty();
    }
    if (maxWorkerRestart < 0) {
      throw new UsageException(
          "--max-worker-restart " + maxWorkerRestart + ": give 0 (no replacements) or more");
    }
    return OptionalInt.of(maxWorkerRestart);
  }

  private int reruns() {
    if (reruns < 0) {
      throw new UsageException("--reruns " + reruns + ": give 0 (no reruns) or more");
    }
    return reruns;
  }

  private Timeouts timeouts() {
    return new Timeouts(
        Optional.ofNullable(testTimeout).map(t -> Durations.parse(t, "--test-timeout")),
        Optional.ofNullable(unitTimeout).map(t -> Durations.parse(t, "--unit-timeout")),
        Optional.ofNullable(sessionTimeout).map(t -> Durations.parse(t, "--session-timeout")));
  }

  private Optional<TlsFiles> tlsFiles() {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new UsageException(
          (tlsCert == null ? "--tls-key" : "--tls-cert")
              + " needs "
              + (tlsCert == null ? "--tls-cert" : "--tls-key")
              + ": give the certificate and its key together");
    }
    if (tlsCert == null) {
      return Optional.empty();
    }
    for (Path file : List.of(tlsCert, tlsKey)) {
      if (!Files.isRegularFile(file)) {
        throw new UsageException(
            (file == tlsCert ? "--tls-cert " : "--tls-key ")
                + file
                + " is not a file; give a PEM file");
      }
    }
    return Optional.of(new TlsFiles(tlsCert.toAbsolutePath(), tlsKey.toAbsolutePath()));
  }

  /**
   * {@code requested} local workers, capped by {@link WorkerCap}: per core, and by the test classes
   * there are when each unit is at most a class.
   */
  private int cappedWorkers(int requested, List<SuiteSpec> suites, Distribution distribution) {
    if (requested == 0) {
      return 0;
    }
    OptionalInt units = OptionalInt.empty();
    if (distribution != Distribution.EACH && distribution != Distribution.LOAD) {
      int classes = 0;
      for (SuiteSpec suite : suites) {
        int n = TestClassCount.upperBound(suite.scanRoots());
        if (n < 0) {
          classes = -1;
          break;
        }
        classes += n;
      }
      if (classes >= 0) {
        units = OptionalInt.of(classes);
      }
    }
    boolean given = workers != null && !workers.equals("auto");
    return WorkerCap.of(
        requested,
        given,
        Runtime.getRuntime().availableProcessors(),
        units,
        w -> System.err.println("jxdist: " + w));
  }

  /**
   * {@code --report-json}; for a shard with {@code --reports-dir DIR} and no {@code --report-json},
   * {@code DIR/report.json}, where {@code merge-reports} looks for it.
   */
  private Optional<Path> reportJson(Optional<Shard> shardOf) {
    if (reportJson != null && Files.isDirectory(reportJson)) {
      throw new UsageException(
          "--report-json " + reportJson + " is a directory; give the file to write the report to");
    }
    if (reportJson == null && shardOf.isPresent() && reportsDir != null) {
      return Optional.of(reportsDir.toAbsolutePath().resolve("report.json"));
    }
    return Optional.ofNullable(reportJson).map(Path::toAbsolutePath);
  }

  private Optional<Path> reportHtml() {
    if (reportHtml != null && Files.isDirectory(reportHtml)) {
      throw new UsageException(
          "--report-html " + reportHtml + " is a directory; give the file to write the page to");
    }
    return Optional.ofNullable(reportHtml).map(Path::toAbsolutePath);
  }

  private void reportsDir() {
    if (reportsDir != null && Files.exists(reportsDir) && !Files.isDirectory(reportsDir)) {
      throw new UsageException(
          "--reports-dir " + reportsDir + " is a file; give a directory for the XML reports");
    }
  }

  private Optional<ReplayRecord> replayRecord() {
    if (replay == null) {
      return Optional.empty();
    }
    if (!"loadclass".equals(dist)) {
      throw new UsageException(
          "--replay and --dist exclude each other: a replay runs what the report recorded");
    }
    return Optional.of(ReplayRecord.read(replay));
  }

  private Distribution distribution() {
    Distribution distribution;
    try {
      distribution = Distribution.fromCliName(dist);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (distribution == Distribution.EACH && freshJvm) {
      throw new UsageException(
          "--dist each and --fresh-jvm exclude each other: with each, every worker runs the whole suite in its JVM");
    }
    return distribution;
  }

  /** {@code --durations}, or the project's (for a classpath run: the current directory's) file. */
  private Path durationsFile() {
    if (durations != null) {
      if (Files.isDirectory(durations)) {
        throw new UsageException(
            "--durations " + durations + " is a directory; give the file to keep durations in");
      }
      return durations.toAbsolutePath();
    }
    Path base = project != null ? project : Path.of("");
    return base.toAbsolutePath().resolve(DurationHistory.DEFAULT_FILE);
  }

  private int durationsReport() {
    if (durationsReport < 0) {
      throw new UsageException(
          "--durations-report "
              + durationsReport
              + ": give the number of slowest tests to list, 0 or more");
    }
    return durationsReport;
  }

  private int maxFailures() {
    if (exitFirst && maxFail != null && maxFail != 1) {
      throw new UsageException("-x means --maxfail 1; drop one of -x and --maxfail " + maxFail);
    }
    if (maxFail != null && maxFail < 1) {
      throw new UsageException("--maxfail " + maxFail + ": give 1 or more (1 is -x)");
    }
    return exitFirst ? 1 : maxFail == null ? 0 : maxFail;
  }

  private JoinOptions joinOptions() {
    int places = join == null ? 0 : join;
    if (places < 0) {
      throw new UsageException("--join " + join + ": give a number of workers of at least 0");
    }
    Optional<HostPort> at =
        Optional.ofNullable(listen).map(l -> HostPort.parseListen("--listen", l));
    if (places > 0 && at.isEmpty()) {
      throw new UsageException(
          "--join needs --listen ADDR:PORT: the address workers that join dial"
              + " (e.g. --listen 0.0.0.0:7070)");
    }
    if (places > 0 && tokenFile == null) {
      throw new UsageException(
          "--join needs --token-file FILE: the run's secret that workers that join present"
              + " (created if it does not exist)");
    }
    if (tokenFile != null && Files.isDirectory(tokenFile)) {
      throw new UsageException("--token-file " + tokenFile + " is a directory; give a file");
    }
    if (tokenFile != null && Files.exists(tokenFile)) {
      TokenFile.read(tokenFile, "--token-file"); // refused now, before anything runs
    }
    return new JoinOptions(
        places,
        at,
        Optional.ofNullable(tokenFile).map(Path::toAbsolutePath),
        Durations.parse(joinTimeout, "--join-timeout"),
        agentOptions());
  }

  private AgentOptions agentOptions() {
    if (agents == null) {
      if (agentTokenFile != null) {
        throw new UsageException("--agent-token-file goes with --agents; there are no agents");
      }
      return AgentOptions.NONE;
    }
    List<AgentSpec> specs = AgentSpec.parseList(agents, "--agents");
    if (agentTokenFile == null) {
      throw new UsageException(
          "--agents needs --agent-token-file FILE: a copy of the agents' token file");
    }
    if (Files.isDirectory(agentTokenFile)) {
      throw new UsageException(
          "--agent-token-file " + agentTokenFile + " is a directory; give the agents' token file");
    }
    TokenFile.read(agentTokenFile, "--agent-token-file"); // refused now, before anything runs
    return new AgentOptions(specs, Optional.of(agentTokenFile.toAbsolutePath()));
  }

  private Optional<RemoteHosts> remoteHosts() {
    if (hosts != null && hostsFile != null) {
      throw new UsageException("--hosts and --hosts-file exclude each other; give one of them");
    }
    List<HostSpec> specs;
    if (hosts != null) {
      specs = HostSpec.parseList(hosts);
    } else if (hostsFile != null) {
      specs = HostSpec.parseFile(hostsFile);
    } else {
      String hostOption =
          advertise != null
              ? "--advertise"
              : tunnel ? "--tunnel" : requireAllHosts ? "--require-all-hosts" : null;
      if (hostOption != null) {
        throw new UsageException(
            hostOption + " goes with --hosts or --hosts-file; there are no SSH hosts in this run");
      }
      return Optional.empty();
    }
    if (tunnel && advertise != null) {
      throw new UsageException(
          "--tunnel and --advertise exclude each other: workers dial either through SSH or the advertised address");
    }
    if (remoteJava.isBlank()) {
      throw new UsageException("--remote-java is empty; give the java command on the hosts");
    }
    if (remoteCache.isBlank()) {
      throw new UsageException("--remote-cache is empty; give a directory on the hosts");
    }
    if (knownHosts != null && Files.isDirectory(knownHosts)) {
      throw new UsageException(
          "--known-hosts " + knownHosts + " is a directory; give a known_hosts file");
    }
    SshOptions ssh =
        SshOptions.withDefaults(sshKeys, knownHosts, acceptNew, null, SshOptions.userHome());
    return Optional.of(
        new RemoteHosts(
            specs,
            ssh,
            remoteJava,
            remoteCache,
            Optional.ofNullable(advertise).map(a -> HostPort.parse("--advertise", a)),
            tunnel,
            requireAllHosts));
  }

  private SuiteSpec classpathSuite() {
    List<Path> cp = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path p = Path.of(entry).toAbsolutePath();
      if (!Files.exists(p)) {
        throw new UsageException("--classpath entry " + entry + " does not exist; check the path");
      }
      cp.add(p);
    }
    if (scan.isEmpty()) {
      throw new UsageException(
          "--classpath needs --scan DIR: the directory of test classes to scan");
    }
    List<Path> roots = new ArrayList<>();
    for (Path s : scan) {
      Path p = s.toAbsolutePath();
      if (!Files.exists(p)) {
        throw new UsageException(
            "--scan " + s + " does not exist; give a directory of compiled test classes");
      }
      roots.add(p);
      if (!cp.contains(p)) {
        cp.add(0, p);
      }
    }
    List<Path> complete = launchers().complete(cp, "the --classpath suite");
    // Surefire's selection flags, as on a Maven build: its defaults unless -Dtest names the tests.
    SuiteFilters filters =
        SurefireParameters.fromProperties(systemProperties, "the --classpath suite");
    Path cwd = Path.of("").toAbsolutePath();
    // As for a module: target/jxdist-reports, here of the current directory (never the bare one).
    Path reports =
        reportsDir != null
            ? reportsDir.toAbsolutePath()
            : cwd.resolve("target").resolve("jxdist-reports");
    return new SuiteSpec(
        SuiteSpec.CLASSPATH_ID,
        "classpath",
        complete,
        roots,
        cwd,
        List.of(),
        Map.of(),
        Map.of(),
        filters,
        Map.of(),
        reports,
        Optional.empty());
  }

  /**
   * Which of Surefire's skip flags {@code properties} set ("" for none), as Surefire reads them.
   */
  private static String skipFlag(Map<String, String> properties) {
    for (String flag : List.of("maven.test.skip", "skipTests", "maven.test.skip.exec")) {
      String value = properties.get(flag);
      if (value != null && (value.isEmpty() || Boolean.parseBoolean(value.trim()))) {
        return flag + " is set";
      }
    }
    return "";
  }

  /**
   * Local workers: -n; by default one per core, none with hosts, the recorded slots in a replay.
   */
  private int workerCount(Optional<ReplayRecord> replayed) {
    boolean remote = hosts != null || hostsFile != null;
    if (replayed.isPresent() && !remote) {
      int slots = replayed.get().slotCount();
      if (workers != null && !workers.equals(Integer.toString(slots))) {
        throw new UsageException(
            "-n "
                + workers
                + ": the replayed run had "
                + slots
                + " worker slots; drop -n or give -n "
                + slots);
      }
      return slots;
    }
    if (workers == null) {
      boolean elsewhere = remote || (join != null && join > 0) || agents != null;
      return elsewhere ? 0 : Runtime.getRuntime().availableProcessors();
    }
    if (workers.equals("auto")) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int n = Integer.parseInt(workers);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        "-n " + workers + ": give a number of workers of at least 1, or 'auto'");
  }

  private static PlatformLauncher launchers() {
    return new PlatformLauncher(
        Path.of(System.getProperty("user.home"), ".m2", "repository"),
        MachineOptions.defaultCache().resolve("launchers"));
  }

  private WorkerLaunch workerLaunch() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String override = System.getProperty("jxdist.worker.jar");
    Path jar;
    if (workerJar != null) {
      if (!Files.isRegularFile(workerJar)) {
        throw new UsageException(
            "--worker-jar " + workerJar + " is not a file; give the worker jar");
      }
      jar = workerJar.toAbsolutePath();
    } else if (override != null) {
      jar = Path.of(override);
    } else {
      try {
        Path self =
            Path.of(RunCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        jar = self.resolveSibling("jxdist-worker.jar");
      } catch (URISyntaxException e) {
        throw new IllegalStateException("cannot locate jxdist's own jar", e);
      }
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the worker jar "
              + jar
              + " is missing; rebuild jxdist (bin/jxdist does it) or set -Djxdist.worker.jar");
    }
    return new WorkerLaunch(java, jar, MachineOptions.defaultCache());
  }
}
