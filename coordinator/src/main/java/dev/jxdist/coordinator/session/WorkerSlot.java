package dev.jxdist.coordinator.session;

import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.manager.WorkerProcess;
import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.remote.RemoteWorker;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The session's record of one worker over its life, and the one place its state changes: each
 * transition is a method that checks it starts from a state it may leave ({@code STARTING} to
 * {@code CONNECTED} to {@code READY} to {@code DRAINING} to {@code FINISHED}; any live state to
 * {@code CRASHED} or {@code FAILED}; {@code STARTING} to {@code UNUSED}). Used by the session
 * thread only.
 */
final class WorkerSlot {

  /** Where a worker is in its life. */
  enum State {
    /** Process started, no Hello yet. */
    STARTING,
    /** Hello accepted; configuring and discovering. */
    CONNECTED,
    /** Agreed on the plan; takes work. */
    READY,
    /** Told to shut down; waiting for its Bye. */
    DRAINING,
    /** Said Bye. */
    FINISHED,
    /** Vanished without Bye, or fell silent. */
    CRASHED,
    /** Reported that it cannot run the suite, or could not be started. */
    FAILED,
    /** Not needed: the run ended before it connected. */
    UNUSED;

    boolean isTerminal() {
      return this == FINISHED || this == CRASHED || this == FAILED || this == UNUSED;
    }

    boolean isConnected() {
      return this == CONNECTED || this == READY || this == DRAINING;
    }
  }

  private final String id;
  private final String slot;
  private final SuiteRun suite;
  private final WorkerProcess process;
  private final Instant startedAt;
  private Instant discoveredAt;
  private String host;
  private Instant awaitingHelloSince;
  private State state = State.STARTING;
  private RemoteWorker remote;
  private long pid;
  private Instant lastHeard;
  private Instant drainDeadline;
  private boolean shutdownSent;
  private boolean retiring;
  private int runningUnit = -1;
  private int testsFinished;
  private OptionalInt exitCode = OptionalInt.empty();
  private String failure = "";

  /** What each Discover it was sent and has not answered asked for (its plan: true), in order. */
  private final Deque<Boolean> unanswered = new ArrayDeque<>();

  private boolean answeringWithPlan;
  private WorkerEvent.Discovered heldHash;
  private Instant heldSince;

  /** Units sent and not yet reported done, in the order the worker runs them. */
  private final Map<Integer, WorkUnit> queue = new LinkedHashMap<>();

  /** The units it finished, in order: the classes that shared its JVM. */
  private final List<String> classesRun = new ArrayList<>();

  /** The class it was running when it was lost, or null. */
  private String lostIn;

  /** The units it finished, in order, each as the unique ids of the plan nodes it selected. */
  private final List<List<String>> unitsRun = new ArrayList<>();

  /**
   * @param process its process, or null if it could not even be started
   */
  WorkerSlot(String id, String slot, SuiteRun suite, WorkerProcess process, Instant startedAt) {
    this.id = id;
    this.slot = slot;
    this.suite = suite;
    this.process = process;
    this.host = process == null ? "localhost" : process.host();
    this.pid = process == null ? 0 : process.pid();
    this.startedAt = startedAt;
    this.awaitingHelloSince = startedAt;
    this.lastHeard = startedAt;
  }

  // ---- what it is ----

  String id() {
    return id;
  }

  /** The slot it fills ({@code JXDIST_WORKER}): the scheduler's name for it. */
  String slot() {
    return slot;
  }

  SuiteRun suite() {
    return suite;
  }

  /** Its process; empty if it could not even be started. */
  Optional<WorkerProcess> process() {
    return Optional.ofNullable(process);
  }

  /** Where it runs; known for sure only once it connected (a join place's joiner). */
  String host() {
    return host;
  }

  long pid() {
    return pid;
  }

  Instant startedAt() {
    return startedAt;
  }

  /** Its plan, or the plan's hash, arrived at {@code now}: the first time ends its start. */
  void discovered(Instant now) {
    if (discoveredAt == null) {
      discoveredAt = now;
    }
  }

  /** Seconds from its start to its first plan or hash: what its start cost; NaN if none came. */
  double readySeconds() {
    return discoveredAt == null
        ? Double.NaN
        : Duration.between(startedAt, discoveredAt).toNanos() / 1e9;
  }

