package dev.jxdist.coordinator.session;

import dev.jxdist.common.model.Outcome;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.model.ThrowableInfo;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.report.Attempt;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.report.TestStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one true record of every test's result in a run: exactly one final result per test, whatever
 * the workers report, repeat or fail to report.
 *
 * <p>Rules beyond the obvious ones: a container that is skipped or fails passes its outcome on to
 * every test below it that has no result yet; a container that fails when all its tests already
 * have one (an {@code @AfterAll} failure), or a skipped or failed test template with no invocation
 * (a disabled {@code @ParameterizedTest}), becomes a result of its own, so nothing is lost.
 *
 * <p>It is long because it is the one place that decides what counts as a test's final result; the
 * rules are kept together so that the invariant (one result per test) is checked in one file.
 *
 * <p>Not thread-safe: owned by the session thread.
 */
final class ResultBook {

  /** Where and since when a node has been running. */
  private record Running(String worker, String host, double startS) {}

  private final TestPlanIndex plan;
  private final String module;
  private final Map<String, TestResult> finals = new HashMap<>();
  private final Map<String, Running> running = new HashMap<>();
  private final Set<String> containerResults = new HashSet<>();

  /** Earlier attempts of tests that are to run again ({@code --reruns}), first first. */
  private final Map<String, List<TestResult>> earlier = new HashMap<>();

  /** Tests taken back for a rerun that has not started yet. */
  private final Set<String> awaitingRerun = new HashSet<>();

  private int dynamicTests;

  /**
   * @param plan the suite's agreed plan
   * @param module the suite's id, carried by every result
   */
  ResultBook(TestPlanIndex plan, String module) {
    this.plan = plan;
    this.module = module;
  }

  /**
   * Tests expected so far: the plan's, the dynamic ones registered, and containers that became
   * results.
   */
  int expected() {
    return plan.planTests().size() + dynamicTests + containerResults.size();
  }

  /** Tests with their final result. */
  int done() {
    return finals.size();
  }

  /** True if {@code uniqueId} has its final result. */
  boolean isFinal(String uniqueId) {
    return finals.containsKey(uniqueId);
  }

  /** A dynamic node was registered (and added to the plan index). */
  void registered(TestNode node) {
    if (node.type().isTest()) {
      dynamicTests++;
    }
  }

  /** A node started on {@code worker}. */
  void started(String uniqueId, String worker, String host, double nowS) {
    awaitingRerun.remove(uniqueId);
    if (!finals.containsKey(uniqueId)) {
      running.put(uniqueId, new Running(worker, host, nowS));
    }
  }

