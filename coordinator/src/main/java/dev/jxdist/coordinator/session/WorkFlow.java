package dev.jxdist.coordinator.session;

import dev.jxdist.common.model.ThrowableInfo;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.history.RunEstimate;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.report.RunListener;
import dev.jxdist.coordinator.report.SurefireXmlReport;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.report.TestStatus;
import dev.jxdist.coordinator.report.UnitTime;
import dev.jxdist.coordinator.scheduler.RerunsElsewhere;
import dev.jxdist.coordinator.scheduler.Scheduler;
import dev.jxdist.coordinator.scheduler.UnitCost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's work, as the session moves it: a suite's plan agreed by its workers ({@link
 * PlanAgreement}; the run stopped when they differ), units handed out by the suite's scheduler once
 * its collection settles, test events turned into results in the suite's books, finished units
 * timed, a lost worker's units given back, and failed tests queued again ({@code --reruns}). Knows
 * workers only as {@link WorkerSlot}s; used by the session thread only. A little over 400 lines:
 * every path by which a result reaches the listener passes here, so that a rerun is decided in one
 * place.
 */
final class WorkFlow {

  private static final Logger log = LoggerFactory.getLogger(WorkFlow.class);

  private final Clock clock;
  private final List<SuiteRun> suites;
  private final Staffing staffing;
  private final SessionOutcome outcome;
  private final SchedulerFactory schedulers;
  private final Function<TestPlanIndex, Optional<UnitCost>> estimates;
  private final RunEstimate estimate;
  private final RunListener listener;
  private final SessionSettings settings;
  private final List<UnitTime> unitTimes = new ArrayList<>();
  private final Instant start;
  private final PlanAgreement agreement;
  private final DispatchDelays dispatchDelays = new DispatchDelays();

  WorkFlow(
      Clock clock,
      List<SuiteRun> suites,
      Staffing staffing,
      SessionOutcome outcome,
      SchedulerFactory schedulers,
      Function<TestPlanIndex, Optional<UnitCost>> estimates,
      RunListener listener,
      SessionSettings settings) {
    this.clock = clock;
    this.suites = suites;
    this.staffing = staffing;
    this.outcome = outcome;
    this.schedulers = schedulers;
    this.estimates = estimates;
    this.estimate = new RunEstimate(suites.size());
    this.listener = listener;
    this.settings = settings;
    this.start = clock.instant();
    this.agreement =
        new PlanAgreement(
            clock, staffing, outcome, settings.collectionWait(), this::agree, this::ready);
  }

  /** When the run started: the instant results' seconds count from. */
  Instant start() {
    return start;
  }

  /** Seconds since the run started, as results are stamped. */
  double secondsSinceStart() {
    return Duration.between(start, clock.instant()).toNanos() / 1e9;
  }

  /** How long each class took where it ran whole, in the order they finished. */
  List<UnitTime> unitTimes() {
    return Collections.unmodifiableList(unitTimes);
  }

  /** A dynamic test was registered on {@code slot}. */
  void dynamicTest(WorkerSlot slot, WorkerEvent.DynamicTestRegistered r) {
    SuiteRun suite = slot.suite();
    // Known already: another worker registered it first (each worker runs it in each mode).
    if (suite.plan == null
        || (!suite.plan.addDynamic(r.node()) && suite.plan.node(r.node().uniqueId()).isEmpty())) {
      log.warn(
          "worker {}: ignored dynamic test {}: unknown parent", slot.id(), r.node().uniqueId());
      return;
    }
    suite.book(slot.id()).registered(r.node());
  }

  /** A test ended on {@code slot}. */
  void testFinished(WorkerSlot slot, WorkerEvent.TestFinished f) {
    SuiteRun suite = slot.suite();
    if (suite.plan == null || suite.plan.node(f.uniqueId()).isEmpty()) {
      log.warn("worker {}: ignored a result for unknown test {}", slot.id(), f.uniqueId());
      return;
    }
    report(
        suite
            .book(slot.id())
            .finished(
                f,
                Optional.ofNullable(slot.queue().get(f.unitId())),
                slot.id(),
                slot.host(),
                secondsSinceStart()));
  }