  State state() {
    return state;
  }

  /** Its stream, once it connected. */
  RemoteWorker remote() {
    return remote;
  }

  /** Told to shut down because its suite has no work left for it (or in fresh-JVM mode). */
  boolean retiring() {
    return retiring;
  }

  boolean shutdownSent() {
    return shutdownSent;
  }

  // ---- liveness ----

  /** Since when its Hello is awaited: its start, or, for a join place, its JVM's launch. */
  Instant awaitingHelloSince() {
    return awaitingHelloSince;
  }

  /** Its JVM is not launched yet (a join place waiting for a joiner): the wait starts later. */
  void notLaunchedAt(Instant now) {
    awaitingHelloSince = now;
  }

  /**
   * When it was last heard from: the last message the session handled, or a later one that has
   * arrived and waits in the session's queue.
   */
  Instant lastHeard() {
    if (remote != null) {
      Optional<Instant> arrived = remote.lastArrival();
      if (arrived.isPresent() && arrived.get().isAfter(lastHeard)) {
        return arrived.get();
      }
    }
    return lastHeard;
  }

  /** It sent something. */
  void heard(Instant now) {
    lastHeard = now;
  }

  Instant drainDeadline() {
    return drainDeadline;
  }

  /** Its process's exit code, once known. */
  OptionalInt exitCode() {
    return exitCode;
  }

  void exited(int code) {
    exitCode = OptionalInt.of(code);
  }

  // ---- transitions ----

  /** It said Hello on {@code worker}: from now on it is written to there. */
  void connected(RemoteWorker worker, Instant now) {
    expect(State.STARTING);
    remote = worker;
    pid = worker.hello().pid();
    if (process != null) {
      host = process.host(); // a join place knows its host once a joiner took it
    }
    state = State.CONNECTED;
    lastHeard = now;
  }

  /** It agreed on the plan: it takes work from now on. */
  void ready() {
    expect(State.CONNECTED);
    state = State.READY;
    heldHash = null;
  }

  /**
   * Tells it to shut down (after a Stop with {@code stopReason}, if there is one), and waits for
   * its Bye until {@code deadline}.
   *
   * @param retire it is let go because its suite has no work left for it, while the run goes on
   */
  void drain(Optional<String> stopReason, boolean retire, Instant deadline) {
    if (!state.isConnected() || shutdownSent) {
      throw new IllegalStateException("worker " + id + " cannot be shut down when " + state);
    }
    stopReason.ifPresent(why -> remote.send(new CoordinatorCommand.Stop(why)));
    remote.send(new CoordinatorCommand.Shutdown());
    retiring |= retire;
    shutdownSent = true;
    state = State.DRAINING;
    drainDeadline = deadline;
  }

  /** It said Bye: acknowledged, and its stream closed. */
  void finished() {
    if (!state.isConnected()) {
      throw new IllegalStateException("worker " + id + " cannot finish when " + state);
    }
    remote.send(new CoordinatorCommand.ByeAck());
    remote.close();
    state = State.FINISHED;
  }

  /**
   * It is out of the run ({@code CRASHED} or {@code FAILED}) because of {@code why}, kept unless a
   * reason was recorded before; its stream, if it has one, is aborted with it.
   */
  void lost(State end, String why) {
    if (end != State.CRASHED && end != State.FAILED) {
      throw new IllegalArgumentException("a lost worker is crashed or failed, not " + end);
    }
    if (state.isTerminal()) {
      throw new IllegalStateException("worker " + id + " is already " + state);
    }
    state = end;
    WorkUnit running = queue.get(runningUnit);
    if (running != null) {
      lostIn = running.label();
    }
    if (failure.isEmpty()) {
      failure = why;
    }
    if (remote != null) {
      remote.abort(Status.ABORTED.withDescription(why));
    }
  }

  /** The run ended before it connected. */
  void unused() {
    expect(State.STARTING);
    state = State.UNUSED;
  }

  /** What it said about why it cannot run its suite; kept as the reason it is lost. */
  void failedWith(String message) {
    failure = message;
  }

  /** Why it left the run early, or "". */
  String failure() {
    return failure;
  }

