package dev.jxdist.coordinator.session;

import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.Untrusted;
import dev.jxdist.common.wire.WorkerBootstrap;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.config.Durations;
import dev.jxdist.coordinator.manager.WorkerExitListener;
import dev.jxdist.coordinator.manager.WorkerProcess;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.remote.RemoteWorker;
import dev.jxdist.coordinator.remote.WorkerConnections;
import dev.jxdist.coordinator.report.RunListener;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.scheduler.UnitCost;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One distributed run, as an actor: {@link #run} is the session thread, the only code that touches
 * run state; gRPC and process callbacks ({@link WorkerConnections}, {@link WorkerExitListener},
 * {@link #interrupt}) only enqueue.
 *
 * <p>Its life: workers start (at most {@code maxWorkers} at a time), each for one suite (a module
 * of the build: its classpath, JVM arguments, working directory); every worker connects and is told
 * to configure and discover; the first plan of a suite is the agreed one and every other worker's
 * of that suite must hash the same (else nothing runs); agreed workers get units from their suite's
 * scheduler as they finish others; events become results in the suite's {@link ResultBook}. A
 * worker that vanishes without Bye, exits, or falls silent past the heartbeat deadline has crashed:
 * its running tests are reported crashed once its crash report is in (or run again, if it fell
 * silent), its remaining work goes back to its suite, and {@link Staffing#lost} decides whether it
 * is replaced and whether its host is dropped. When every suite is done, every worker is shut down
 * (Shutdown, Bye, ByeAck). Nothing here waits on a worker's process or host ({@link
 * ProcessErrands}).
 *
 * <p>A test or unit past its timeout has its worker asked for a thread dump (else one is taken with
 * jcmd, off this thread), is reported as an error with the dump, and its worker is killed and lost
 * as a crashed one is. At the session timeout, what runs is reported as timed out, every worker is
 * killed, and the rest is not run.
 *
 * <p>It keeps the event loop and the conversation with each worker, and delegates the rest: who
 * works where to {@link Staffing}, deadlines and pings to {@link Liveness}, timeouts to {@link
 * TimeLimits}, how the run ends to {@link SessionOutcome}, each worker's state to its {@link
 * WorkerSlot}. It is over 400 lines because it is the one place where every event meets the worker
 * it concerns.
 */
public final class DSession implements WorkerConnections, WorkerExitListener {

  private static final Logger log = LoggerFactory.getLogger(DSession.class);

  private final BlockingQueue<SessionEvent> events = new LinkedBlockingQueue<>();
  private final Clock clock;
  private final List<SuiteRun> suites = new ArrayList<>();
  private final SchedulerFactory schedulers;
  private final Function<TestPlanIndex, Optional<UnitCost>> estimates;
  private final RunListener listener;
  private final SessionSettings settings;
  private final Staffing staffing;
  private final SessionOutcome outcome;
  private final ProgressCount progress = new ProgressCount();
  private final CrashReports crashReports;
  private final Admission admission = new Admission();
  private WorkFlow work;
  private Liveness liveness;
  private ProcessErrands errands;
  private TimeLimits limits;

  /**
   * @param clock the time source for every timeout and timestamp
   * @param suites the suites to run, with what their workers are told to set up and discover (one
   *     worker of a suite is asked for the whole plan, the others for its hash; a worker whose hash
   *     differs is asked for its plan, so that a mismatch can be shown test by test)
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
    this.listener = listener;
    this.settings = settings;
    this.staffing =
        new Staffing(
            clock,
            listener,
            settings.maxWorkers(),
            settings.freshJvm(),
            settings.maxWorkerRestarts(),
            this::failStart);
    this.crashReports = new CrashReports(clock);
    this.outcome = new SessionOutcome(listener, settings.maxFailures(), settings.replay());
  }

  // ---- the callbacks: enqueue only ----

  @Override
  public void connected(RemoteWorker worker) {
    events.add(new SessionEvent.Connected(worker));
  }

  @Override
  public void received(RemoteWorker worker, WorkerEvent event) {
    Instant at = clock.instant();
    worker.arrived(at);
    events.add(new SessionEvent.Received(worker, event, at));
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
   * hands out the work, and returns when every worker is gone and every crash is reported. Call
   * once. Nothing here waits on a worker's process or host: that is what {@link ProcessErrands} is
   * for.
   */
  public SessionResult run(WorkerStarter starter) {
    try (ProcessErrands errands = new ProcessErrands()) {
      this.errands = errands;
      return runLoop(starter);
    }
  }

  private SessionResult runLoop(WorkerStarter starter) {
    work =
        new WorkFlow(clock, suites, staffing, outcome, schedulers, estimates, listener, settings);
    liveness = new Liveness(clock, settings.heartbeat());
    limits = new TimeLimits(clock, settings.timeouts());
    int firstWave =
        settings
            .starts()
            .map(s -> s.firstWave(settings.maxWorkers()))
            .orElse(settings.maxWorkers());
    if (firstWave < settings.maxWorkers()) {
      listener.notice(settings.starts().orElseThrow().firstWaveLine(settings.maxWorkers()));
    }
    staffing.begin(starter, suites, firstWave);
    EventBatches<SessionEvent> batches = new EventBatches<>(events);
    while (!staffing.allEnded() || !crashReports.isEmpty()) {
      List<SessionEvent> batch;
      try {
        batch = batches.next(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        outcome.interruptQuietly();
        batch = List.of();
      }
      Instant busySince = clock.instant();
      for (SessionEvent event : batch) {
        handle(event);
        // Each step of the count is told, as before batches (a pass over the suites, not the
        // workers, except in each mode).
        progress.update(suites, staffing::discovering, listener);
      }
      liveness.busy(busySince);
      onTick();
      rebalance();
      maybeEnd();
      progress.update(suites, staffing::discovering, listener);
    }
    work.dispatchDelays().log();
    return outcome.finish(
        suites,
        staffing.all(),
        work.unitTimes(),
        work.secondsSinceStart(),
        work.start(),
        work::report);
  }

  /**
   * Moves workers to where the work is: idle workers that are spent are let go, and free places go
   * to the suites with the most units waiting per worker.
   */
  private void rebalance() {
    if (outcome.isOver()) {
      return;
    }
    staffing
        .spent(suites)
        .forEach(slot -> slot.drain(Optional.empty(), true, liveness.drainDeadline()));
    staffing.fill(suites);
  }

  private void handle(SessionEvent event) {
    if (event instanceof SessionEvent.Connected c) {
      onConnected(c.worker());
    } else if (event instanceof SessionEvent.Received r) {
      WorkerSlot slot = staffing.get(r.worker().id());
      if (slot == null || slot.remote() != r.worker() || slot.state().isTerminal()) {
        return;
      }
      slot.heard(clock.instant());
      Optional<String> refused = admission.check(slot, r.event());
      if (refused.isPresent()) {
        distrust(slot, refused.get());
        return;
      }
      if (limits.overran(slot)) {
        // Past its deadline: only the thread dump it was asked for still counts.
        if (r.event() instanceof WorkerEvent.ThreadDump d) {
          limits.dumped(slot).ifPresent(o -> timedOut(o, d.text()));
        }
        return;
      }
      limits.heard(slot, r.event());
      onEvent(slot, r.event(), r.at());
    } else if (event instanceof SessionEvent.Disconnected d) {
      WorkerSlot slot = staffing.get(d.worker().id());
      if (slot != null && slot.remote() == d.worker() && !slot.state().isTerminal()) {
        // A dead JVM closes its connection: the crash report says so if its exit follows at once.
        String why =
            d.cause() == null
                ? "its connection closed"
                : "its connection failed (" + Status.fromThrowable(d.cause()).getCode() + ")";
        crash(slot, why + " before it said goodbye", Staffing.Loss.CRASHED, true);
      }
    } else if (event instanceof SessionEvent.ProcessExited e) {
      WorkerSlot slot = staffing.get(e.workerId());
      if (slot != null) {
        slot.exited(e.exitCode());
        if (!slot.state().isTerminal()) {
          crash(slot, "its JVM exited before it said goodbye", Staffing.Loss.CRASHED, false);
        }
      }
    } else if (event instanceof SessionEvent.StartFailed f) {
      WorkerSlot slot = staffing.get(f.workerId());
      if (slot != null && slot.state() == WorkerSlot.State.STARTING) {
        failStart(slot, f.reason());
      }
    } else if (event instanceof SessionEvent.CrashReported c) {
      crashReports.arrived(c.workerId(), c.report()).ifPresent(this::tellCrash);
    } else if (event instanceof SessionEvent.ThreadDumpTaken t) {
      WorkerSlot slot = staffing.get(t.workerId());
      if (slot != null && !slot.state().isTerminal()) {
        limits.dumped(slot).ifPresent(o -> timedOut(o, t.text()));
      }
    } else if (event instanceof SessionEvent.Interrupted) {
      outcome.interrupt();
    }
  }

  private void onConnected(RemoteWorker worker) {
    WorkerSlot slot = staffing.get(worker.id());
    if (slot == null || slot.state() != WorkerSlot.State.STARTING) {
      log.warn(
          "refused a connection claiming to be worker {} from host {}: no such worker is waiting",
          Untrusted.quote(worker.id()),
          Untrusted.quote(worker.hello().host()));
      worker.abort(
          Status.ALREADY_EXISTS.withDescription("no worker '" + worker.id() + "' is expected"));
      return;
    }
    WorkerProcess process = slot.process().orElseThrow();
    slot.connected(worker, clock.instant());
    staffing.connected(slot);
    worker.send(process.adapt(withIdentity(slot.suite().configure, slot)));
    work.discover(slot);
    listener.workerActivity(slot.id(), "discovering");
  }

  /**
   * The suite's configuration plus who the worker is, as system properties the tests can read
   * ({@code jxdist.worker} is its slot; the environment has the same as {@code JXDIST_*}).
   */
  private CoordinatorCommand.Configure withIdentity(
      CoordinatorCommand.Configure c, WorkerSlot slot) {
    Map<String, String> properties = new LinkedHashMap<>(c.systemProperties());
    properties.putAll(
        WorkerBootstrap.testProperties(
            slot.slot(), slot.id(), settings.maxWorkers(), settings.runId()));
    return new CoordinatorCommand.Configure(
        c.classpath(),
        c.configurationParameters(),
        properties,
        c.captureOutput(),
        c.heartbeatSeconds());
  }

  private void onEvent(WorkerSlot slot, WorkerEvent event, Instant at) {
    SuiteRun suite = slot.suite();
    if (event instanceof WorkerEvent.Discovered d) {
      work.planReceived(slot, d);
    } else if (event instanceof WorkerEvent.TestStarted s) {
      work.testStarted(slot, s);
    } else if (event instanceof WorkerEvent.DynamicTestRegistered r) {
      work.dynamicTest(slot, r);
    } else if (event instanceof WorkerEvent.TestFinished f) {
      work.testFinished(slot, f);
    } else if (event instanceof WorkerEvent.UnitDone u) {
      work.unitDone(slot, u, at);
    } else if (event instanceof WorkerEvent.Bye) {
      slot.finished();
      staffing.ended(slot);
      listener.workerActivity(
          slot.id(), slot.retiring() && !outcome.isOver() ? "done" : "finished");
    } else if (event instanceof WorkerEvent.WorkerFailure f) {
      // One line for the user (an engine's report of its discovery issues, joined); the detail (a
      // stack trace) goes to the log.
      String message = oneLine(f.message());
      log.debug("worker {} failure message: {}", slot.id(), f.message());
      slot.failedWith(message);
      log.debug("worker {} failure detail: {}", slot.id(), f.detail());
      if (slot.runningUnit() >= 0) {
        // It failed while it ran tests (an OutOfMemoryError out of a test): the test that was
        // running crashed it, as any end of its JVM does; it is not the suite it cannot run.
        crash(slot, "it failed while it ran tests: " + message, Staffing.Loss.CRASHED, false);
        return;
      }
      listener.notice("worker " + slot.id() + " cannot run " + suite.spec.name() + ": " + message);
      boolean wasLeaving = leaving(slot);
      lose(slot, WorkerSlot.State.FAILED, message);
      staffing.lost(slot, wasLeaving, Staffing.Loss.UNFIT, message, outcome.isOver());
    } else if (event instanceof WorkerEvent.Output o) {
      log.debug("worker {} {}: {}", slot.id(), o.stderr() ? "stderr" : "stdout", o.text());
    } else if (event instanceof WorkerEvent.ThreadDump) {
      log.debug("worker {}: ignored a thread dump nobody asked for", slot.id());
    }
    // Pong: hearing from it is all a Pong is for.
  }

  /**
   * How long a crash waits to hear how the JVM of a worker whose connection closed ended, to tell a
   * JVM that ended by itself from a connection that broke: a local exit comes a moment after the
   * connection's end; a host's is a short command over its SSH connection.
   */
  static final Duration EXIT_WAIT = Duration.ofMillis(500);

  /** The longest a worker's failure message is on the console, once on one line. */
  static final int FAILURE_MESSAGE_LIMIT = 2000;

  /**
   * {@code message}'s lines, trimmed and joined by spaces (at most {@link #FAILURE_MESSAGE_LIMIT}
   * characters): a JUnit discovery issue says what is wrong on the lines after its first.
   */
  static String oneLine(String message) {
    String joined =
        String.join(" ", message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    if (joined.isEmpty()) {
      return "(no reason given)";
    }
    return joined.length() <= FAILURE_MESSAGE_LIMIT
        ? joined
        : joined.substring(0, FAILURE_MESSAGE_LIMIT) + " ...";
  }

  /**
   * The worker of {@code slot} said what it cannot know or do ({@code why}, in its words escaped by
   * {@link Admission}): it is believed no more. Said once, it is cut off and killed, and what it
   * was running goes back to the others, as for a worker that failed; nothing it said after is
   * heard.
   */
  private void distrust(WorkerSlot slot, String why) {
    String message = "dropped: it sent " + why;
    log.warn("worker {} on {}: {}", slot.id(), Untrusted.quote(slot.host()), message);
    listener.notice("worker " + slot.id() + " " + message);
    slot.remote()
        .abort(Status.PERMISSION_DENIED.withDescription("the coordinator stopped believing you"));
    slot.process().ifPresent(errands::kill);
    admission.forget(slot);
    boolean wasLeaving = leaving(slot);
    lose(slot, WorkerSlot.State.FAILED, message);
    staffing.lost(slot, wasLeaving, Staffing.Loss.DISTRUSTED, message, outcome.isOver());
  }

  /**
   * The worker of {@code slot} could not be started, or will never connect (see {@link
   * WorkerProcess#startFailure}): it costs its place, with nothing of the suite's to give back.
   */
  private void failStart(WorkerSlot slot, String reason) {
    slot.process().ifPresent(errands::kill);
    listener.notice("worker " + slot.id() + " could not be started: " + reason);
    lose(slot, WorkerSlot.State.FAILED, reason);
    staffing.lost(slot, false, Staffing.Loss.NEVER_STARTED, reason, outcome.isOver());
  }

  /**
   * The worker is gone without goodbye, for {@code loss}: what it was running is crashed (or, if it
   * fell silent, runs again), its work goes back, what is left of it is killed, its crash report is
   * fetched in the background, and {@link Staffing#lost} decides what follows.
   *
   * @param mayHaveExited its connection ended: the report says if its JVM exited
   */
  private void crash(WorkerSlot slot, String reason, Staffing.Loss loss, boolean mayHaveExited) {
    limits
        .lost(slot)
        .ifPresent(o -> work.timedOut(o, "no thread dump: the worker was lost first: " + reason));
    WorkerProcess process = slot.process().orElseThrow();
    boolean wasLeaving = leaving(slot);
    // Asked (when it matters) before the kill: how its JVM had ended, if it had; a closed
    // connection comes a moment before the exit of the JVM that closed it.
    ExitAsked exitOfItsOwn =
        new ExitAsked(
            () ->
                slot.exitCode().isPresent()
                    ? slot.exitCode()
                    : process.exitCode(EXIT_WAIT.toMillis()));
    CrashReport.Facts facts = CrashReport.Facts.of(slot, reason, mayHaveExited);
    String headline = CrashReport.withoutLog(facts).headline();
    List<TestResult> crashed =
        work.crashed(slot, headline, loss == Staffing.Loss.SILENT, exitOfItsOwn);
    // What was learned before the kill holds: an exit read after it may be the kill's own.
    facts = exitOfItsOwn.answer().map(facts::knowing).orElse(facts);
    crashReports.await(slot, facts, crashed);
    errands.kill(process);
    errands.crashReport(
        facts, process, report -> events.add(new SessionEvent.CrashReported(slot.id(), report)));
    lose(slot, WorkerSlot.State.CRASHED, headline);
    staffing.lost(slot, wasLeaving, loss, reason, outcome.isOver());
  }

  /** How a worker's JVM had ended, asked at most once, and only if it matters (it may wait). */
  private static final class ExitAsked implements Supplier<OptionalInt> {
    private final Supplier<OptionalInt> ask;
    private OptionalInt answer;

    ExitAsked(Supplier<OptionalInt> ask) {
      this.ask = ask;
    }

    @Override
    public OptionalInt get() {
      if (answer == null) {
        answer = ask.get();
      }
      return answer;
    }

    /** The answer, if it was asked. */
    Optional<OptionalInt> answer() {
      return Optional.ofNullable(answer);
    }
  }

  /** A crash report is complete: the user hears of it, and of the tests it crashed. */
  private void tellCrash(CrashReports.Complete crash) {
    log.debug("{}", crash.report().detail());
    listener.notice(crash.report().headline());
    work.reportCrashed(crash.crash().slot(), crash.crash().crashed(), crash.report().detail());
  }

  /** It was on its way out: retiring, or shut down because the run is over. */
  private static boolean leaving(WorkerSlot slot) {
    return slot.retiring() || slot.state() == WorkerSlot.State.DRAINING;
  }

  /** Takes {@code slot} out of the run; its unfinished units go back to the pool. */
  private void lose(WorkerSlot slot, WorkerSlot.State state, String why) {
    slot.lost(state, why);
    listener.workerActivity(slot.id(), state == WorkerSlot.State.CRASHED ? "crashed" : "failed");
    work.giveBack(slot, why);
  }

  /** Acts on the deadlines that passed, and pings the connected workers when a Ping is due. */
  private void onTick() {
    suites.stream().filter(s -> !s.collected).forEach(work::dispatchWhenCollected);
    crashReports.overdue().forEach(this::tellCrash);
    limits.sessionTimeoutNow().ifPresent(this::sessionTimedOut);
    for (TimeLimits.Step step : limits.due(staffing.all())) {
      overran(step);
    }
    for (Liveness.Lapse lapse : liveness.lapses(staffing.all())) {
      WorkerSlot.State state = lapse.slot().state();
      if (state.isTerminal() || limits.overran(lapse.slot())) {
        continue; // lost meanwhile, through another's lapse; or timed out, and ends that way
      }
      if (lapse.neverStarted()) {
        failStart(lapse.slot(), lapse.reason());
      } else if (state == WorkerSlot.State.STARTING) {
        crash(lapse.slot(), lapse.reason(), Staffing.Loss.NEVER_STARTED, false);
      } else if (state == WorkerSlot.State.DRAINING) {
        crash(lapse.slot(), lapse.reason(), Staffing.Loss.CRASHED, false);
      } else {
        crash(lapse.slot(), lapse.reason(), Staffing.Loss.SILENT, false);
      }
    }
    liveness
        .pingDue()
        .ifPresent(
            sequence ->
                staffing.all().stream()
                    .filter(s -> s.state().isConnected())
                    .forEach(s -> s.remote().send(new CoordinatorCommand.Ping(sequence))));
  }

  /**
   * Acts on a timeout's next step: ask the worker for a thread dump, take one with jcmd off this
   * thread, or conclude without one.
   */
  private void overran(TimeLimits.Step step) {
    TimeLimits.Overrun o = step.overrun();
    WorkerSlot slot = o.slot();
    if (step instanceof TimeLimits.Step.AskWorker) {
      listener.notice(o.headline() + ": taking a thread dump, then the worker is killed");
      slot.remote().send(new CoordinatorCommand.DumpThreads(o.headline()));
    } else if (step instanceof TimeLimits.Step.AskTool) {
      errands.threadDump(
          slot.process().orElseThrow(),
          TimeLimits.TOOL_WAIT,
          dump -> events.add(new SessionEvent.ThreadDumpTaken(slot.id(), dump)));
    } else if (step instanceof TimeLimits.Step.GiveUp g) {
      timedOut(o, g.why());
    }
  }

  /**
   * Concludes a timeout: the test (or the tests) it concerns are reported with {@code dump}, and
   * the worker is killed and lost as a crashed one is ({@link #crash}): its work goes back to its
   * suite, and {@link Staffing#lost} replaces it while the budget lasts. No strike against its
   * host: the test is at fault.
   */
  private void timedOut(TimeLimits.Overrun o, String dump) {
    work.timedOut(o, dump);
    crash(o.slot(), "it was killed: " + o.headline(), Staffing.Loss.CRASHED, false);
  }

  /**
   * The run ran out of time: what is running is reported as timed out, every worker is killed, and
   * the loop ends; what was not run is reported so.
   */
  private void sessionTimedOut(Duration limit) {
    if (outcome.isOver()) {
      return; // ending already: the drain deadline bounds what is left
    }
    outcome.sessionTimedOut(limit);
    String message =
        "timed out: still running when the session timed out after " + Durations.format(limit);
    for (WorkerSlot slot : staffing.all()) {
      if (slot.state() == WorkerSlot.State.STARTING) {
        slot.process().ifPresent(errands::kill);
        slot.unused();
        staffing.ended(slot);
        listener.workerActivity(slot.id(), "unused");
      } else if (slot.state().isConnected()) {
        limits
            .lost(slot)
            .ifPresent(o -> work.timedOut(o, "no thread dump: the session timed out first"));
        work.sessionTimedOut(slot, message);
        slot.process().ifPresent(errands::kill);
        String why = "stopped at the session timeout";
        lose(slot, WorkerSlot.State.FAILED, why);
        staffing.lost(slot, true, Staffing.Loss.CRASHED, why, true);
      }
    }
  }

  /** Decides whether the run is over and, if so, lets every worker go. */
  private void maybeEnd() {
    boolean workDone = suites.stream().allMatch(SuiteRun::isDone);
    if (!outcome.decide(workDone, staffing.noOneLeft())) {
      return;
    }
    for (WorkerSlot slot : staffing.all()) {
      if (slot.state() == WorkerSlot.State.STARTING) {
        slot.process().ifPresent(errands::kill);
        slot.unused();
        staffing.ended(slot);
        listener.workerActivity(slot.id(), "unused");
      } else if (slot.state().isConnected() && !slot.shutdownSent()) {
        slot.drain(outcome.stopReason(), false, liveness.drainDeadline());
      }
    }
  }
}
