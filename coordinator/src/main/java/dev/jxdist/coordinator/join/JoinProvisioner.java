package dev.jxdist.coordinator.join;

import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.common.wire.JoinDirective;
import dev.jxdist.common.wire.JoinerEvent;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.manager.Provisioner;
import dev.jxdist.coordinator.manager.WorkerProcess;
import dev.jxdist.coordinator.manager.WorkerRequest;
import dev.jxdist.coordinator.report.SyncStats;
import dev.jxdist.coordinator.sync.SuiteManifests;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's join places: the workers the session asked for on them wait here as assignments until a
 * joiner without work takes one (first asked, first taken; joiners in the order they came). A
 * joiner lays the assignment's suite out, is told to launch, and reports the worker JVM's start and
 * end; then it is free for the next assignment. A joiner that leaves before its worker's JVM runs
 * gives the assignment back to the others. At the end of the run every joiner is told the run is
 * over.
 *
 * <p>Thread-safe: one lock (this object) guards the assignments, the joiners and their workers; the
 * session thread asks for and lets go of workers, the service's stream callbacks report what
 * joiners do, and every write to a joiner's stream happens under the lock.
 */
public final class JoinProvisioner implements Provisioner {

  private static final Logger log = LoggerFactory.getLogger(JoinProvisioner.class);

  private final int capacity;
  private final Map<String, LocalManifest> manifests;
  private final Map<String, Path> blobSources = new HashMap<>();
  private final Path workerJar;
  private final String runId;
  private final int workerCount;
  private final Duration joinTimeout;
  private volatile String joinCommand = "jxdist worker --coordinator ADDR:PORT --token-file FILE";
  private final Clock clock;
  private final Deque<JoinedWorker> pending = new ArrayDeque<>();
  private final List<JoinedWorker> workers = new ArrayList<>();
  private final List<Joiner> joiners = new ArrayList<>();
  private final Map<String, SyncStats> syncStats = new LinkedHashMap<>();
  private final BlobSender blobs;
  private boolean closed;

  /**
   * @param capacity how many workers may run on join places at once ({@code --join N}; 0: joiners
   *     are welcome but get no work)
   * @param manifests each suite's manifest by suite id (see {@link SuiteManifests})
   * @param workerJar the worker jar, the manifests' last classpath entry
   * @param runId the run's id
   * @param workerCount how many workers the run may have at once
   * @param joinTimeout how long an assignment may wait for a joiner
   * @param clock the time source of the join timeout
   */
  public JoinProvisioner(
      int capacity,
      Map<String, LocalManifest> manifests,
      Path workerJar,
      String runId,
      int workerCount,
      Duration joinTimeout,
      Clock clock) {
    this.capacity = capacity;
    this.manifests = Map.copyOf(manifests);
    this.manifests.values().forEach(m -> blobSources.putAll(m.sources()));
    this.workerJar = workerJar;
    this.runId = runId;
    this.workerCount = workerCount;
    this.joinTimeout = joinTimeout;
    this.clock = clock;
    this.blobs = new BlobSender(this::blobSource);
  }

  // ---- Provisioner: the session's side ----