  private void expect(State from) {
    if (state != from) {
      throw new IllegalStateException("worker " + id + " is " + state + ", not " + from);
    }
  }

  // ---- its plan ----

  /**
   * Sends it {@code discover}, its paths laid out for its machine: it is to discover (again) and
   * answer with its plan's hash, and the plan too if {@code discover} asks for it.
   */
  void discover(CoordinatorCommand.Discover discover) {
    if (!state.isConnected()) {
      throw new IllegalStateException("worker " + id + " cannot discover when " + state);
    }
    remote.send(process == null ? discover : process.adapt(discover));
    unanswered.add(discover.sendPlan());
  }

  /**
   * It sent a plan: true if that answers a Discover it was sent (the oldest unanswered, whose
   * question {@link #answersWithPlan} tells from now on), false if none was unanswered.
   */
  boolean answeredDiscover() {
    Boolean withPlan = unanswered.poll();
    if (withPlan == null) {
      return false;
    }
    answeringWithPlan = withPlan;
    return true;
  }

  /** The Discover it last answered asked for the whole plan, not only its hash. */
  boolean answersWithPlan() {
    return answeringWithPlan;
  }

  /**
   * It sent only its plan's hash ({@code discovered}) at {@code now}, which waits to be compared:
   * its suite has no plan yet, or the hash differs and its plan is asked for to show how.
   */
  void holdHash(WorkerEvent.Discovered discovered, Instant now) {
    if (heldHash == null) {
      heldSince = now;
    }
    heldHash = discovered;
  }

  /** The plan hash it sent that waits to be compared, if one does. */
  Optional<WorkerEvent.Discovered> heldHash() {
    return Optional.ofNullable(heldHash);
  }

  /** Since when its hash waits. */
  Instant heldSince() {
    return heldSince;
  }

  // ---- its work ----

  /** Units sent and not yet reported done, by unit id, in the order it runs them. */
  Map<Integer, WorkUnit> queue() {
    return Collections.unmodifiableMap(queue);
  }

  /** Units were sent to it. */
  void sent(List<WorkUnit> units) {
    units.forEach(u -> queue.put(u.unitId(), u));
  }

  /** The unit it is running, or -1. */
  int runningUnit() {
    return runningUnit;
  }

  /** It started a test of {@code unitId}; true if that unit is one it was sent and new. */
  boolean startedUnit(int unitId) {
    if (unitId != runningUnit && queue.containsKey(unitId)) {
      runningUnit = unitId;
      return true;
    }
    return false;
  }

  /**
   * It finished {@code unitId}, whose plan nodes are {@code uniqueIds}; the unit, or null if it was
   * not one it was given.
   */
  WorkUnit unitDone(int unitId, List<String> uniqueIds) {
    WorkUnit unit = queue.remove(unitId);
    if (unit != null) {
      runningUnit = -1;
      classesRun.add(unit.label());
      unitsRun.add(uniqueIds);
    }
    return unit;
  }

  /** Drops what it was sent and did not finish (it is lost). */
  void clearQueue() {
    queue.clear();
  }

  /** The classes it finished, in order. */
  List<String> classesRun() {
    return Collections.unmodifiableList(classesRun);
  }

  /**
   * The classes that shared its JVM, in order, for reports: those it finished, and the one it was
   * running when it was lost (the one a crash that follows another class points at).
   */
  List<String> classesInJvm() {
    if (lostIn == null) {
      return classesRun();
    }
    List<String> all = new ArrayList<>(classesRun);
    all.add(lostIn);
    return all;
  }

  /** The units it finished, each as the unique ids of its plan nodes. */
  List<List<String>> unitsRun() {
    return Collections.unmodifiableList(unitsRun);
  }

  /** A test of its finished. */
  void testFinished() {
    testsFinished++;
  }

  int testsFinished() {
    return testsFinished;
  }

  /**
   * How reports name its state: a worker taken out of the run after it ran tests (the session timed
   * out, it was dropped) is {@code stopped}; {@code failed} is for one that never took part.
   */
  String reportState() {
    return state == State.FAILED && testsFinished > 0
        ? "stopped"
        : state.name().toLowerCase(Locale.ROOT);
  }
}