  /**
   * A node finished (or was skipped). Returns the results that became final because of it: the test
   * itself, or, for a container, the tests below it that had none.
   */
  List<TestResult> finished(WorkerEvent.TestFinished f, String worker, String host, double nowS) {
    Optional<TestNode> found = plan.node(f.uniqueId());
    if (found.isEmpty() || finals.containsKey(f.uniqueId())) {
      return List.of();
    }
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
    if (f.outcome() == Outcome.SUCCESSFUL || (node.isRoot() && f.outcome() == Outcome.SKIPPED)) {
      return List.of();
    }
    List<TestResult> out = new ArrayList<>();
    List<TestNode> below = plan.descendantTests(node.uniqueId());
    for (TestNode t : below) {
      if (!finals.containsKey(t.uniqueId())) {
        running.remove(t.uniqueId());
        String why =
            f.outcome() == Outcome.SKIPPED ? message : describe(node) + " failed: " + message;
        out.add(
            record(
                t,
                status,
                f.outcome() == Outcome.ABORTED,
                0,
                worker,
                host,
                nowS,
                nowS,
                why,
                f.throwable(),
                "",
                "",
                junitStatusOf(f.outcome())));
      }
    }
    boolean lostOtherwise = out.isEmpty() && (f.outcome() != Outcome.SKIPPED || below.isEmpty());
    if (lostOtherwise && (f.outcome() != Outcome.SKIPPED || TestPlanIndex.isTemplate(node))) {
      containerResults.add(node.uniqueId());
      out.add(
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
    return out;
  }

  /**
   * A worker reported a unit done: any test of it still without a result gets an error, since the
   * worker will never report one.
   */
  List<TestResult> unitDone(WorkUnit unit, String worker, String host, double nowS) {
    List<TestResult> out = new ArrayList<>();
    for (TestNode t : testsOf(unit)) {
      Running elsewhere = running.get(t.uniqueId());
      if (awaitingRerun.contains(t.uniqueId())
          || (elsewhere != null && !elsewhere.worker().equals(worker))) {
        continue; // taken back for a rerun: its next attempt will say
      }
      if (!finals.containsKey(t.uniqueId())) {
        running.remove(t.uniqueId());
        out.add(
            record(
                t,
                TestStatus.ERROR,
                false,
                0,
                worker,
                host,
                nowS,
                nowS,
                "worker " + worker + " finished the unit without reporting this test",
                Optional.empty(),
                "",
                "",
                ""));
      }
    }
    return out;
  }

  /**
   * {@code worker} crashed: every test running on it gets {@code CRASHED} with {@code message}; a
   * test template that was running with no invocation yet becomes a crashed result of its own.
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
      Running r = running.remove(id);
      TestNode node = plan.node(id).orElseThrow();
      boolean emptyTemplate = TestPlanIndex.isTemplate(node) && plan.descendantTests(id).isEmpty();
      if (node.type().isTest() || emptyTemplate) {
        if (emptyTemplate) {
          containerResults.add(id);
        }
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
   * {@code tests} (of {@code worker}, on {@code host}) ran out of time: each one still without a
   * result gets {@code ERROR} with {@code message} and {@code thrown}, and {@code stderr} (the
   * worker's thread dump) as its output.
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
      if (node.isEmpty() || finals.containsKey(id)) {
        continue;
      }
      Running r = running.remove(id);
      double start = r == null ? nowS : r.startS();
      out.add(
          record(
              node.get(),
              TestStatus.ERROR,
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
              ""));
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

  /** The tests of {@code unit} without a result yet. */
  List<String> withoutResult(WorkUnit unit) {
    return testsOf(unit).stream()
        .map(TestNode::uniqueId)
        .filter(id -> !finals.containsKey(id))
        .toList();
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
   * template that never ran an invocation (its tests cannot be named: it stands for them, as a
   * disabled template does).
   */
  List<TestResult> notRun(TestStatus status, String message, double nowS) {
    List<TestNode> all = new ArrayList<>();
    for (TestNode root : roots()) {
      collectNotRun(root.uniqueId(), all);
    }
    List<TestResult> out = new ArrayList<>();
    for (TestNode node : all) {
      List<TestResult> before = earlier.get(node.uniqueId());
      if (before != null && !running.containsKey(node.uniqueId())) {
        // Its rerun never ran: its last attempt is its result after all.
        TestResult last = before.remove(before.size() - 1);
        TestResult result = last.after(before.stream().map(Attempt::of).toList());
        finals.put(node.uniqueId(), result);
        out.add(result);
        continue;
      }
      Running r = running.remove(node.uniqueId());
      if (!node.type().isTest()) {
        containerResults.add(node.uniqueId());
      }
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
      if (finals.containsKey(child)) {
        continue;
      }
      if (c.type().isTest()) {
        out.add(c);
      } else if (TestPlanIndex.isTemplate(c) && plan.descendantTests(child).isEmpty()) {
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
    int index = plan.indexOf(node.uniqueId());
    if (node.type().isTest() && index >= 0) {
      if (!finals.containsKey(node.uniqueId()) && !awaitingRerun.contains(node.uniqueId())) {
        out.add(index);
      }
      return;
    }
    if (TestPlanIndex.isTemplate(node) && index >= 0) {
      boolean anyDone =
          plan.descendantTests(node.uniqueId()).stream()
              .anyMatch(t -> finals.containsKey(t.uniqueId()));
      if (!anyDone && !finals.containsKey(node.uniqueId())) {
        out.add(index);
      }
      return;
    }
    for (String child : plan.children(node.uniqueId())) {
      collectRemaining(plan.node(child).orElseThrow(), out);
    }
  }

  private List<TestNode> testsOf(WorkUnit unit) {
    List<TestNode> out = new ArrayList<>();
    for (int index : unit.nodeIndices()) {
      TestNode n = plan.planNodes().get(index);
      if (n.type().isTest()) {
        out.add(n);
      }
      out.addAll(plan.descendantTests(n.uniqueId()));
    }
    return out;
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
            junitStatus);
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

  private static String describe(TestNode container) {
    return container.className().isEmpty() ? container.displayName() : container.className();
  }
}