  /**
   * The tests {@code slot} was running when it crashed, as crashed results with {@code headline}:
   * final from now on, told once the crash report is complete ({@link #reportCrashed}). If it was
   * lost through no visible fault of its tests ({@code victim}: it fell silent), each of them runs
   * again instead, unless it was running on another lost worker before (see {@link
   * ResultBook#released}). A crashed test with a rerun left ({@code --reruns}) is queued to run
   * again now, so that the run does not end while its crash report is fetched. A crash while it
   * held a unit but no test of it was known to run is the unit's end ({@link ResultBook#endedIn}):
   * in its tear-down or set-up, a result of its class; between its tests, a result of its first
   * test without one (its last events were lost); the last two only when the JVM ended by itself
   * ({@link #endOf}). A JVM that ends unasked never leaves a run passed.
   */
  List<TestResult> crashed(
      WorkerSlot slot, String headline, boolean victim, Supplier<OptionalInt> exitOfItsOwn) {
    if (slot.suite().plan == null) {
      return List.of();
    }
    ResultBook book = slot.suite().book(slot.id());
    List<TestResult> crashed = new ArrayList<>();
    Optional<WorkUnit> held = heldUnit(slot);
    if (!victim && !outcome.isOver() && held.isPresent()) {
      // Before the running tests are crashed: the containers still running say where it ended.
      // (Once the run is over, ending workers is the run's own doing.)
      WorkUnit unit = held.get();
      Optional<ResultBook.UnitEnd> where = endOf(book, unit, slot.id(), exitOfItsOwn);
      if (where.isPresent()) {
        String context = contextOf(where.get(), unit);
        String message = headline + ", " + context;
        book.endedIn(
                unit,
                where.get(),
                slot.id(),
                slot.host(),
                TestStatus.CRASHED,
                context,
                message,
                new ThrowableInfo(SurefireXmlReport.CRASH_TYPE, message, message, false),
                "",
                secondsSinceStart())
            .ifPresent(crashed::add);
      }
    }
    crashed.addAll(
        victim
            ? book.released(slot.id(), headline, secondsSinceStart())
            : book.crashed(slot.id(), headline, secondsSinceStart()));
    crashed.forEach(this::rerun);
    return crashed;
  }

  /**
   * The unit {@code slot} was running: the one it reported a test of, else the first it was sent
   * (its first test's start may be among the events a halted JVM never sent).
   */
  private static Optional<WorkUnit> heldUnit(WorkerSlot slot) {
    WorkUnit running = slot.queue().get(slot.runningUnit());
    return running != null ? Optional.of(running) : slot.queue().values().stream().findFirst();
  }

  /**
   * Where {@code worker}'s end fell in {@code unit}, as far as it is the unit's: a tear-down as the
   * book finds it; a set-up or lost events only when its JVM ended by itself ({@code exitOfItsOwn},
   * asked only then): a connection that broke (a host cut off) is no test's doing, and what it held
   * runs again. A JVM killed by a signal (kill -9, the kernel's out-of-memory killer) in a set-up
   * is no proof against the class: the first test of it is named, and the rest runs again.
   */
  private static Optional<ResultBook.UnitEnd> endOf(
      ResultBook book, WorkUnit unit, String worker, Supplier<OptionalInt> exitOfItsOwn) {
    Optional<ResultBook.UnitEnd> where = book.endOf(unit, worker);
    if (where.isEmpty() || where.get() == ResultBook.UnitEnd.TEAR_DOWN) {
      return where;
    }
    OptionalInt exit = exitOfItsOwn.get();
    if (exit.isEmpty()) {
      return Optional.empty();
    }
    return CrashReport.bySignal(exit.getAsInt())
        ? Optional.of(ResultBook.UnitEnd.LOST_EVENTS)
        : where;
  }

