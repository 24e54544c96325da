package dev.jxdist.coordinator.manager;

import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.common.sync.Manifest;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.common.wire.WorkerBootstrap;
import dev.jxdist.coordinator.config.HostPort;
import dev.jxdist.coordinator.config.HostSpec;
import dev.jxdist.coordinator.config.RemoteHosts;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.report.SyncListener;
import dev.jxdist.coordinator.report.SyncStats;
import dev.jxdist.coordinator.ssh.ExecResult;
import dev.jxdist.coordinator.ssh.HostCheck;
import dev.jxdist.coordinator.ssh.HostFailure;
import dev.jxdist.coordinator.ssh.Shell;
import dev.jxdist.coordinator.ssh.SshHost;
import dev.jxdist.coordinator.sync.RemoteStore;
import dev.jxdist.coordinator.sync.SessionDirectoryLock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts worker JVMs on one SSH host: on {@link #open} it connects, counts the host's cores if the
 * host list says {@code *auto}, syncs each suite's classpath (with the worker jar as its last
 * entry) and project directory into the host's blob store, and lays them out in the run's session
 * directory there; then {@link #start} starts detached workers that dial the coordinator back,
 * several at once (threads {@code jxdist-start-<host>-N}). {@link #close} kills the workers left
 * and removes the session directory; the blobs stay for the next run.
 */
public final class RemoteHostProvisioner implements Provisioner {

  private static final Duration LAYOUT_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  /** How long {@link #close} waits to learn whether the host still answers. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  /** Starts in flight on one host at once: well under sshd's default of 10 sessions. */
  private static final int PARALLEL_STARTS = 4;

  /** Where one suite was laid out on the host. */
  private record SuiteLayout(String project, String workerJar, Map<String, String> paths) {}

  private final String name;
  private final SshHost host;
  private final RemoteStore store;
  private final SessionDirectoryLock sessionLock;
  private final String session;
  private final String runId;
  private final String remoteJava;
  private final int capacity;
  private final Optional<HostPort> advertise;
  private final boolean tunnel;
  private final ExecutorService starts;
  private final Map<String, SuiteLayout> layouts = new LinkedHashMap<>();
  private final List<RemoteWorkerProcess> workers = new ArrayList<>();
  private SyncStats syncStats = SyncStats.NONE;
  private String coordinatorAddress;
  private boolean closed;

  private RemoteHostProvisioner(
      HostSpec spec,
      SshHost host,
      RemoteStore store,
      SessionDirectoryLock sessionLock,
      String runId,
      RemoteHosts hosts,
      int capacity) {
    this.name = spec.host();
    this.host = host;
    this.store = store;
    this.sessionLock = sessionLock;
    this.session = sessionLock.dir();
    this.runId = runId;
    this.remoteJava = hosts.remoteJava();
    this.capacity = capacity;
    this.advertise = hosts.advertise();
    this.tunnel = hosts.tunnel();
    AtomicInteger threads = new AtomicInteger();
    this.starts =
        Executors.newFixedThreadPool(
            PARALLEL_STARTS,
            r -> new Thread(r, "jxdist-start-" + name + "-" + threads.incrementAndGet()));
  }

  /**
   * Connects to {@code spec}'s host and brings every suite there.
   *
   * @param hosts how hosts are reached and used in this run
   * @param manifests each suite's manifest (by suite id): its classpath, then the worker jar, then
   *     its working directory as the project
   * @param listener hears how the syncs go
   * @throws HostFailure naming the host and why it cannot be used
   */
  public static RemoteHostProvisioner open(
      HostSpec spec,
      RemoteHosts hosts,
      String runId,
      List<SuiteSpec> suites,
      Map<String, LocalManifest> manifests,
      Path workerJar,
      SyncListener listener)
      throws HostFailure {
    SshHost host = SshHost.connect(spec, hosts.ssh());
    RemoteHostProvisioner provisioner = null;
    try {
      int capacity = spec.workers().isPresent() ? spec.workers().getAsInt() : HostCheck.cores(host);
      RemoteStore store = new RemoteStore(host, hosts.remoteCache());
      provisioner =
          new RemoteHostProvisioner(
              spec, host, store, store.lockSessionDirectory(runId), runId, hosts, capacity);
      int i = 0;
      for (SuiteSpec suite : suites) {
        provisioner.prepare(suite, manifests.get(suite.id()), workerJar, ++i, listener);
      }
      return provisioner;
    } catch (HostFailure | RuntimeException e) {
      if (provisioner != null) {
        provisioner.close();
      } else {
        host.close();
      }
      throw e;
    }
  }

  private void prepare(
      SuiteSpec suite, LocalManifest local, Path workerJar, int index, SyncListener listener)
      throws HostFailure {
    SyncStats stats = store.sync(local, listener);
    syncStats =
        new SyncStats(
            syncStats.files() + stats.files(),
            syncStats.filesUploaded() + stats.filesUploaded(),
            syncStats.bytesUploaded() + stats.bytesUploaded(),
            syncStats.seconds() + stats.seconds());
    Manifest manifest = local.manifest();
    String workerLogical = manifest.classpath().get(manifest.classpath().size() - 1);
    String workerHash =
        manifest.entries().stream()
            .filter(e -> e.path().equals(workerLogical))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the manifest lacks the worker jar"))
            .sha256();
    String dir = session + "/s" + index;
    String command =
        Shell.quote(remoteJava)
            + " -cp "
            + Shell.quote(store.blobPath(workerHash))
            + " "
            + WorkerBootstrap.LAYOUT_MAIN
            + " "
            + Shell.quote(store.root())
            + " "
            + Shell.quote(store.manifestPath(manifest))
            + " "
            + Shell.quote(dir);
    ExecResult result = host.exec(command, LAYOUT_TIMEOUT);
    if (!result.succeeded()) {
      throw new HostFailure(
          name, "cannot lay the suite out with " + remoteJava + ": " + result.firstErrorLine());
    }
    List<String> remoteClasspath = new ArrayList<>();
    String project = null;
    for (String line : result.stdout().lines().toList()) {
      if (line.startsWith("classpath ")) {
        remoteClasspath.add(line.substring("classpath ".length()));
      } else if (line.startsWith("project ")) {
        project = line.substring("project ".length());
      }
    }
    List<Path> localClasspath = new ArrayList<>();
    suite.classpath().stream().filter(Files::exists).forEach(localClasspath::add);
    localClasspath.add(workerJar);
    if (localClasspath.size() != remoteClasspath.size() || project == null) {
      throw new HostFailure(name, "the layout of suite " + suite.name() + " is incomplete");
    }
    Map<String, String> paths = new LinkedHashMap<>();
    for (int i = 0; i < localClasspath.size(); i++) {
      paths.put(localClasspath.get(i).toString(), remoteClasspath.get(i));
    }
    layouts.put(
        suite.id(),
        new SuiteLayout(project, remoteClasspath.get(remoteClasspath.size() - 1), paths));
  }

  /** The host as the host list names it. */
  @Override
  public String name() {
    return name;
  }

  /** How many workers may run here at once: the host list's count, or the host's cores. */
  @Override
  public int capacity() {
    return capacity;
  }

  /** What the syncs of {@link #open} moved. */
  public SyncStats syncStats() {
    return syncStats;
  }

  /** How many of the workers started here still run. */
  @Override
  public synchronized long running() {
    return workers.stream().filter(RemoteWorkerProcess::isAlive).count();
  }

  @Override
  public synchronized List<RemoteWorkerProcess> workers() {
    return List.copyOf(workers);
  }

  /**
   * Starts the worker, detached, dialing the coordinator with the token from a file only its user
   * can read. Returns at once: the start itself runs on one of this host's start threads, and if it
   * fails, the request's listener is told why.
   *
   * @throws IllegalStateException if the suite was not brought here, or the host is closed
   */
  @Override
  public synchronized WorkerProcess start(WorkerRequest request) {
    String workerId = request.workerId();
    String slot = request.slot();
    SuiteSpec suite = request.suite();
    int coordinatorPort = request.contact().port();
    RunToken token = request.contact().token();
    int workerCount = request.contact().workerCount();
    WorkerExitListener onExit = request.onExit();
    SuiteLayout layout = layouts.get(suite.id());
    if (layout == null) {
      throw new IllegalStateException(name + ": suite " + suite.name() + " was not synced here");
    }
    if (closed) {
      throw new IllegalStateException(name + ": the host's connection is closed");
    }
    String log = session + "/" + workerId + ".log";
    String exitFile = session + "/" + workerId + ".exit";
    StringJoiner java = new StringJoiner(" ");
    java.add(Shell.quote(remoteJava));
    request
        .contact()
        .jit()
        .withSuiteArgs(suite.jvmArgs(), suite.environment())
        .forEach(a -> java.add(Shell.quote(a)));
    java.add("-jar").add(Shell.quote(layout.workerJar()));
    RemoteWorkerProcess worker =
        new RemoteWorkerProcess(
            workerId, name, host, java.toString(), log, exitFile, layout.paths(), remoteJava);
    workers.add(worker);
    starts.execute(
        () -> {
          try {
            String tokenFile = session + "/token-" + workerId;
            StringJoiner env = new StringJoiner(" ");
            suite.environment().forEach((k, v) -> env.add(k + "=" + Shell.quote(v)));
            Map<String, String> bootstrap = new LinkedHashMap<>();
            bootstrap.putAll(
                WorkerBootstrap.dialEnvironment(
                    coordinatorAddress(coordinatorPort),
                    workerId,
                    tokenFile,
                    request.contact().pin()));
            bootstrap.putAll(WorkerBootstrap.testEnvironment(slot, workerId, workerCount, runId));
            bootstrap.forEach((k, v) -> env.add(k + "=" + Shell.quote(v)));
            // One round trip: the token goes to a file only this user can read (from stdin, never
            // on a command line), then the worker starts detached from the SSH session; what it
            // writes in the session (its log included) is its user's only.
            String script =
                "umask 077\n(mkdir -p "
                    + Shell.quote(session)
                    + " && cat > "
                    + Shell.quote(tokenFile)
                    + ") || exit 1\n"
                    + "cd "
                    + Shell.quote(layout.project())
                    + " || exit 1\n"
                    + watchedStart(env.toString(), java.toString(), log, exitFile);
            ExecResult started =
                host.exec(script, token.reveal().getBytes(StandardCharsets.UTF_8), COMMAND_TIMEOUT);
            String pid = started.stdout().strip();
            if (!started.succeeded() || !pid.matches("[0-9]+")) {
              throw new HostFailure(
                  name, "cannot start worker " + workerId + ": " + started.firstErrorLine());
            }
            worker.started(Long.parseLong(pid));
          } catch (HostFailure | RuntimeException e) {
            String reason = e instanceof HostFailure ? e.getMessage() : name + ": " + e;
            worker.failed(reason);
            onExit.failedToStart(workerId, reason);
          }
        });
    return worker;
  }

  /**
   * The end of the script that starts a worker: {@code java} runs detached from the SSH session,
   * with {@code environment} (assignments, {@code NAME=value ...}) added to the host's, its output
   * in {@code log}, its pid the script's output; a shell of its own session waits for it and writes
   * its exit code (128 + the signal that killed it) to {@code exitFile}, so that the coordinator
   * can tell a JVM that ended by itself from a connection that broke (see {@link
   * RemoteWorkerProcess#exitCode}). The watching shell reads its script from a here-document: its
   * command line ({@code sh -s}) does not pass for the worker's. The pid comes through the starting
   * shell, which waits for it: what a grandchild writes after the command's end may be dropped.
   */
  static String watchedStart(String environment, String java, String log, String exitFile) {
    String pending = Shell.quote(exitFile + ".tmp");
    return "pid=$("
        + (environment.isEmpty() ? "" : environment + " ")
        + "setsid sh -s <<'JXDIST_WORKER' &\n"
        + "nohup "
        + java
        + " > "
        + Shell.quote(log)
        + " 2>&1 < /dev/null &\n"
        + "pid=$!\n"
        + "echo $pid\n"
        + "exec > /dev/null 2>&1\n"
        + "wait $pid\n"
        + "echo $? > "
        + pending
        + " && mv "
        + pending
        + " "
        + Shell.quote(exitFile)
        + "\n"
        + "JXDIST_WORKER\n"
        + ")\n"
        + "echo \"$pid\"\n";
  }

  /**
   * The address this host's workers dial, decided once: the advertised one; else, with a tunnel, a
   * port on the host's loopback that its SSH connection forwards here; else this side of its SSH
   * connection (the address the host sees us at).
   */
  private synchronized String coordinatorAddress(int coordinatorPort) throws HostFailure {
    if (coordinatorAddress == null) {
      if (advertise.isPresent()) {
        coordinatorAddress = advertise.get().toString();
      } else if (tunnel) {
        int port =
            host.forwardToLocal(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), coordinatorPort));
        coordinatorAddress = new HostPort("127.0.0.1", port).toString();
      } else {
        coordinatorAddress =
            new HostPort(host.localAddress().getHostAddress(), coordinatorPort).toString();
      }
    }
    return coordinatorAddress;
  }

  /**
   * Waits for the starts in flight, kills the workers left here, removes the session directory and
   * disconnects. Idempotent.
   *
   * @throws IllegalStateException naming the host, after all of that, if the host no longer answers
   *     over SSH (its sshd stopped, its link cut): then nothing could be cleaned up there
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    String unreachable = null;
    try {
      host.exec("true", PROBE_TIMEOUT);
    } catch (HostFailure e) {
      unreachable = e.reason();
    }
    starts.shutdown();
    try {
      if (!starts.awaitTermination(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        starts.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      starts.shutdownNow();
    }
    List<RemoteWorkerProcess> started;
    synchronized (this) {
      started = List.copyOf(workers);
    }
    started.forEach(RemoteWorkerProcess::close);
    // If the host went away, its session directory is left for a later sync's clean-up.
    sessionLock.close();
    host.close();
    if (unreachable != null) {
      throw new IllegalStateException(
          name
              + ": no longer answers over SSH ("
              + unreachable
              + "); its session directory is left for a later run to remove");
    }
  }
}
