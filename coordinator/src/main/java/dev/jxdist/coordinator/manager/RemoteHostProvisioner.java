package dev.jxdist.coordinator.manager;

import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.common.sync.Manifest;
import dev.jxdist.coordinator.config.HostSpec;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.report.SyncListener;
import dev.jxdist.coordinator.report.SyncStats;
import dev.jxdist.coordinator.ssh.ExecResult;
import dev.jxdist.coordinator.ssh.HostFailure;
import dev.jxdist.coordinator.ssh.Shell;
import dev.jxdist.coordinator.ssh.SshHost;
import dev.jxdist.coordinator.ssh.SshOptions;
import dev.jxdist.coordinator.sync.RemoteSession;
import dev.jxdist.coordinator.sync.RemoteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Starts worker JVMs on one SSH host: on {@link #open} it connects, syncs each suite's classpath
 * (with the worker jar as its last entry) and project directory into the host's blob store, and
 * lays them out in the run's session directory there; then {@link #start} starts detached workers
 * that dial the coordinator back. {@link #close} kills the workers left and removes the session
 * directory; the blobs stay for the next run.
 */
public final class RemoteHostProvisioner implements AutoCloseable {

  private static final Duration LAYOUT_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  /** Where one suite was laid out on the host. */
  private record SuiteLayout(String project, String workerJar, Map<String, String> paths) {}

  private final HostSpec spec;
  private final String name;
  private final SshHost host;
  private final RemoteStore store;
  private final RemoteSession remoteSession;
  private final String session;
  private final String runId;
  private final String remoteJava;
  private final int workerCount;
  private final Map<String, SuiteLayout> layouts = new LinkedHashMap<>();
  private final List<RemoteWorkerProcess> workers = new ArrayList<>();
  private SyncStats syncStats = SyncStats.NONE;
  private boolean closed;

  private RemoteHostProvisioner(
      HostSpec spec, SshHost host, RemoteStore store, RemoteSession remoteSession, String runId,
      String remoteJava, int workerCount) {
    this.spec = spec;
    this.name = spec.host();
    this.host = host;
    this.store = store;
    this.remoteSession = remoteSession;
    this.session = remoteSession.dir();
    this.runId = runId;
    this.remoteJava = remoteJava;
    this.workerCount = workerCount;
  }

  /**
   * Connects to {@code spec}'s host and brings every suite there.
   *
   * @param manifests each suite's manifest (by suite id): its classpath, then the worker jar, then
   *     its working directory as the project
   * @param workerCount how many workers run at once in the whole run ({@code JXDIST_WORKER_COUNT})
   * @param listener hears how the syncs go
   * @throws HostFailure naming the host and why it cannot be used
   */
  public static RemoteHostProvisioner open(
      HostSpec spec,
      SshOptions options,
      String cacheDir,
      String remoteJava,
      String runId,
      List<SuiteSpec> suites,
      Map<String, LocalManifest> manifests,
      Path workerJar,
      int workerCount,
      SyncListener listener)
      throws HostFailure {
    SshHost host = SshHost.connect(spec, options);
    RemoteHostProvisioner provisioner = null;
    try {
      RemoteStore store = new RemoteStore(host, cacheDir);
      provisioner =
          new RemoteHostProvisioner(
              spec, host, store, store.openSession(runId), runId, remoteJava, workerCount);
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
        Shell.quote(remoteJava) + " -cp " + Shell.quote(store.blobPath(workerHash))
            + " dev.jxdist.worker.sync.LayoutCommand " + Shell.quote(store.root()) + " "
            + Shell.quote(store.manifestPath(manifest)) + " " + Shell.quote(dir);
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
  public String name() {
    return name;
  }

  /** How many workers may run here at once: the spec's count, else 1. */
  public int capacity() {
    return spec.workers().orElse(1);
  }

  /** What the syncs of {@link #open} moved. */
  public SyncStats syncStats() {
    return syncStats;
  }

  /** The coordinator address this host's workers dial: this side of its SSH connection. */
  public String coordinatorHost() {
    return host.localAddress().getHostAddress();
  }

  /** How many of the workers started here still run. */
  public synchronized long running() {
    return workers.stream().filter(RemoteWorkerProcess::isAlive).count();
  }

  /**
   * Starts worker {@code workerId} for {@code suite}, detached, dialing {@code coordinator} with
   * the token from a file only its user can read.
   *
   * @throws IllegalStateException naming the host and why the worker cannot be started
   */
  public synchronized WorkerProcess start(
      String workerId, SuiteSpec suite, String coordinator, String token) {
    SuiteLayout layout = layouts.get(suite.id());
    if (layout == null) {
      throw new IllegalStateException(name + ": suite " + suite.name() + " was not synced here");
    }
    String tokenFile = session + "/token-" + workerId;
    String log = session + "/" + workerId + ".log";
    StringJoiner java = new StringJoiner(" ");
    java.add(Shell.quote(remoteJava));
    suite.jvmArgs().forEach(a -> java.add(Shell.quote(a)));
    java.add("-jar").add(Shell.quote(layout.workerJar()));
    StringJoiner env = new StringJoiner(" ");
    suite.environment().forEach((k, v) -> env.add(k + "=" + Shell.quote(v)));
    env.add("JXDIST_COORDINATOR=" + Shell.quote(coordinator));
    env.add("JXDIST_WORKER_ID=" + Shell.quote(workerId));
    env.add("JXDIST_TOKEN_FILE=" + Shell.quote(tokenFile));
    env.add("JXDIST_WORKER_COUNT=" + workerCount);
    env.add("JXDIST_RUN_ID=" + Shell.quote(runId));
    String command =
        "cd " + Shell.quote(layout.project()) + " || exit 1\n" + env + " setsid nohup " + java
            + " > " + Shell.quote(log) + " 2>&1 < /dev/null &\necho $!\n";
    try {
      ExecResult written =
          host.exec(
              "umask 077 && mkdir -p " + Shell.quote(session) + " && cat > " + Shell.quote(tokenFile),
              token.getBytes(StandardCharsets.UTF_8),
              COMMAND_TIMEOUT);
      if (!written.succeeded()) {
        throw new IllegalStateException(
            name + ": cannot write the token file: " + written.firstErrorLine());
      }
      ExecResult started = host.exec(command, COMMAND_TIMEOUT);
      String pid = started.stdout().strip();
      if (!started.succeeded() || !pid.matches("[0-9]+")) {
        throw new IllegalStateException(
            name + ": cannot start worker " + workerId + ": " + started.firstErrorLine());
      }
      RemoteWorkerProcess worker =
          new RemoteWorkerProcess(
              workerId, name, host, Long.parseLong(pid), java.toString(), log, layout.paths());
      workers.add(worker);
      return worker;
    } catch (HostFailure e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Kills the workers left here, removes the session directory and disconnects. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    workers.forEach(RemoteWorkerProcess::close);
    // If the host went away, its session directory is left for a later sync's clean-up.
    remoteSession.close();
    host.close();
  }
}