  /** Where an end that fell in {@code unit} came, for its message. */
  private static String contextOf(ResultBook.UnitEnd where, WorkUnit unit) {
    return switch (where) {
      case TEAR_DOWN ->
          "after every test of "
              + unit.label()
              + " had ended: in its tear-down (an @AfterAll or @AfterClass method, an extension or"
              + " a resource closing)";
      case SET_UP ->
          "in the set-up of "
              + unit.label()
              + " before any test of it (a static initializer, an @BeforeAll or @BeforeClass"
              + " method, an extension): its tests do not run again";
      case LOST_EVENTS ->
          "while it ran "
              + unit.label()
              + " or was about to, and its last events were lost with it (a JVM halted before it"
              + " sent them): this is the first test of it without a result, the one it most"
              + " likely ran";
    };
  }

  /**
   * Tells the tests {@code slot} crashed, with the complete crash report's {@code detail}; those
   * queued for a rerun meanwhile keep the detail in their earlier attempt, and are not told.
   */
  void reportCrashed(WorkerSlot slot, List<TestResult> crashed, String detail) {
    if (!crashed.isEmpty()) {
      tell(slot.suite().book(slot.id()).amended(crashed, detail));
    }
  }

  /**
   * {@code overrun}'s worker ran out of time: the test that was running, or, when the time ran out
   * between tests, every test of the unit without a result, is reported as an error with the thread
   * dump ({@code dump}) in its message and its standard error. What else the unit holds goes back
   * to the suite when the worker is lost.
   */
  void timedOut(TimeLimits.Overrun overrun, String dump) {
    WorkerSlot slot = overrun.slot();
    ResultBook book = slot.suite().book(slot.id());
    List<String> tests =
        overrun.test().map(List::of).orElseGet(() -> book.withoutResult(overrun.unit(), slot.id()));
    if (tests.isEmpty()) {
      String context = contextOf(ResultBook.UnitEnd.TEAR_DOWN, overrun.unit());
      String message = overrun.message() + ", " + context;
      book.endedIn(
              overrun.unit(),
              ResultBook.UnitEnd.TEAR_DOWN,
              slot.id(),
              slot.host(),
              TestStatus.ERROR,
              context,
              message + "\n" + dump,
              TimeoutReport.throwable(message, dump),
              dump,
              secondsSinceStart())
          .ifPresent(result -> report(List.of(result)));
      return;
    }
    // The timeout names what ran out of time; the kill that follows has nothing to add.
    var unused = book.firstEndOf(overrun.unit(), slot.id());
    report(
        book.timedOut(
            slot.id(),
            slot.host(),
            tests,
            overrun.message() + "\n" + dump,
            TimeoutReport.throwable(overrun.message(), dump),
            dump,
            secondsSinceStart()));
  }

  /** The run timed out: what {@code slot} was running is reported as an error saying so. */
  void sessionTimedOut(WorkerSlot slot, String message) {
    if (slot.suite().plan == null) {
      return;
    }
    ResultBook book = slot.suite().book(slot.id());
    report(
        book.timedOut(
            slot.id(),
            slot.host(),
            book.runningTests(slot.id()),
            message,
            new dev.jxdist.common.model.ThrowableInfo(TimeoutReport.TYPE, message, "", false),
            "",
            secondsSinceStart()));
  }

