package dev.jxdist.coordinator.session;

import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.history.RunEstimate;
import dev.jxdist.coordinator.manager.WorkerExitListener;
import dev.jxdist.coordinator.manager.WorkerProcess;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.remote.RemoteWorker;
import dev.jxdist.coordinator.remote.WorkerConnections;
import dev.jxdist.coordinator.report.RunListener;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.report.TestStatus;
import dev.jxdist.coordinator.report.UnitTime;
import dev.jxdist.coordinator.scheduler.UnitCost;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One distributed run, as an actor: {@link #run} is the session thread, the only code that touches
 * run state; gRPC and process callbacks ({@link WorkerConnections}, {@link WorkerExitListener},
 * {@link #interrupt}) only enqueue.
 *
 * <p>Its life: the session starts its workers (at most {@code maxWorkers} at a time), each for one
 * suite (a module of the build: its classpath, JVM arguments, working directory); every worker
 * connects and is told to configure and discover; the first plan of a suite is the agreed one and
 * every other worker's of that suite must hash the same (else nothing runs); agreed workers get
 * units from their suite's scheduler as they finish others; events become results in the suite's
 * {@link ResultBook}. A worker whose suite has no work left is let go and a worker for the suite
 * with the most work waiting takes its place, so the whole build finishes as early as possible
 * (with {@code freshJvm}, every worker runs one unit and is replaced). A worker that vanishes
 * without Bye, exits, or falls silent past the heartbeat deadline has crashed: its running tests
 * are reported crashed, its remaining work goes back to its suite, and it is not replaced. When
 * every suite is done, every worker is shut down (Shutdown, Bye, ByeAck).
 *
 * <p>The class is long because it is the one place where the protocol's conversation is decided;
 * the bookkeeping it delegates lives in {@link ResultBook}, {@link WorkerSlot} and the scheduler.
 */
public final class DSession implements WorkerConnections, WorkerExitListener {

  private static final Logger log = LoggerFactory.getLogger(DSession.class);
  private static final int CRASH_LOG_LINES = 15;
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);

  private final BlockingQueue<SessionEvent> events = new LinkedBlockingQueue<>();
  private final Clock clock;
  private final Map<String, WorkerProcess> processes = new LinkedHashMap<>();
  private final List<SuiteRun> suites = new ArrayList<>();
  private final SchedulerFactory schedulers;
  private final Function<TestPlanIndex, Optional<UnitCost>> estimates;
  private final RunEstimate estimate;
  private final List<UnitTime> unitTimes = new ArrayList<>();
  private final RunListener listener;
  private final Duration heartbeat;
  private final Duration silenceLimit;
  private final int maxWorkers;
  private final boolean freshJvm;
  private final int maxFailures;
  private final String runId;
  private final Duration collectionWait;
  private final boolean replay;
  private WorkerStarter starter;

  private final Map<String, WorkerSlot> slots = new LinkedHashMap<>();
  private Instant runStart;
  private int workersStarted;
  private int workersLost;
  private String fatal;
  private boolean interrupted;
  private int failures;

  /** Why the run stopped early on its own ({@code --maxfail}), or null. */
  private String stopped;

  private boolean over;
  private long pingSequence;
  private Instant nextPing;

  /**
   * @param clock the time source for every timeout and timestamp
   * @param suites the suites to run, with what their workers are told to set up and discover (the
   *     full plan is always asked for, so a mismatch can be shown test by test)
   * @param schedulers makes a suite's scheduler once its plan is agreed
   * @param estimates a suite's unit costs in seconds once its plan is agreed, empty without history
   *     (then the listener is told no estimate of the time left)
   * @param listener hears about progress
   * @param settings heartbeat, worker count and the rest of how to run
   */
  public DSession(
      Clock clock,
      List<SessionSuite> suites,
      SchedulerFactory schedulers,
      Function<TestPlanIndex, Optional<UnitCost>> estimates,
      RunListener listener,
      SessionSettings settings) {
    this.clock = clock;
    suites.forEach(
        s ->
            this.suites.add(
                new SuiteRun(s.spec(), s.configure(), s.discover(), settings.eachRunsAll())));
    this.schedulers = schedulers;
    this.estimates = estimates;
    this.estimate = new RunEstimate(suites.size());
    this.listener = listener;
    this.heartbeat = settings.heartbeat();
    this.silenceLimit = heartbeat.multipliedBy(GrpcDefaults.MISSED_HEARTBEATS);
    this.maxWorkers = settings.maxWorkers();
    this.freshJvm = settings.freshJvm();
    this.maxFailures = settings.maxFailures();
    this.runId = settings.runId();
    this.collectionWait = settings.collectionWait();
    this.replay = settings.replay();
  }

  // ---- the callbacks: enqueue only ----

  @Override
  public void connected(RemoteWorker worker) {
    events.add(new SessionEvent.Connected(worker));
  }

  @Override
  public void received(RemoteWorker worker, WorkerEvent event) {
    events.add(new SessionEvent.Received(worker, event));
  }

  @Override
  public void disconnected(RemoteWorker worker, Throwable cause) {
    events.add(new SessionEvent.Disconnected(worker, cause));
  }

  @Override
  public void exited(String workerId, int exitCode) {
    events.add(new SessionEvent.ProcessExited(workerId, exitCode));
  }

  @Override
  public void failedToStart(String workerId, String reason) {
    events.add(new SessionEvent.StartFailed(workerId, reason));
  }

  /** Asks the run to stop as soon as the tests in progress finish (Ctrl-C). */
  public void interrupt() {
    events.add(new SessionEvent.Interrupted());
  }

  // ---- the session thread ----

  /**
   * Runs the session to its end on the calling thread: starts the workers through {@code starter},
   * hands out the work, and returns when every worker is gone. Call once.
   */
  public SessionResult run(WorkerStarter starter) {
    this.starter = starter;
    runStart = clock.instant();
    nextPing = runStart.plus(heartbeat);
    // Round robin over the suites: with more workers than suites, the first ones get two.
    for (int i = 0; i < maxWorkers; i++) {
      startWorker(suites.get(i % suites.size()));
    }
    while (!slots.values().stream().allMatch(s -> s.state.isTerminal())) {
      SessionEvent event;
      try {
        event = events.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        interrupted = true;
        event = null;
      }
      if (event != null) {
        handle(event);
      }
      onTick();
      rebalance();
      maybeEnd();
    }
    return finish();
  }

  /**
   * Starts a worker for {@code suite} in the lowest free slot; a JVM that cannot be started fails
   * at once.
   */
  private void startWorker(SuiteRun suite) {
    String id = "w" + (++workersStarted);
    String place = freeSlot();
    Instant now = clock.instant();
    WorkerProcess process;
    try {
      process = starter.start(id, place, suite.spec);
    } catch (RuntimeException e) {
      WorkerSlot slot = new WorkerSlot(id, place, suite, "localhost", 0, now);
      slots.put(id, slot);
      failStart(slot, e.getMessage());
      return;
    }
    processes.put(id, process);
    slots.put(id, new WorkerSlot(id, place, suite, process.host(), process.pid(), now));
    listener.workerActivity(id, "starting");
  }

  /**
   * The lowest slot ({@code w1} ... {@code wN}) no live worker holds: a worker on its way out has
   * nothing left to run, so its successor may take its slot (and its ports, databases...).
   */
  private String freeSlot() {
    Set<String> taken =
        slots.values().stream()
            .filter(s -> !s.state.isTerminal() && !s.retiring)
            .map(s -> s.slot)
            .collect(Collectors.toSet());
    for (int n = 1; ; n++) {
      if (!taken.contains("w" + n)) {
        return "w" + n;
      }
    }
  }

  /**
   * True if another worker, live and not on its way out, now fills {@code slot}'s slot in the same
   * suite (its successor): the slot's work in the scheduler is the successor's then.
   */
  private boolean slotTakenOver(WorkerSlot slot) {
    return slots.values().stream()
        .anyMatch(
            s ->
                s != slot
                    && s.slot.equals(slot.slot)
                    && s.suite == slot.suite
                    && !s.state.isTerminal()
                    && !s.retiring);
  }

  /**
   * The worker of {@code slot} could not be started, or will never connect (see {@link
   * WorkerProcess#startFailure}): it costs its place, with nothing of the suite's to give back.
   */
  private void failStart(WorkerSlot slot, String reason) {
    WorkerProcess process = processes.get(slot.id);
    if (process != null) {
      process.kill();
    }
    listener.notice("worker " + slot.id + " could not be started: " + reason);
    workersLost++;
    lose(slot, WorkerSlot.State.FAILED, reason);
  }

  /** Workers that count against {@code maxWorkers}: alive and not on their way out. */
  private long activeWorkers() {
    return slots.values().stream().filter(s -> !s.state.isTerminal() && !s.retiring).count();
  }

  /**
   * Moves workers to where the work is: an idle worker whose suite has nothing left for it (or that
   * ran its one unit, in fresh-JVM mode) is let go, and free places go to the suite with the most
   * units waiting per worker. Crashed workers are not replaced: each one costs a place.
   */
  private void rebalance() {
    if (over) {
      return;
    }
    for (WorkerSlot slot : slots.values()) {
      boolean idle = slot.state == WorkerSlot.State.READY && slot.queue.isEmpty() && !slot.retiring;
      boolean spent = freshJvm ? !slot.classesRun.isEmpty() : slot.suite.demand() == 0;
      if (idle && spent && (freshJvm || neediest() != null)) {
        retire(slot);
      }
    }
    while (activeWorkers() < maxWorkers - workersLost) {
      SuiteRun needy = neediest();
      if (needy == null) {
        return;
      }
      startWorker(needy);
    }
  }

  /** The suite with the most work waiting per worker it has, or null if none waits. */
  private SuiteRun neediest() {
    SuiteRun best = null;
    double bestScore = 0;
    for (SuiteRun suite : suites) {
      int demand = suite.demand();
      if (demand == 0) {
        continue;
      }
      long workers =
          slots.values().stream()
              .filter(s -> s.suite == suite && !s.state.isTerminal() && !s.retiring)
              .count();
      if (suite.scheduler == null ? workers > 0 : demand <= workers) {
        // Its workers take what is waiting next; another JVM would start for nothing.
        continue;
      }
      double score = (double) demand / (workers + 1);
      if (score > bestScore) {
        best = suite;
        bestScore = score;
      }
    }
    return best;
  }

  private void retire(WorkerSlot slot) {
    slot.retiring = true;
    slot.remote.send(new CoordinatorCommand.Shutdown());
    slot.shutdownSent = true;
    slot.state = WorkerSlot.State.DRAINING;
    slot.drainDeadline = clock.instant().plus(DRAIN_TIMEOUT);
  }

  private void handle(SessionEvent event) {
    if (event instanceof SessionEvent.Connected c) {
      onConnected(c.worker());
    } else if (event instanceof SessionEvent.Received r) {
      WorkerSlot slot = slots.get(r.worker().id());
      if (slot == null || slot.remote != r.worker() || slot.state.isTerminal()) {
        return;
      }
      slot.lastHeard = clock.instant();
      onEvent(slot, r.event());
    } else if (event instanceof SessionEvent.Disconnected d) {
      WorkerSlot slot = slots.get(d.worker().id());
      if (slot != null && slot.remote == d.worker() && !slot.state.isTerminal()) {
        // A dead JVM closes its connection: the exit, if it follows at once, is the better story.
        if (processes.get(slot.id).exitCode(500).isPresent()) {
          crash(slot, "its JVM exited before it said goodbye");
        } else {
          String why =
              d.cause() == null
                  ? "its connection closed"
                  : "its connection failed (" + Status.fromThrowable(d.cause()).getCode() + ")";
          crash(slot, why + " before it said goodbye");
        }
      }
    } else if (event instanceof SessionEvent.ProcessExited e) {
      WorkerSlot slot = slots.get(e.workerId());
      if (slot != null) {
        slot.exitCode = OptionalInt.of(e.exitCode());
        if (!slot.state.isTerminal()) {
          crash(slot, "its JVM exited before it said goodbye");
        }
      }
    } else if (event instanceof SessionEvent.StartFailed f) {
      WorkerSlot slot = slots.get(f.workerId());
      if (slot != null && slot.state == WorkerSlot.State.STARTING) {
        failStart(slot, f.reason());
      }
    } else if (event instanceof SessionEvent.Interrupted) {
      if (!interrupted) {
        interrupted = true;
        listener.notice("interrupted: stopping after the tests in progress");
      }
    }
  }

  private void onConnected(RemoteWorker worker) {
    WorkerSlot slot = slots.get(worker.id());
    if (slot == null || slot.state != WorkerSlot.State.STARTING) {
      log.warn(
          "refused a connection claiming to be worker '{}': no such worker is waiting",
          worker.id());
      worker.abort(
          Status.ALREADY_EXISTS.withDescription("no worker '" + worker.id() + "' is expected"));
      return;
    }
    WorkerProcess process = processes.get(slot.id);
    slot.remote = worker;
    slot.pid = worker.hello().pid();
    slot.host = process.host(); // a join place knows its host once a joiner took it
    slot.state = WorkerSlot.State.CONNECTED;
    slot.lastHeard = clock.instant();
    worker.send(process.adapt(withIdentity(slot.suite.configure, slot)));
    worker.send(process.adapt(slot.suite.discover));
    listener.workerActivity(slot.id, "discovering");
  }

  /**
   * The suite's configuration plus who the worker is, as system properties the tests can read
   * ({@code jxdist.worker} is its slot; the environment has the same as {@code JXDIST_*}).
   */
  private CoordinatorCommand.Configure withIdentity(
      CoordinatorCommand.Configure c, WorkerSlot slot) {
    Map<String, String> properties = new LinkedHashMap<>(c.systemProperties());
    properties.put("jxdist.worker", slot.slot);
    properties.put("jxdist.worker.id", slot.id);
    properties.put("jxdist.worker.count", Integer.toString(maxWorkers));
    properties.put("jxdist.run.id", runId);
    return new CoordinatorCommand.Configure(
        c.classpath(),
        c.configurationParameters(),
        properties,
        c.captureOutput(),
        c.heartbeatSeconds());
  }

  private void onEvent(WorkerSlot slot, WorkerEvent event) {
    if (event instanceof WorkerEvent.Discovered d) {
      onDiscovered(slot, d);
    } else if (event instanceof WorkerEvent.TestStarted s) {
      onTestStarted(slot, s);
    } else if (event instanceof WorkerEvent.DynamicTestRegistered r) {
      SuiteRun suite = slot.suite;
      if (suite.plan == null || !suite.plan.addDynamic(r.node())) {
        log.warn(
            "worker {}: ignored dynamic test {}: unknown parent or already known",
            slot.id,
            r.node().uniqueId());
        return;
      }
      suite.book(slot.id).registered(r.node());
      listener.planned(expected(), maxWorkers);
    } else if (event instanceof WorkerEvent.TestFinished f) {
      SuiteRun suite = slot.suite;
      if (suite.plan == null || suite.plan.node(f.uniqueId()).isEmpty()) {
        log.warn("worker {}: ignored a result for unknown test {}", slot.id, f.uniqueId());
        return;
      }
      report(suite.book(slot.id).finished(f, slot.id, slot.host, secondsSinceStart()));
    } else if (event instanceof WorkerEvent.UnitDone u) {
      onUnitDone(slot, u);
    } else if (event instanceof WorkerEvent.Bye) {
      slot.remote.send(new CoordinatorCommand.ByeAck());
      slot.remote.close();
      slot.state = WorkerSlot.State.FINISHED;
      listener.workerActivity(slot.id, slot.retiring && !over ? "done" : "finished");
    } else if (event instanceof WorkerEvent.WorkerFailure f) {
      // One line for the user; the rest (an engine's report, a stack trace) goes to the log.
      String message = f.message().lines().findFirst().orElse("(no reason given)");
      log.debug("worker {} failure message: {}", slot.id, f.message());
      slot.failure = message;
      log.debug("worker {} failure detail: {}", slot.id, f.detail());
      listener.notice(
          "worker " + slot.id + " cannot run " + slot.suite.spec.name() + ": " + message);
      workersLost++;
      lose(slot, WorkerSlot.State.FAILED, message);
    } else if (event instanceof WorkerEvent.Output o) {
      log.debug("worker {} {}: {}", slot.id, o.stderr() ? "stderr" : "stdout", o.text());
    } else if (event instanceof WorkerEvent.Hello) {
      log.warn("worker {}: ignored a second Hello", slot.id);
    }
    // Pong: hearing from it (lastHeard) is all a Pong is for.
  }

  private void onDiscovered(WorkerSlot slot, WorkerEvent.Discovered d) {
    if (slot.state != WorkerSlot.State.CONNECTED) {
      return;
    }
    SuiteRun suite = slot.suite;
    if (suite.plan == null) {
      TestPlanIndex index;
      try {
        index = TestPlanIndex.of(d.nodes(), Set.copyOf(d.indivisibleIds()));
      } catch (IllegalArgumentException e) {
        fatal = "worker " + slot.id + " sent a test plan that cannot be used: " + e.getMessage();
        return;
      }
      if (!index.hash().equals(d.planHash())) {
        fatal = "worker " + slot.id + " sent a test plan that does not match its own hash";
        return;
      }
      suite.planAgreed(index, slot.id, clock.instant());
      suite.nextUnitId = index.firstFreeUnitId();
      try {
        suite.scheduler = schedulers.create(suite.spec, index);
      } catch (IllegalArgumentException e) {
        // A replayed report that names tests this plan does not have, for one.
        fatal = (suites.size() > 1 ? suite.spec.name() + ": " : "") + e.getMessage();
        return;
      }
      estimate.planned(suite.id(), estimates.apply(index), index.unitsByTopLevelClass());
      listener.notice(collected(suite));
      listener.planned(expected(), maxWorkers);
      tellEstimate();
    } else if (!suite.plan.hash().equals(d.planHash())) {
      fatal = planDifference(suite, slot.id, d.nodes());
      return;
    }
    slot.state = WorkerSlot.State.READY;
    suite.scheduler.workerReady(slot.slot);
    dispatchWhenCollected(suite);
  }

  /**
   * Starts {@code suite}'s work once its collection is settled: every worker started for it so far
   * has sent its plan (so that different plans stop the run before anything ran), or the collection
   * wait has passed since the first plan. After that, workers get work as they come.
   */
  private void dispatchWhenCollected(SuiteRun suite) {
    if (suite.plan == null) {
      return;
    }
    if (!suite.collected) {
      boolean waiting =
          slots.values().stream()
              .anyMatch(
                  s ->
                      s.suite == suite
                          && (s.state == WorkerSlot.State.STARTING
                              || s.state == WorkerSlot.State.CONNECTED));
      if (waiting && clock.instant().isBefore(suite.planAgreedAt.plus(collectionWait))) {
        return;
      }
      suite.collected = true;
    }
    slots.values().stream()
        .filter(s -> s.suite == suite && s.state == WorkerSlot.State.READY)
        .forEach(this::dispatch);
  }

  private void onTestStarted(WorkerSlot slot, WorkerEvent.TestStarted s) {
    SuiteRun suite = slot.suite;
    if (suite.plan == null || suite.plan.node(s.uniqueId()).isEmpty()) {
      log.warn("worker {}: ignored the start of unknown test {}", slot.id, s.uniqueId());
      return;
    }
    suite.book(slot.id).started(s.uniqueId(), slot.id, slot.host, secondsSinceStart());
    if (s.unitId() != slot.runningUnit && slot.queue.containsKey(s.unitId())) {
      slot.runningUnit = s.unitId();
      estimate.started(suite.id(), slot.queue.get(s.unitId()), clock.instant());
      listener.workerActivity(slot.id, slot.queue.get(s.unitId()).label());
    }
  }

  private void onUnitDone(WorkerSlot slot, WorkerEvent.UnitDone u) {
    WorkUnit unit = slot.queue.remove(u.unitId());
    if (unit == null) {
      log.warn("worker {}: ignored UnitDone for unit {} it was not given", slot.id, u.unitId());
      return;
    }
    slot.runningUnit = -1;
    slot.classesRun.add(unit.label());
    slot.unitsRun.add(slot.suite.plan.uniqueIds(unit));
    slot.suite.scheduler.unitDone(slot.slot, unit.unitId());
    report(slot.suite.book(slot.id).unitDone(unit, slot.id, slot.host, secondsSinceStart()));
    slot.suite
        .plan
        .classOf(unit)
        .ifPresent(
            cls ->
                unitTimes.add(
                    new UnitTime(
                        cls.uniqueId(),
                        unit.label(),
                        u.durationNanos() / 1e9,
                        slot.id,
                        secondsSinceStart())));
    estimate.finished(slot.suite.id(), unit);
    tellEstimate();
    dispatch(slot);
    if (slot.queue.isEmpty()) {
      listener.workerActivity(slot.id, "idle");
    }
  }

  /** Sends {@code slot} whatever the scheduler assigns it now. */
  private void dispatch(WorkerSlot slot) {
    if (slot.state != WorkerSlot.State.READY || over || slot.retiring || !slot.suite.collected) {
      return;
    }
    int max = freshJvm ? 1 - slot.classesRun.size() - slot.queue.size() : Integer.MAX_VALUE;
    if (max <= 0) {
      return;
    }
    List<WorkUnit> units = slot.suite.scheduler.assign(slot.slot, max);
    if (units.isEmpty()) {
      return;
    }
    units.forEach(u -> slot.queue.put(u.unitId(), u));
    slot.remote.send(new CoordinatorCommand.Run(units.stream().map(WorkUnit::toWire).toList()));
  }

  private void report(List<TestResult> results) {
    for (TestResult r : results) {
      WorkerSlot ranOn = slots.get(r.worker());
      if (ranOn != null) {
        ranOn.testsFinished++;
      }
      listener.testFinished(r);
      if (r.status() == TestStatus.FAILED
          || r.status() == TestStatus.ERROR
          || r.status() == TestStatus.CRASHED) {
        failures++;
        if (maxFailures > 0 && failures >= maxFailures && stopped == null && !over) {
          stopped = "stopped after " + count(maxFailures, "failure", "failures");
          listener.notice(
              stopped
                  + " (--maxfail "
                  + maxFailures
                  + "): the tests in progress finish, the rest is not run");
        }
      }
    }
  }

  /**
   * The worker is gone without goodbye: report what it was running as crashed, give its work back,
   * and kill what is left of it.
   */
  private void crash(WorkerSlot slot, String reason) {
    WorkerProcess process = processes.get(slot.id);
    if (process.isAlive()) {
      process.kill();
    }
    OptionalInt exit = slot.exitCode.isPresent() ? slot.exitCode : process.exitCode(1_000);
    List<String> tail = process.logTail(CRASH_LOG_LINES);
    String headline =
        "worker "
            + slot.id
            + " (pid "
            + slot.pid
            + " on "
            + slot.host
            + ") crashed: "
            + reason
            + (exit.isPresent()
                ? " (exit code " + exit.getAsInt() + describeSignal(exit.getAsInt()) + ")"
                : "");
    String detail =
        headline
            + "\ncommand: "
            + process.commandLine()
            + "\nlast lines of its output:\n  "
            + String.join("\n  ", tail);
    log.debug("{}", detail);
    listener.notice(headline);
    if (slot.suite.plan != null) {
      report(slot.suite.book(slot.id).crashed(slot.id, detail, secondsSinceStart()));
    }
    workersLost++;
    lose(slot, WorkerSlot.State.CRASHED, headline);
  }

  /** Takes {@code slot} out of the run; its unfinished units go back to the pool. */
  private void lose(WorkerSlot slot, WorkerSlot.State state, String why) {
    slot.state = state;
    if (slot.failure.isEmpty()) {
      slot.failure = why;
    }
    listener.workerActivity(slot.id, state == WorkerSlot.State.CRASHED ? "crashed" : "failed");
    if (slot.remote != null) {
      slot.remote.abort(Status.ABORTED.withDescription(why));
    }
    SuiteRun suite = slot.suite;
    if (suite.scheduler != null) {
      WorkUnit started = slot.queue.get(slot.runningUnit);
      if (!slotTakenOver(slot)) {
        // A successor in the same slot holds that slot's work now; this one had nothing left.
        suite.scheduler.workerLost(slot.slot, slot.runningUnit);
      }
      estimate.stopped(suite.id(), slot.runningUnit);
      if (started != null) {
        List<Integer> rest = suite.book(slot.id).remainingOf(started);
        // In each mode the rest was this worker's own to run; no other worker takes it.
        if (!rest.isEmpty() && !suite.bookPerWorker) {
          suite.scheduler.requeue(
              new WorkUnit(suite.nextUnitId++, started.label(), rest, rest.size()));
        }
      }
      slot.queue.clear();
      slots.values().stream().filter(s -> s.suite == suite).forEach(this::dispatch);
    } else if (state == WorkerSlot.State.FAILED
        && slots.values().stream().noneMatch(s -> s.suite == suite && !s.state.isTerminal())) {
      suite.failure = why;
    }
  }

  private void onTick() {
    Instant now = clock.instant();
    suites.stream().filter(s -> !s.collected).forEach(this::dispatchWhenCollected);
    for (WorkerSlot slot : slots.values()) {
      if (slot.state == WorkerSlot.State.STARTING && !processes.get(slot.id).launched()) {
        // A join place waiting for a joiner: its own deadline applies, not the handshake's.
        slot.awaitingHelloSince = now;
        processes.get(slot.id).startFailure().ifPresent(why -> failStart(slot, why));
      } else if (slot.state == WorkerSlot.State.STARTING
          && processes.get(slot.id).startFailure().isPresent()) {
        failStart(slot, processes.get(slot.id).startFailure().get());
      } else if (slot.state == WorkerSlot.State.STARTING
          && Duration.between(slot.awaitingHelloSince, now)
                  .compareTo(GrpcDefaults.HANDSHAKE_TIMEOUT)
              > 0) {
        crash(
            slot, "it did not connect within " + GrpcDefaults.HANDSHAKE_TIMEOUT.toSeconds() + " s");
      } else if (slot.state.isConnected()
          && Duration.between(slot.lastHeard, now).compareTo(silenceLimit) > 0) {
        crash(
            slot,
            "it was silent for " + silenceLimit.toSeconds() + " s (frozen, or its link is down)");
      } else if (slot.state == WorkerSlot.State.DRAINING && now.isAfter(slot.drainDeadline)) {
        crash(
            slot,
            "it did not say goodbye within " + DRAIN_TIMEOUT.toSeconds() + " s of being shut down");
      }
    }
    if (!now.isBefore(nextPing)) {
      nextPing = now.plus(heartbeat);
      pingSequence++;
      slots.values().stream()
          .filter(s -> s.state.isConnected())
          .forEach(s -> s.remote.send(new CoordinatorCommand.Ping(pingSequence)));
    }
  }

  /** Decides whether the run is over and, if so, lets every worker go. */
  private void maybeEnd() {
    if (!over) {
      boolean workDone = suites.stream().allMatch(SuiteRun::isDone);
      boolean noOneLeft =
          slots.values().stream().allMatch(s -> s.state.isTerminal()) && workersLost >= maxWorkers;
      over = fatal != null || interrupted || stopped != null || workDone || noOneLeft;
      if (!over) {
        return;
      }
    }
    for (WorkerSlot slot : slots.values()) {
      if (slot.state == WorkerSlot.State.STARTING) {
        processes.get(slot.id).kill();
        slot.state = WorkerSlot.State.UNUSED;
        listener.workerActivity(slot.id, "unused");
      } else if (slot.state.isConnected() && !slot.shutdownSent) {
        if (fatal != null || interrupted || stopped != null) {
          slot.remote.send(
              new CoordinatorCommand.Stop(
                  fatal != null ? "run aborted" : interrupted ? "interrupted" : stopped));
        }
        slot.remote.send(new CoordinatorCommand.Shutdown());
        slot.shutdownSent = true;
        slot.state = WorkerSlot.State.DRAINING;
        slot.drainDeadline = clock.instant().plus(DRAIN_TIMEOUT);
      }
    }
  }

  private SessionResult finish() {
    double now = secondsSinceStart();
    List<String> failedSuites = new ArrayList<>();
    List<TestResult> results = new ArrayList<>();
    for (SuiteRun suite : suites) {
      if (suite.plan != null) {
        String why =
            interrupted
                ? "not run: the run was interrupted"
                : stopped != null
                    ? "not run: " + stopped
                    : fatal != null
                        ? "not run: " + fatal.lines().findFirst().orElse("")
                        : replay ? "not run: the replayed run did not run it here" : null;
        if (suite.bookPerWorker) {
          // Each worker's own book: what it did not get to is its own loss, not the run's.
          suite
              .workerBooks()
              .forEach(
                  (workerId, book) ->
                      report(
                          why != null
                              ? book.notRun(TestStatus.SKIPPED, why, now)
                              : book.notRun(
                                  TestStatus.CRASHED,
                                  "not run: worker " + workerId + " was lost before it got to it",
                                  now)));
        } else {
          ResultBook book = suite.books().get(0);
          report(
              why != null
                  ? book.notRun(TestStatus.SKIPPED, why, now)
                  : book.notRun(TestStatus.CRASHED, "not run: no worker was left to run it", now));
        }
        suite.books().forEach(book -> results.addAll(book.results()));
      } else if (!interrupted && fatal == null) {
        Set<String> reasons = new LinkedHashSet<>();
        slots.values().stream()
            .filter(s -> s.suite == suite && !s.failure.isEmpty())
            .forEach(s -> reasons.add(s.id + ": " + s.failure));
        failedSuites.add(
            (suites.size() > 1 ? suite.spec.name() + ": " : "")
                + "no worker could run the suite"
                + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")"));
      }
    }
    if (fatal == null && !failedSuites.isEmpty()) {
      fatal = String.join("\n", failedSuites);
    }
    return new SessionResult(
        RunReports.build(results, unitTimes, slots.values(), now, exitCode(results)),
        Optional.ofNullable(fatal));
  }

  /** Tells the listener the estimated time left, if there is an estimate. */
  private void tellEstimate() {
    estimate
        .remaining(clock.instant(), (int) Math.max(1, activeWorkers()))
        .ifPresent(listener::estimate);
  }

  /** Tests expected so far, over every suite with a plan. */
  private int expected() {
    return suites.stream().flatMap(s -> s.books().stream()).mapToInt(ResultBook::expected).sum();
  }

  private int exitCode(List<TestResult> results) {
    if (interrupted) {
      return 2;
    }
    if (fatal != null) {
      return 3;
    }
    if (results.isEmpty()) {
      return 5;
    }
    boolean bad =
        results.stream()
            .anyMatch(
                r ->
                    r.status() == TestStatus.FAILED
                        || r.status() == TestStatus.ERROR
                        || r.status() == TestStatus.CRASHED);
    return bad ? 1 : 0;
  }

  private String planDifference(SuiteRun suite, String workerId, List<TestNode> other) {
    String planFrom = suite.planFrom;
    Set<String> agreed =
        suite.plan.planNodes().stream()
            .map(TestNode::uniqueId)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    Set<String> theirs =
        other.stream().map(TestNode::uniqueId).collect(Collectors.toCollection(LinkedHashSet::new));
    List<String> lines = new ArrayList<>();
    lines.add(
        "Different tests were collected between "
            + planFrom
            + " and "
            + workerId
            + "; nothing was run.");
    agreed.stream()
        .filter(id -> !theirs.contains(id))
        .limit(20)
        .forEach(id -> lines.add("  only on " + planFrom + ": " + id));
    theirs.stream()
        .filter(id -> !agreed.contains(id))
        .limit(20)
        .forEach(id -> lines.add("  only on " + workerId + ": " + id));
    if (lines.size() == 1) {
      lines.add("  the same tests, in a different order or shape");
    }
    return String.join("\n", lines);
  }

  /**
   * What a suite's plan holds, in one line: {@code collected 40 tests in 8 classes, running on 2
   * workers}; with several suites, {@code alpha: collected 12 tests in 3 classes}.
   */
  private String collected(SuiteRun suite) {
    TestPlanIndex plan = suite.plan;
    int templates = plan.templateCount();
    return (suites.size() > 1 ? suite.spec.name() + ": " : "")
        + "collected "
        + count(suite.plan.planTests().size(), "test", "tests")
        + " in "
        + count(plan.unitsByTopLevelClass().size(), "class", "classes")
        + (templates > 0
            ? " (plus the invocations of "
                + count(
                    templates, "parameterized or dynamic test", "parameterized or dynamic tests")
                + ")"
            : "")
        + (suites.size() > 1 ? "" : ", running on " + count(maxWorkers, "worker", "workers"));
  }

  private static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  private double secondsSinceStart() {
    return Duration.between(runStart, clock.instant()).toNanos() / 1e9;
  }

  private static String describeSignal(int exitCode) {
    return exitCode > 128 && exitCode < 160 ? " (killed by signal " + (exitCode - 128) + ")" : "";
  }
}