  @Override
  public String name() {
    return "join places";
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public synchronized long running() {
    return workers.stream().filter(w -> w.state() != JoinedWorker.State.ENDED).count();
  }

  @Override
  public synchronized List<? extends WorkerProcess> workers() {
    return List.copyOf(workers);
  }

  /**
   * Asks for the worker on a join place: the next joiner without work takes it. Returns at once;
   * the worker dials in when a joiner has started it (it knows the coordinator's address itself).
   */
  @Override
  public synchronized WorkerProcess start(WorkerRequest request) {
    SuiteSpec suite = request.suite();
    if (closed) {
      throw new IllegalStateException(
          "the join places are closed; cannot start " + request.workerId());
    }
    LocalManifest manifest = manifests.get(suite.id());
    if (manifest == null) {
      throw new IllegalStateException("suite " + suite.name() + " has no manifest for joiners");
    }
    JoinedWorker worker =
        new JoinedWorker(
            this,
            request.workerId(),
            request.slot(),
            suite,
            // The joiner's own environment is not known here; the suite's is.
            request.contact().jit().withSuiteArgs(suite.jvmArgs(), suite.environment()),
            manifest,
            SuiteManifests.classpathRoots(suite, workerJar),
            request.onExit(),
            clock,
            joinTimeout);
    workers.add(worker);
    pending.addLast(worker);
    dispatch();
    return worker;
  }

  /** What fetching code took, by joiner name, summed over its assignments. */
  public synchronized Map<String, SyncStats> syncStats() {
    return Map.copyOf(syncStats);
  }

  /** Names the command that starts a joiner for this run, once the server's port is known. */
  public void advertise(String command) {
    this.joinCommand = command;
  }

  /** The command that starts a joiner for this run. */
  String joinCommand() {
    return joinCommand;
  }

  /** The local file holding blob {@code sha256}, if it belongs to the run's manifests. */
  Optional<Path> blobSource(String sha256) {
    return Optional.ofNullable(blobSources.get(sha256));
  }

  /** Serves the run's blobs to joiners. */
  BlobSender blobs() {
    return blobs;
  }

  /** Takes {@code worker} out of the waiting line (it was let go before a joiner took it). */
  synchronized void withdraw(JoinedWorker worker) {
    pending.remove(worker);
    notifyAll();
  }

  // ---- the joiners' side ----

  /** A joiner presented the right token: it is welcome, and gets work if some waits. */
  synchronized void joined(Joiner joiner) {
    if (closed) {
      joiner.send(new JoinDirective.Done("the run is over"));
      joiner.end();
      return;
    }
    log.debug("joiner {} ({} cores) joined", joiner.name(), joiner.cores());
    joiners.add(joiner);
    joiner.send(new JoinDirective.Welcome(runId, capacity));
    dispatch();
  }

  /** A joiner reported progress on its assignment. */
  synchronized void received(Joiner joiner, JoinerEvent event) {
    JoinedWorker worker = joiner.current;
    String workerId = workerIdOf(event);
    if (worker == null || !worker.id().equals(workerId)) {
      log.warn(
          "joiner {}: ignored {} for worker {} it does not hold", joiner.name(), event, workerId);
      return;
    }
    if (event instanceof JoinerEvent.LaidOut l) {
      syncStats.merge(
          joiner.name(),
          new SyncStats(
              l.fetch().files(),
              l.fetch().blobsFetched(),
              l.fetch().bytesFetched(),
              l.fetch().durationMs() / 1000.0),
          (a, b) ->
              new SyncStats(
                  a.files() + b.files(),
                  a.filesUploaded() + b.filesUploaded(),
                  a.bytesUploaded() + b.bytesUploaded(),
                  a.seconds() + b.seconds()));
      joiner.send(worker.laidOut(l));
    } else if (event instanceof JoinerEvent.WorkerStarted s) {
      worker.started(s);
    } else if (event instanceof JoinerEvent.WorkerExited x) {
      worker.exited(x);
      joiner.current = null;
      notifyAll();
      dispatch();
    } else {
      log.warn("joiner {}: ignored a second Join", joiner.name());
    }
  }

  /** A joiner's stream ended: its unstarted assignment goes to another joiner. */
  synchronized void left(Joiner joiner, Throwable cause) {
    if (cause == null) {
      joiner.end(); // it closed its half: close ours
    } else {
      joiner.lost();
    }
    joiners.remove(joiner);
    JoinedWorker worker = joiner.current;
    joiner.current = null;
    if (worker != null) {
      log.debug(
          "joiner {} left while holding worker {}: {}",
          joiner.name(),
          worker.id(),
          cause == null ? "its stream closed" : cause.toString());
      if (worker.joinerLost() && !closed) {
        pending.addFirst(worker);
      }
    } else if (!closed) {
      log.debug("joiner {} left", joiner.name());
    }
    notifyAll();
    dispatch();
  }

  /** Hands waiting assignments to free joiners, in order. */
  private void dispatch() {
    if (closed) {
      return;
    }
    for (Joiner joiner : joiners) {
      if (pending.isEmpty()) {
        return;
      }
      if (joiner.current == null && !joiner.ended()) {
        JoinedWorker worker = pending.pollFirst();
        joiner.current = worker;
        joiner.send(worker.take(joiner, runId, workerCount));
      }
    }
  }

  private static String workerIdOf(JoinerEvent event) {
    if (event instanceof JoinerEvent.LaidOut l) {
      return l.workerId();
    }
    if (event instanceof JoinerEvent.WorkerStarted s) {
      return s.workerId();
    }
    if (event instanceof JoinerEvent.WorkerExited x) {
      return x.workerId();
    }
    return "";
  }

  /** Withdraws what waits, tells every joiner the run is over, and stops serving blobs. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (JoinedWorker worker : List.copyOf(pending)) {
      worker.letGo();
    }
    pending.clear();
    for (Joiner joiner : joiners) {
      joiner.send(new JoinDirective.Done("the run is over"));
      joiner.end();
    }
    joiners.clear();
    notifyAll();
    blobs.close();
  }

  /** A duration as people write it: {@code 5m}, {@code 90s}, {@code 1h30m}. */
  static String describe(Duration d) {
    long s = d.toSeconds();
    if (s == 0) {
      return d.toMillis() + "ms";
    }
    StringBuilder out = new StringBuilder();
    if (s >= 3600) {
      out.append(s / 3600).append('h');
      s %= 3600;
    }
    if (s >= 60) {
      out.append(s / 60).append('m');
      s %= 60;
    }
    if (s > 0) {
      out.append(s).append('s');
    }
    return out.toString();
  }
}