  /**
   * {@code slot} is lost: the unit it was running (less what finished) goes back to its suite, what
   * it was sent besides is the scheduler's again, and the suite's other workers may take it. A
   * suite whose every worker failed before it had a plan cannot be run.
   */
  void giveBack(WorkerSlot slot, String why) {
    SuiteRun suite = slot.suite();
    agreement.lost(slot);
    if (suite.scheduler != null) {
      WorkUnit started = slot.queue().get(slot.runningUnit());
      if (!staffing.takenOver(slot)) {
        // A successor in the same slot holds that slot's work now; this one had nothing left.
        suite.scheduler.workerLost(slot.slot(), slot.runningUnit());
      }
      estimate.stopped(suite.id(), slot.runningUnit());
      if (started != null) {
        List<Integer> rest = suite.book(slot.id()).remainingOf(started);
        // In each mode the rest was this worker's own to run; no other worker takes it.
        if (!rest.isEmpty() && !suite.bookPerWorker) {
          suite.scheduler.requeue(
              new WorkUnit(suite.nextUnitId++, started.label(), rest, rest.size()));
        }
      }
      slot.clearQueue();
      staffing.of(suite).forEach(this::dispatch);
    } else if (slot.state() == WorkerSlot.State.FAILED
        && staffing.of(suite).stream().allMatch(s -> s.state().isTerminal())) {
      suite.failure = why;
    }
  }

  /**
   * Asks {@code slot}, just connected, to discover its suite: for the whole plan or only its hash,
   * as the {@link PlanAgreement} decides.
   */
  void discover(WorkerSlot slot) {
    agreement.discover(slot);
  }

  /** A worker's plan, or its hash: see {@link PlanAgreement#received}. */
  void planReceived(WorkerSlot slot, WorkerEvent.Discovered d) {
    slot.discovered(clock.instant());
    agreement.received(slot, d);
  }

  /** Makes {@code d}, {@code slot}'s whole plan, its suite's; false if the run stops instead. */
  private boolean agree(WorkerSlot slot, WorkerEvent.Discovered d) {
    SuiteRun suite = slot.suite();
    TestPlanIndex index;
    try {
      index = TestPlanIndex.of(d.nodes(), Set.copyOf(d.indivisibleIds()));
    } catch (IllegalArgumentException e) {
      outcome.abort(
          "worker " + slot.id() + " sent a test plan that cannot be used: " + e.getMessage());
      return false;
    }
    if (!index.hash().equals(d.planHash())) {
      outcome.abort("worker " + slot.id() + " sent a test plan that does not match its own hash");
      return false;
    }
    index = schedulers.share(suite.spec, index);
    suite.planAgreed(index, slot.id(), clock.instant());
    suite.nextUnitId = index.firstFreeUnitId();
    try {
      Scheduler strategy = schedulers.create(suite.spec, index);
      // In fresh-JVM mode every unit, a rerun too, has a JVM of its own already.
      suite.scheduler =
          settings.reruns() > 0 && !settings.freshJvm()
              ? new RerunsElsewhere(strategy, other -> staffing.elsewhere(suite, other))
              : strategy;
    } catch (IllegalArgumentException e) {
      // A replayed report that names tests this plan does not have, for one.
      outcome.abort((suites.size() > 1 ? suite.spec.name() + ": " : "") + e.getMessage());
      return false;
    }
    estimate.planned(suite.id(), estimates.apply(index), index.unitsByTopLevelClass());
    settings.starts().ifPresent(this::startWhatThePlansAreWorth);
    listener.notice(suite.collectedLine(suites.size() > 1, staffing.wanted()));
    tellEstimate();
    return true;
  }

  /**
   * Once every suite's plan is agreed, has more workers start if the run's estimate is worth more
   * than the first wave (every one when a suite has no history to estimate by).
   */
  private void startWhatThePlansAreWorth(WorkerStarts starts) {
    if (!estimate.allPlanned()) {
      return;
    }
    OptionalDouble work = estimate.work();
    int most = settings.maxWorkers();
    int worth = work.isPresent() ? starts.worth(work.getAsDouble(), most) : most;
    int more = worth - staffing.wanted();
    if (more > 0) {
      staffing.want(worth);
      listener.notice(
          work.isPresent()
              ? WorkerStarts.moreLine(more, work.getAsDouble())
              : WorkerStarts.moreLine(more));
    }
  }

  /** {@code slot}'s plan is the agreed one: it takes work. */
  private void ready(WorkerSlot slot) {
    SuiteRun suite = slot.suite();
    slot.ready();
    suite.book(slot.id()); // in each mode, the worker's own book: its tests count from now on
    suite.scheduler.workerReady(slot.slot());
    dispatchWhenCollected(suite);
  }

