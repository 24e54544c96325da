package dev.jxdist.coordinator.session;

import dev.jxdist.common.model.Outcome;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.model.ThrowableInfo;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.report.Attempt;
import dev.jxdist.coordinator.report.SurefireName;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.report.TestStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one true record of every test's result in a run: exactly one final result per test, whatever
 * the workers report, repeat or fail to report; counted as Surefire 3.5's JUnit Platform provider
 * counts them (checked against {@code mvn test}).
 *
 * <p>Rules beyond the obvious ones, Surefire's: a container that fails is one result of its own,
 * and its tests that have none by then get none (a class whose all-tests set-up fails, a
 * parameterized test whose arguments cannot be had; a class whose all-tests tear-down fails is one
 * result more after its tests'), but an engine root fails in one unit only: the first such failure
 * is a result, and the other units' tests still run. A skipped class (a disabled one) has each of
 * its direct children skipped: its tests, its parameterized tests and its nested classes, one
 * skipped result each; any other skipped container is one skipped result. A container aborted by a
 * failed assumption (in a class's all-tests set-up) makes its tests without a result vanish, as
 * Surefire shows them nowhere. Tests that end without a result of their own this way are
 * <em>absorbed</em>: settled, never reported as lost.
 *
 * <p>A worker lost while tests ran on it is a crash for them ({@link #crashed}), or, when it fell
 * silent, no fault of theirs: they run again ({@link #released}). Either way the loss is counted
 * for each of them, and a test in progress on two different lost workers is the cause, not a victim
 * ({@link #causedTwoLosses}): it is crashed and not tried again. A worker that ends while it holds
 * a unit and no test of it is known to run ends in that unit all the same ({@link #endedIn}): in
 * its class's tear-down, or in its first test without a result. With {@code --reruns}, a result the
 * session runs again is taken back ({@link #retract}) and becomes an earlier attempt of the test's
 * next result; a pass after failures is flaky.
 *
 * <p>It also counts for the progress line: tests known (the plan's and the dynamic ones
 * registered), tests settled, and whether discovery is complete: no test template or factory
 * ({@code @ParameterizedTest}, {@code @TestFactory}) that could still register tests is left open.
 *
 * <p>Longer than most classes here on purpose: every way a test can end is decided in this one
 * place, so that no two rules can disagree. Not thread-safe: owned by the session thread.
 */
final class ResultBook {

  /** Where and since when a node has been running. */
  private record Running(String worker, String host, double startS) {}

  private final TestPlanIndex plan;
  private final String module;
  private final int planTests;
  private final Map<String, TestResult> finals = new HashMap<>();
  private final Map<String, Running> running = new HashMap<>();
  private final Set<String> absorbed = new HashSet<>();
  private final Set<String> dynamicTests = new HashSet<>();
  private final Set<String> registeredHere = new HashSet<>();
  private final Set<String> openTemplates = new HashSet<>();
  private final Set<String> classesRun = new LinkedHashSet<>();
  private int settledTests;

  /**
   * For each test, the workers that were lost (crashed, fell silent, were killed) while it ran on
   * them. Two make it the cause, not a victim (see {@link #causedTwoLosses}).
   */
  private final Map<String, Set<String>> lostWith = new HashMap<>();

  /** Where a worker's end came, for the nodes that end failed ({@link #endedIn}). */
  private final Map<String, String> endContexts = new HashMap<>();

  /** The units whose end on a worker was told ("worker unitId"): one result each. */
  private final Set<String> unitsEnded = new HashSet<>();

  /** Earlier attempts of tests that are to run again ({@code --reruns}), first first. */
  private final Map<String, List<TestResult>> earlier = new HashMap<>();

  /** Tests taken back for a rerun that has not started yet. */
  private final Set<String> awaitingRerun = new HashSet<>();

  /**
   * @param plan the suite's agreed plan
   * @param module the suite's id, carried by every result
   */
  ResultBook(TestPlanIndex plan, String module) {
    this.plan = plan;
    this.module = module;
    this.planTests = plan.planTests().size();
    for (TestNode n : plan.ownNodes()) {
      if (TestPlanIndex.isTemplate(n)) {
        openTemplates.add(n.uniqueId());
      }
    }
  }

  /** Tests known so far: the plan's and the dynamic ones registered. */
  int testsKnown() {
    return planTests + dynamicTests.size();
  }

  /** Tests settled: with a result of their own, or absorbed by their container's. */
  int testsSettled() {
    return settledTests;
  }

  /**
   * True when no more tests can become known: every test template or factory of the plan has run or
   * will not run.
   */
  boolean discoveryComplete() {
    return openTemplates.isEmpty();
  }

  /** True if {@code uniqueId} has its final result. */
  boolean isFinal(String uniqueId) {
    return finals.containsKey(uniqueId);
  }

  /** A dynamic node was registered (and is in the plan index); counted once per book. */
  void registered(TestNode node) {
    registeredHere.add(node.uniqueId());
    if (node.type().isTest()) {
      dynamicTests.add(node.uniqueId());
    }
  }

  /**
   * True for a dynamic node this book's workers never registered: in each mode, where every worker
   * keeps a book of its own, a factory may make other tests on another worker, and those are not
   * this book's to have run (the plan index they share holds every worker's).
   */
  private boolean foreign(String uniqueId) {
    return plan.indexOf(uniqueId) < 0 && !registeredHere.contains(uniqueId);
  }

  /** A node started on {@code worker}. */
  void started(String uniqueId, String worker, String host, double nowS) {
    ran(uniqueId);
    awaitingRerun.remove(uniqueId);
    if (!isSettled(uniqueId)) {
      running.put(uniqueId, new Running(worker, host, nowS));
    }
  }

  /**
   * The top-level classes that ran or were skipped whole, in the order they did, as {@link
   * SurefireName#suite()} names them: each has a report, with results or without.
   */
  List<String> classesRun() {
    return List.copyOf(classesRun);
  }

  private void ran(String uniqueId) {
    plan.topLevelOf(uniqueId)
        .filter(top -> top.uniqueId().equals(uniqueId))
        .ifPresent(top -> classesRun.add(SurefireNames.suite(plan, top)));
  }

  /** A node finished (or was skipped), in a unit not known here: see the other {@code finished}. */
  List<TestResult> finished(WorkerEvent.TestFinished f, String worker, String host, double nowS) {
    return finished(f, Optional.empty(), worker, host, nowS);
  }

  /**
   * A node finished (or was skipped) in {@code unit}, the one its worker was running. Returns the
   * results that became final because of it: the test itself; for a container, the container or,
   * for a skipped class, its direct children. A failed or aborted container's result stands for its
   * tests of that unit that have no result (its set-up failed); those of a class's other units
   * (split across workers) report their own, or are stood for by its failure there.
   */
  List<TestResult> finished(
      WorkerEvent.TestFinished f,
      Optional<WorkUnit> unit,
      String worker,
      String host,
      double nowS) {
    Optional<TestNode> found = plan.node(f.uniqueId());
    if (found.isEmpty()) {
      return List.of();
    }
    if (isSettled(f.uniqueId())) {
      if (f.outcome() == Outcome.FAILED || f.outcome() == Outcome.ABORTED) {
        absorbBelow(found.get(), unit);
      }
      return List.of();
    }
    ran(f.uniqueId());
    TestNode node = found.get();
    Running r = running.remove(f.uniqueId());
    double start = r == null ? nowS : r.startS();
    TestStatus status = statusOf(f.outcome(), f.throwable());
    String message = messageOf(f);
    if (node.type().isTest()) {
      return List.of(
          record(
              node,
              status,
              f.outcome() == Outcome.ABORTED,
              f.durationNanos() / 1e9,
              worker,
              host,
              start,
              nowS,
              message,
              f.throwable(),
              f.stdout(),
              f.stderr(),
              junitStatusOf(f.outcome())));
    }
    openTemplates.remove(node.uniqueId());
    if (node.isRoot() && f.outcome() != Outcome.FAILED) {
      return List.of();
    }
    switch (f.outcome()) {
      case SUCCESSFUL:
        // A template or factory that ran no invocation: Surefire shows nothing for it either.
        return List.of();
      case ABORTED:
        absorbBelow(node, unit);
        return List.of();
      case SKIPPED:
        if (SurefireNames.isClass(node)) {
          List<TestResult> out = new ArrayList<>();
          for (String child : plan.children(node.uniqueId())) {
            TestNode c = plan.node(child).orElseThrow();
            if (!isSettled(child)) {
              running.remove(child);
              openTemplates.remove(child);
              absorbBelow(c);
              out.add(
                  record(
                      c,
                      status,
                      false,
                      0,
                      worker,
                      host,
                      nowS,
                      nowS,
                      message,
                      Optional.empty(),
                      "",
                      "",
                      junitStatusOf(f.outcome())));
            }
          }
          return out;
        }
        break;
      case FAILED:
        break;
      default:
        throw new IllegalArgumentException("unknown outcome " + f.outcome());
    }
    if (!node.isRoot()) {
      // An engine root fails in one launcher call, one unit: the tests of the others still run,
      // and those of its own that never report get an error when the unit is done.
      absorbBelow(node, unit);
    }
    return List.of(
        record(
            node,
            status,
            false,
            f.durationNanos() / 1e9,
            worker,
            host,
            start,
            nowS,
            message,
            f.throwable(),
            f.stdout(),
            f.stderr(),
            junitStatusOf(f.outcome())));
  }

  /** {@link #absorbBelow(TestNode)}, only for the tests of {@code unit} if it is known. */
  private void absorbBelow(TestNode node, Optional<WorkUnit> unit) {
    if (unit.isEmpty()) {
      absorbBelow(node);
      return;
    }
    UnitScope scope = new UnitScope(unit.get());
    List<TestNode> within =
        scope.within(node.uniqueId()) ? List.of(node) : scope.nodesBelow(node.uniqueId());
    for (TestNode n : within) {
      if (n.type().isTest() && !isSettled(n.uniqueId())) {
        running.remove(n.uniqueId());
        absorbed.add(n.uniqueId());
        settledTests++;
      }
      absorbBelow(n);
    }
  }

  /**
   * Settles every test below {@code node} that has no result yet without giving it one, and closes
   * the templates below it: their container's result stands for them.
   */
  private void absorbBelow(TestNode node) {
    for (String child : plan.children(node.uniqueId())) {
      TestNode c = plan.node(child).orElseThrow();
      openTemplates.remove(child);
      if (c.type().isTest() && !isSettled(child)) {
        running.remove(child);
        absorbed.add(child);
        settledTests++;
      }
      absorbBelow(c);
    }
  }

  private boolean isSettled(String uniqueId) {
    return finals.containsKey(uniqueId) || absorbed.contains(uniqueId);
  }

  /**
   * A worker reported a unit done: any test of it still without a result gets an error, since the
   * worker will never report one; so does a test template of it that never said it finished and has
   * no invocation, and a container of it (a class) that started there and never said how it ended:
   * a failure of its own (a tear-down's) may have been lost with that news, and a run must not pass
   * on a failure nobody heard. A test taken back for a rerun, or running on another worker, is not
   * its to say.
   */
  List<TestResult> unitDone(WorkUnit unit, String worker, String host, double nowS) {
    List<TestResult> out = new ArrayList<>();
    String why = "worker " + worker + " finished the unit without reporting this test";
    for (TestNode t : unreportedOf(unit, worker)) {
      running.remove(t.uniqueId());
      openTemplates.remove(t.uniqueId());
      out.add(unreported(t, worker, host, nowS, why));
    }
    String unended =
        "worker "
            + worker
            + " finished the unit without reporting how this ended: a failure of its own (in a"
            + " tear-down) may have been lost";
    for (TestNode container : unendedContainersOf(unit, worker)) {
      running.remove(container.uniqueId());
      if (!isSettled(container.uniqueId())) {
        out.add(unreported(container, worker, host, nowS, unended));
      }
    }
    return out;
  }

  /** The error result of {@code node}, which {@code worker} never reported, saying {@code why}. */
  private TestResult unreported(
      TestNode node, String worker, String host, double nowS, String why) {
    return record(
        node,
        TestStatus.ERROR,
        false,
        0,
        worker,
        host,
        nowS,
        nowS,
        why,
        Optional.empty(),
        "",
        "",
        "");
  }

  /**
   * The containers of {@code unit} (or above it, short of the engine root) that started on {@code
   * worker} and are still running there, deepest first.
   */
  private List<TestNode> unendedContainersOf(WorkUnit unit, String worker) {
    UnitScope scope = new UnitScope(unit);
    List<TestNode> out = new ArrayList<>();
    running.forEach(
        (id, r) -> {
          TestNode n = plan.node(id).orElse(null);
          if (n != null
              && !n.isRoot()
              && !n.type().isTest()
              && r.worker().equals(worker)
              && scope.covers(id)) {
            out.add(n);
          }
        });
    out.sort(Comparator.comparingInt((TestNode n) -> ancestors(n.uniqueId()).size()).reversed());
    return out;
  }

  /**
   * {@code worker} crashed: every test running on it gets {@code CRASHED} with {@code message}; a
   * test template that was running with no invocation yet becomes a crashed result of its own. The
   * templates it was running are closed: none of them runs again (see {@link #remainingOf}). Each
   * of them counts the loss (see {@link #causedTwoLosses}).
   */
  List<TestResult> crashed(String worker, String message, double nowS) {
    List<TestResult> out = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    running.forEach(
        (id, r) -> {
          if (r.worker().equals(worker)) {
            ids.add(id);
          }
        });
    ThrowableInfo crash = new ThrowableInfo("jxdist.WorkerCrash", message, message, false);
    for (String id : ids) {
      lostWith.computeIfAbsent(id, k -> new HashSet<>()).add(worker);
      Running r = running.remove(id);
      TestNode node = plan.node(id).orElseThrow();
      boolean template = TestPlanIndex.isTemplate(node);
      openTemplates.remove(id);
      if (node.type().isTest() || (template && plan.descendantTests(id).isEmpty())) {
        out.add(
            record(
                node,
                TestStatus.CRASHED,
                false,
                nowS - r.startS(),
                worker,
                r.host(),
                r.startS(),
                nowS,
                message,
                Optional.of(crash),
                "",
                "",
                ""));
      }
    }
    return out;
  }

  /**
   * {@code worker} was lost through no visible fault of its tests (it fell silent: frozen, or its
   * host cut off): each test running on it is released to run again, without a result; but one that
   * was running on another lost worker before ({@link #causedTwoLosses}) gets {@code CRASHED} with
   * {@code message}, as does what else {@link #crashed} crashes. Returns those crashed results.
   */
  List<TestResult> released(String worker, String message, double nowS) {
    List<String> ids = new ArrayList<>();
    running.forEach(
        (id, r) -> {
          if (r.worker().equals(worker)) {
            ids.add(id);
          }
        });
    for (String id : ids) {
      TestNode node = plan.node(id).orElseThrow();
      boolean emptyTemplate = TestPlanIndex.isTemplate(node) && plan.descendantTests(id).isEmpty();
      if (node.type().isTest() || emptyTemplate) {
        lostWith.computeIfAbsent(id, k -> new HashSet<>()).add(worker);
        if (!causedTwoLosses(id)) {
          running.remove(id);
        }
      }
    }
    return crashed(worker, message, nowS);
  }

  /**
   * True once {@code uniqueId} was running on two different workers that were lost (crashed, fell
   * silent, or were killed): it is the cause, not a victim. It is then crashed and not tried again:
   * neither released after a silence ({@link #released}) nor rerun ({@code --reruns}).
   */
  boolean causedTwoLosses(String uniqueId) {
    return lostWith.getOrDefault(uniqueId, Set.of()).size() >= 2;
  }

  /** The workers that were lost while {@code uniqueId} ran on them, in no order. */
  Set<String> lostWith(String uniqueId) {
    return Set.copyOf(lostWith.getOrDefault(uniqueId, Set.of()));
  }

  /**
   * {@code results} (crashed, from this book) again, each with {@code detail} as its message (the
   * crash report once it is complete); the book keeps these, as final results or, for a test taken
   * back for a rerun meanwhile, as its earlier attempt. Returns those that are final: the others
   * are not to be told.
   */
  List<TestResult> amended(List<TestResult> results, String detail) {
    List<TestResult> out = new ArrayList<>();
    for (TestResult r : results) {
      String message = withContext(detail, endContexts.get(r.uniqueId()));
      ThrowableInfo crash = new ThrowableInfo("jxdist.WorkerCrash", message, message, false);
      TestResult amended =
          new TestResult(
              r.uniqueId(),
              r.className(),
              r.name(),
              r.status(),
              r.aborted(),
              r.durationS(),
              r.worker(),
              r.host(),
              r.startS(),
              r.endS(),
              r.attempts(),
              message,
              Optional.of(crash),
              r.stdout(),
              r.stderr(),
              r.module(),
              r.junitStatus(),
              r.surefire(),
              r.earlierAttempts());
      if (r.equals(finals.get(r.uniqueId()))) {
        finals.put(r.uniqueId(), amended);
        out.add(amended);
      } else {
        List<TestResult> before = earlier.getOrDefault(r.uniqueId(), List.of());
        before.replaceAll(e -> e.equals(r) ? amended : e);
      }
    }
    return out;
  }

  /**
   * {@code tests} (of {@code worker}, on {@code host}) ran out of time: each one still without a
   * result gets {@code ERROR} with {@code message} and {@code thrown}, and {@code stderr} (the
   * worker's thread dump) as its output. A test template among them stands for its tests, as when
   * it crashes.
   */
  List<TestResult> timedOut(
      String worker,
      String host,
      List<String> tests,
      String message,
      ThrowableInfo thrown,
      String stderr,
      double nowS) {
    List<TestResult> out = new ArrayList<>();
    for (String id : tests) {
      Optional<TestNode> node = plan.node(id);
      if (node.isEmpty() || isSettled(id)) {
        continue;
      }
      openTemplates.remove(id);
      out.add(ended(node.get(), TestStatus.ERROR, worker, host, message, thrown, stderr, nowS));
    }
    return out;
  }

  /**
   * {@code node}'s result, {@code status} with {@code message} and {@code thrown}, for an end that
   * came to it (a timeout, its worker's end) while it ran since its start, or since {@code nowS}.
   */
  private TestResult ended(
      TestNode node,
      TestStatus status,
      String worker,
      String host,
      String message,
      ThrowableInfo thrown,
      String stderr,
      double nowS) {
    Running r = running.remove(node.uniqueId());
    double start = r == null ? nowS : r.startS();
    return record(
        node,
        status,
        false,
        nowS - start,
        worker,
        host,
        start,
        nowS,
        message,
        Optional.of(thrown),
        "",
        stderr,
        "");
  }

  /** {@code detail} with {@code context} (if any) after its first line's text. */
  private static String withContext(String detail, String context) {
    if (context == null) {
      return detail;
    }
    int eol = detail.indexOf('\n');
    return eol < 0
        ? detail + ", " + context
        : detail.substring(0, eol) + ", " + context + detail.substring(eol);
  }

  /** Where a worker's end fell in a unit it held while no test of it was known to run there. */
  enum UnitEnd {
    /** After every test of the unit had its result: in its tear-down. */
    TEAR_DOWN,
    /** In a container of it that had started, before any test of it had a result: its set-up. */
    SET_UP,
    /**
     * Between its tests, or before the worker's last events were sent (a JVM halted before it sent
     * them): the test it ran, if any, is not known.
     */
    LOST_EVENTS
  }

  /**
   * Where {@code worker}'s end fell in {@code unit}, which it held; empty when a test of the unit
   * is known to run there (the end is that test's, see {@link #crashed}).
   */
  Optional<UnitEnd> endOf(WorkUnit unit, String worker) {
    if (unit.nodeIndices().isEmpty()) {
      return Optional.empty();
    }
    OnWorker there = runningIn(unit, worker);
    if (there.testRunning()) {
      return Optional.empty();
    }
    if (unreportedOf(unit, worker).isEmpty()) {
      return Optional.of(UnitEnd.TEAR_DOWN);
    }
    boolean anyReported = false;
    for (int index : unit.nodeIndices()) {
      TestNode node = plan.planNodes().get(index);
      List<TestNode> tests =
          node.type().isTest() ? List.of(node) : plan.descendantTests(node.uniqueId());
      anyReported |= tests.stream().anyMatch(t -> isSettled(t.uniqueId()));
    }
    return Optional.of(
        there.container().isPresent() && !anyReported ? UnitEnd.SET_UP : UnitEnd.LOST_EVENTS);
  }

  /**
   * {@code worker} ended (it crashed, or was killed when its time ran out) in {@code unit}, which
   * it held, no test of it known to run there, {@code where} as {@link #endOf} found it. The end
   * gets one result, {@code status} with {@code message}, and the run cannot pass:
   *
   * <ul>
   *   <li>{@link UnitEnd#TEAR_DOWN}: the unit's deepest container still running there (its
   *       top-level class if none is known to run) gets it, as a failing tear-down does.
   *   <li>{@link UnitEnd#SET_UP}: that container gets it, and its tests get none, as when an
   *       all-tests set-up fails: they do not run again, to end the next worker the same way.
   *   <li>{@link UnitEnd#LOST_EVENTS}: the unit's first test without a result gets it, the one the
   *       worker most likely ran, as pytest-xdist names the first test a lost worker had pending;
   *       what else has no result runs elsewhere.
   * </ul>
   *
   * <p>{@code context} (where the end came, part of {@code message}) stays in the message when a
   * crash report amends it. Empty when the unit's end on that worker was told already ({@link
   * #firstEndOf}: a timeout, then the kill), or the node has its result already.
   */
  Optional<TestResult> endedIn(
      WorkUnit unit,
      UnitEnd where,
      String worker,
      String host,
      TestStatus status,
      String context,
      String message,
      ThrowableInfo thrown,
      String stderr,
      double nowS) {
    if (unit.nodeIndices().isEmpty() || !firstEndOf(unit, worker)) {
      return Optional.empty();
    }
    Optional<TestNode> container = runningIn(unit, worker).container();
    TestNode blamed;
    if (where == UnitEnd.LOST_EVENTS) {
      List<TestNode> unreported = unreportedOf(unit, worker);
      blamed = unreported.isEmpty() ? null : unreported.get(0);
      if (blamed != null) {
        lostWith.computeIfAbsent(blamed.uniqueId(), k -> new HashSet<>()).add(worker);
        openTemplates.remove(blamed.uniqueId());
      }
    } else {
      String first = plan.planNodes().get(unit.nodeIndices().get(0)).uniqueId();
      blamed = container.or(() -> plan.topLevelOf(first)).orElse(null);
    }
    if (blamed == null || isSettled(blamed.uniqueId())) {
      return Optional.empty();
    }
    endContexts.put(blamed.uniqueId(), context);
    TestResult result = ended(blamed, status, worker, host, message, thrown, stderr, nowS);
    if (where == UnitEnd.SET_UP) {
      absorbBelow(blamed);
    }
    return Optional.of(result);
  }

  /**
   * What of a unit is known to run on a worker: a test of it, and its deepest container (or one
   * above it, short of its engine root).
   */
  private record OnWorker(boolean testRunning, Optional<TestNode> container) {}

  /** What of {@code unit} is known to run on {@code worker}. */
  private OnWorker runningIn(WorkUnit unit, String worker) {
    UnitScope scope = new UnitScope(unit);
    TestNode deepestNode = null;
    int deepest = -1;
    for (Map.Entry<String, Running> e : running.entrySet()) {
      TestNode n = plan.node(e.getKey()).orElse(null);
      if (n == null
          || n.isRoot()
          || !e.getValue().worker().equals(worker)
          || !scope.covers(n.uniqueId())) {
        continue;
      }
      if (n.type().isTest()) {
        return new OnWorker(true, Optional.empty());
      }
      int depth = ancestors(n.uniqueId()).size();
      if (depth > deepest) {
        deepestNode = n;
        deepest = depth;
      }
    }
    return new OnWorker(false, Optional.ofNullable(deepestNode));
  }

  /** The plan nodes of a unit, with those below them and those above them (its containers). */
  private final class UnitScope {
    private final Set<String> nodes;
    private final Set<String> above = new HashSet<>();

    UnitScope(WorkUnit unit) {
      nodes = new HashSet<>(plan.uniqueIds(unit));
      nodes.forEach(id -> above.addAll(ancestors(id)));
    }

    /** {@code uniqueId} is a node of the unit or below one. */
    boolean within(String uniqueId) {
      return nodes.contains(uniqueId) || ancestors(uniqueId).stream().anyMatch(nodes::contains);
    }

    /** {@code uniqueId} is within the unit or one of its containers. */
    boolean covers(String uniqueId) {
      return above.contains(uniqueId) || within(uniqueId);
    }

    /** The unit's own nodes below {@code uniqueId}. */
    List<TestNode> nodesBelow(String uniqueId) {
      return nodes.stream()
          .filter(id -> ancestors(id).contains(uniqueId))
          .map(id -> plan.node(id).orElseThrow())
          .toList();
    }
  }

  /**
   * Notes that {@code worker}'s end while it held {@code unit} is being told; true the first time:
   * an end is told once, whoever tells it first (a timeout, then the kill that follows).
   */
  boolean firstEndOf(WorkUnit unit, String worker) {
    return unitsEnded.add(worker + " " + unit.unitId());
  }

  /** The unique ids above {@code uniqueId}, its parent first, its engine root last. */
  private List<String> ancestors(String uniqueId) {
    List<String> out = new ArrayList<>();
    Optional<TestNode> n = plan.node(uniqueId);
    while (n.isPresent() && !n.get().isRoot()) {
      String parent = n.get().parentId();
      out.add(parent);
      n = plan.node(parent);
    }
    return out;
  }

  /** The tests (not containers) running on {@code worker}. */
  List<String> runningTests(String worker) {
    List<String> ids = new ArrayList<>();
    running.forEach(
        (id, r) -> {
          if (r.worker().equals(worker)
              && plan.node(id).map(n -> n.type().isTest()).orElse(false)) {
            ids.add(id);
          }
        });
    return ids;
  }

  /**
   * The tests of {@code unit} that {@code worker} still owes a result (as {@link #unitDone} finds
   * them), and its templates that never said they finished and have no invocation.
   */
  List<String> withoutResult(WorkUnit unit, String worker) {
    return unreportedOf(unit, worker).stream().map(TestNode::uniqueId).toList();
  }

  /**
   * {@code result}, final a moment ago, is to run again ({@code --reruns}): it is an earlier
   * attempt now, and the test has no result until its next attempt ends (or the run does, when that
   * attempt becomes its result again).
   */
  void retract(TestResult result) {
    String id = result.uniqueId();
    if (!finals.containsKey(id)) {
      throw new IllegalStateException(id + " has no result to run again");
    }
    finals.remove(id);
    if (plan.node(id).map(n -> n.type().isTest()).orElse(false)) {
      settledTests--;
    }
    earlier.computeIfAbsent(id, k -> new ArrayList<>()).add(result);
    awaitingRerun.add(id);
  }

  /**
   * The plan nodes of {@code unit} that must still run after its worker was lost: tests without a
   * result and test templates none of whose invocations has one, as plan indices.
   */
  List<Integer> remainingOf(WorkUnit unit) {
    List<Integer> out = new ArrayList<>();
    for (int index : unit.nodeIndices()) {
      collectRemaining(plan.planNodes().get(index), out);
    }
    return out;
  }

  /**
   * Every test still without a result gets {@code status} with {@code message}; so does every test
   * template that never ran (its tests cannot be named: it stands for them, as a disabled template
   * does). After this, discovery is complete.
   */
  List<TestResult> notRun(TestStatus status, String message, double nowS) {
    List<TestNode> all = new ArrayList<>();
    for (TestNode root : roots()) {
      collectNotRun(root.uniqueId(), all);
    }
    openTemplates.clear();
    List<TestResult> out = new ArrayList<>();
    for (TestNode node : all) {
      List<TestResult> before = earlier.remove(node.uniqueId());
      if (before != null) {
        // Its rerun never ended: its last attempt is its result after all.
        running.remove(node.uniqueId());
        awaitingRerun.remove(node.uniqueId());
        TestResult last = before.remove(before.size() - 1);
        TestResult result = last.after(before.stream().map(Attempt::of).toList());
        finals.put(node.uniqueId(), result);
        settledTests++;
        out.add(result);
        continue;
      }
      Running r = running.remove(node.uniqueId());
      out.add(
          record(
              node,
              status,
              false,
              0,
              r == null ? "" : r.worker(),
              r == null ? "" : r.host(),
              nowS,
              nowS,
              message,
              Optional.empty(),
              "",
              "",
              ""));
    }
    return out;
  }

  private void collectNotRun(String id, List<TestNode> out) {
    for (String child : plan.children(id)) {
      TestNode c = plan.node(child).orElseThrow();
      if (isSettled(child) || foreign(child)) {
        continue;
      }
      if (c.type().isTest()) {
        out.add(c);
      } else if (openTemplates.contains(child) && plan.descendantTests(child).isEmpty()) {
        out.add(c);
        continue;
      }
      collectNotRun(child, out);
    }
  }

  /** Every final result, in plan order (dynamic tests after their parent's discovered children). */
  List<TestResult> results() {
    List<TestResult> out = new ArrayList<>(finals.size());
    for (TestNode root : roots()) {
      collectResults(root.uniqueId(), out);
    }
    return out;
  }

  private List<TestNode> roots() {
    return plan.planNodes().stream().filter(TestNode::isRoot).toList();
  }

  private void collectResults(String id, List<TestResult> out) {
    TestResult r = finals.get(id);
    if (r != null) {
      out.add(r);
    }
    for (String child : plan.children(id)) {
      collectResults(child, out);
    }
  }

  private void collectRemaining(TestNode node, List<Integer> out) {
    if (foreign(node.uniqueId())) {
      return;
    }
    int index = plan.indexOf(node.uniqueId());
    if (node.type().isTest() && index >= 0) {
      if (!isSettled(node.uniqueId()) && !awaitingRerun.contains(node.uniqueId())) {
        out.add(index);
      }
      return;
    }
    if (TestPlanIndex.isTemplate(node) && index >= 0) {
      boolean anyDone =
          plan.descendantTests(node.uniqueId()).stream().anyMatch(t -> isSettled(t.uniqueId()));
      if (!anyDone && openTemplates.contains(node.uniqueId())) {
        out.add(index);
      }
      return;
    }
    for (String child : plan.children(node.uniqueId())) {
      collectRemaining(plan.node(child).orElseThrow(), out);
    }
  }

  /**
   * The tests of {@code unit} without a result, and its templates that never said they finished and
   * have no invocation; not a test taken back for a rerun, nor one running on another worker than
   * {@code worker}.
   */
  private List<TestNode> unreportedOf(WorkUnit unit, String worker) {
    List<TestNode> out = new ArrayList<>();
    for (int index : unit.nodeIndices()) {
      collectUnreported(plan.planNodes().get(index), worker, out);
    }
    return out;
  }

  private void collectUnreported(TestNode node, String worker, List<TestNode> out) {
    if (isSettled(node.uniqueId()) || foreign(node.uniqueId())) {
      return;
    }
    if (node.type().isTest()) {
      Running elsewhere = running.get(node.uniqueId());
      if (!awaitingRerun.contains(node.uniqueId())
          && (elsewhere == null || elsewhere.worker().equals(worker))) {
        out.add(node);
      }
    } else if (openTemplates.contains(node.uniqueId())
        && plan.descendantTests(node.uniqueId()).isEmpty()) {
      out.add(node);
      return;
    }
    for (String child : plan.children(node.uniqueId())) {
      collectUnreported(plan.node(child).orElseThrow(), worker, out);
    }
  }

  private TestResult record(
      TestNode node,
      TestStatus status,
      boolean aborted,
      double durationS,
      String worker,
      String host,
      double startS,
      double endS,
      String message,
      Optional<ThrowableInfo> throwable,
      String stdout,
      String stderr,
      String junitStatus) {
    String className = node.className();
    if (className.isEmpty()) {
      className =
          plan.topLevelOf(node.uniqueId()).map(TestNode::className).orElse(node.displayName());
    }
    if (node.type().isTest()) {
      settledTests++;
    }
    TestResult result =
        new TestResult(
            node.uniqueId(),
            className,
            node.legacyReportingName(),
            status,
            aborted,
            durationS,
            worker,
            host,
            startS,
            endS,
            1,
            message,
            throwable,
            stdout,
            stderr,
            module,
            junitStatus,
            SurefireNames.of(plan, node));
    List<TestResult> before = earlier.get(node.uniqueId());
    if (before != null) {
      result = result.after(before.stream().map(Attempt::of).toList());
    }
    finals.put(node.uniqueId(), result);
    return result;
  }

  static TestStatus statusOf(Outcome outcome, Optional<ThrowableInfo> throwable) {
    switch (outcome) {
      case SUCCESSFUL:
        return TestStatus.PASSED;
      case ABORTED:
      case SKIPPED:
        return TestStatus.SKIPPED;
      case FAILED:
        return throwable.map(ThrowableInfo::assertion).orElse(false)
            ? TestStatus.FAILED
            : TestStatus.ERROR;
      default:
        throw new IllegalArgumentException("unknown outcome " + outcome);
    }
  }

  /** The JUnit Platform's own word for {@code outcome}, as the JSON report's junit_status. */
  private static String junitStatusOf(Outcome outcome) {
    return outcome.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String messageOf(WorkerEvent.TestFinished f) {
    if (f.outcome() == Outcome.SKIPPED) {
      return f.skipReason();
    }
    return f.throwable().map(ThrowableInfo::message).orElse("");
  }
}