  /**
   * Starts {@code suite}'s work once its collection is settled: every worker started for it so far
   * has sent its plan (so that different plans stop the run before anything ran), or the collection
   * wait has passed since the first plan. After that, workers get work as they come. Before the
   * suite has a plan, asks another worker for it if the one asked is slow.
   */
  void dispatchWhenCollected(SuiteRun suite) {
    if (suite.plan == null) {
      agreement.awaitPlan(suite);
      return;
    }
    if (!suite.collected) {
      if (staffing.discovering(suite)
          && clock.instant().isBefore(suite.planAgreedAt.plus(settings.collectionWait()))) {
        return;
      }
      suite.collected = true;
    }
    staffing.of(suite).stream()
        .filter(s -> s.state() == WorkerSlot.State.READY)
        .forEach(this::dispatch);
  }

  void testStarted(WorkerSlot slot, WorkerEvent.TestStarted s) {
    SuiteRun suite = slot.suite();
    if (suite.plan == null || suite.plan.node(s.uniqueId()).isEmpty()) {
      log.warn("worker {}: ignored the start of unknown test {}", slot.id(), s.uniqueId());
      return;
    }
    suite.book(slot.id()).started(s.uniqueId(), slot.id(), slot.host(), secondsSinceStart());
    if (slot.startedUnit(s.unitId())) {
      WorkUnit unit = slot.queue().get(s.unitId());
      estimate.started(suite.id(), unit, clock.instant());
      listener.workerActivity(slot.id(), unit.label());
    }
  }

  /** {@code slot} finished a unit; its UnitDone arrived {@code at}. */
  void unitDone(WorkerSlot slot, WorkerEvent.UnitDone u, Instant at) {
    SuiteRun suite = slot.suite();
    WorkUnit given = slot.queue().get(u.unitId());
    if (given == null) {
      log.warn("worker {}: ignored UnitDone for unit {} it was not given", slot.id(), u.unitId());
      return;
    }
    WorkUnit unit = slot.unitDone(u.unitId(), suite.plan.uniqueIds(given));
    suite.scheduler.unitDone(slot.slot(), unit.unitId());
    report(suite.book(slot.id()).unitDone(unit, slot.id(), slot.host(), secondsSinceStart()));
    suite
        .plan
        .classOf(unit)
        .ifPresent(
            cls ->
                unitTimes.add(
                    new UnitTime(
                        cls.uniqueId(),
                        unit.label(),
                        u.durationNanos() / 1e9,
                        slot.id(),
                        secondsSinceStart())));
    estimate.finished(suite.id(), unit);
    tellEstimate();
    boolean waiting = slot.queue().isEmpty();
    dispatch(slot);
    if (slot.queue().isEmpty()) {
      listener.workerActivity(slot.id(), "idle");
    } else if (waiting) {
      dispatchDelays.waited(Duration.between(at, clock.instant()));
    }
  }

  /** How long workers with nothing queued waited for their next Run, as the coordinator saw it. */
  DispatchDelays dispatchDelays() {
    return dispatchDelays;
  }

  /** Sends {@code slot} whatever the scheduler assigns it now. */
  void dispatch(WorkerSlot slot) {
    if (slot.state() != WorkerSlot.State.READY
        || outcome.isOver()
        || outcome.fatal().isPresent() // not over until the loop sees it: nothing more goes out
        || slot.retiring()
        || !slot.suite().collected) {
      return;
    }
    int max =
        settings.freshJvm()
            ? 1 - slot.classesRun().size() - slot.queue().size()
            : Integer.MAX_VALUE;
    if (max <= 0) {
      return;
    }
    List<WorkUnit> units = slot.suite().scheduler.assign(slot.slot(), max);
    if (units.isEmpty()) {
      return;
    }
    slot.sent(units);
    slot.remote().send(new CoordinatorCommand.Run(units.stream().map(WorkUnit::toWire).toList()));
  }

  /**
   * Hands finished tests to the listener, and counts them; a failed, erroring or crashed one with
   * reruns left runs again instead (see {@link #rerun}).
   */
  void report(List<TestResult> results) {
    tell(results.stream().filter(r -> !rerun(r)).toList());
  }

  /** Hands final results to the listener, and counts them. */
  private void tell(List<TestResult> results) {
    for (TestResult r : results) {
      WorkerSlot ranOn = staffing.get(r.worker());
      if (ranOn != null) {
        ranOn.testFinished();
      }
      listener.testFinished(r);
      outcome.counted(r.status());
    }
  }

  /**
   * Queues {@code result}'s test to run again, if it failed, erred or crashed and has a rerun left
   * ({@code --reruns}): as a unit of its own, for another worker than the one it failed on while
   * there is one ({@link RerunsElsewhere}; in fresh-JVM mode, for the next JVM). Not when the run
   * is over, in {@code each} mode (a worker's work is its own), for a container's result (a class
   * whose set-up failed) or a dynamic test (neither can be selected alone), or for a test that was
   * in progress on two different workers that were lost ({@link ResultBook#causedTwoLosses}): that
   * test is the cause, not the victim, and is reported crashed.
   *
   * @return true if it will run again (its result is not final)
   */
  private boolean rerun(TestResult result) {
    TestStatus status = result.status();
    if (!(status == TestStatus.FAILED
        || status == TestStatus.ERROR
        || status == TestStatus.CRASHED)) {
      return false;
    }
    SuiteRun suite =
        suites.stream().filter(s -> s.id().equals(result.module())).findFirst().orElse(null);
    if (suite == null || suite.plan == null) {
      return false;
    }
    if (suite.bookPerWorker) {
      return false; // each worker runs everything once: nothing is run again elsewhere
    }
    String title = result.className() + " > " + result.name();
    ResultBook book = suite.book(result.worker());
    if (status == TestStatus.CRASHED && book.causedTwoLosses(result.uniqueId())) {
      listener.notice(
          title
              + " was running on two workers that were lost ("
              + String.join(", ", book.lostWith(result.uniqueId()).stream().sorted().toList())
              + "): it is the cause, not the victim; not tried again");
      return false;
    }
    if (settings.reruns() == 0
        || outcome.isOver()
        || result.attempts() > settings.reruns()
        || suite.scheduler == null) {
      return false;
    }
    int index = suite.plan.indexOf(result.uniqueId());
    if (index < 0
        || !suite.plan.node(result.uniqueId()).map(n -> n.type().isTest()).orElse(false)
        || !queueRerun(
            suite,
            new WorkUnit(suite.nextUnitId++, title + " (rerun)", List.of(index), 1),
            result)) {
      return false;
    }
    book.retract(result);
    listener.notice(
        "rerunning "
            + title
            + " (attempt "
            + (result.attempts() + 1)
            + " of "
            + (settings.reruns() + 1)
            + "): it "
            + (result.status() == TestStatus.FAILED
                ? "failed"
                : result.status() == TestStatus.ERROR ? "ended in an error" : "crashed")
            + " on "
            + (result.worker().isEmpty() ? "no worker" : "worker " + result.worker()));
    staffing.of(suite).forEach(this::dispatch);
    return true;
  }

  /** Queues {@code unit}, the rerun of {@code result}, away from its worker's slot where it can. */
  private boolean queueRerun(SuiteRun suite, WorkUnit unit, TestResult result) {
    if (suite.scheduler instanceof RerunsElsewhere reruns) {
      WorkerSlot failedOn = staffing.get(result.worker());
      return reruns.rerun(unit, failedOn == null ? result.worker() : failedOn.slot());
    }
    return suite.scheduler.requeue(unit);
  }

  /** Tells the listener the estimated time left, if there is an estimate. */
  private void tellEstimate() {
    estimate
        .remaining(clock.instant(), (int) Math.max(1, staffing.active()))
        .ifPresent(listener::estimate);
  }
}
