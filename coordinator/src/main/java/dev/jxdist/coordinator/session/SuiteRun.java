package dev.jxdist.coordinator.session;

import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.scheduler.Scheduler;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The session's record of one suite (one module of a build): what its workers are told, the plan
 * they agreed on, its results and its scheduler. Mutated by the session thread only.
 */
final class SuiteRun {

  final SuiteSpec spec;
  final CoordinatorCommand.Configure configure;
  final CoordinatorCommand.Discover discover;

  /** Every worker runs the whole suite (the {@code each} distribution) into a book of its own. */
  final boolean bookPerWorker;

  TestPlanIndex plan;
  String planFrom;

  /**
   * The workers asked for the whole plan while the suite has none, who have not answered; the
   * others send its hash only.
   */
  final Set<String> planAskedOf = new HashSet<>();

  /** When a worker was last asked for the whole plan. */
  Instant planAskedAt;

  /** When the first plan came. */
  Instant planAgreedAt;

  /**
   * Work has begun: every worker started for it so far sent its plan, or the wait for them is over.
   */
  boolean collected;

  private ResultBook sharedBook;
  private final Map<String, ResultBook> workerBooks = new LinkedHashMap<>();
  Scheduler scheduler;
  int nextUnitId;

  /** Why the suite cannot be run (every worker failed to set it up), or null. */
  String failure;

  SuiteRun(
      SuiteSpec spec,
      CoordinatorCommand.Configure configure,
      CoordinatorCommand.Discover discover,
      boolean bookPerWorker) {
    this.spec = spec;
    this.bookPerWorker = bookPerWorker;
    this.configure = configure;
    this.discover = discover;
  }

  String id() {
    return spec.id();
  }

  /** The plan is agreed: results can be kept from now on. */
  void planAgreed(TestPlanIndex index, String from, Instant at) {
    plan = index;
    planFrom = from;
    planAgreedAt = at;
    if (!bookPerWorker) {
      sharedBook = new ResultBook(index, id());
    }
  }

  /** Where {@code workerId}'s results go: the suite's book, or in each mode the worker's own. */
  ResultBook book(String workerId) {
    if (plan == null) {
      throw new IllegalStateException("no plan is agreed for " + spec.name() + " yet");
    }
    return bookPerWorker
        ? workerBooks.computeIfAbsent(workerId, w -> new ResultBook(plan, id()))
        : sharedBook;
  }

  /** In each mode, every worker's book by worker id. */
  Map<String, ResultBook> workerBooks() {
    return java.util.Collections.unmodifiableMap(workerBooks);
  }

  /** Every book of the suite: one, or in each mode one per worker that became ready. */
  List<ResultBook> books() {
    if (plan == null) {
      return List.of();
    }
    return bookPerWorker ? List.copyOf(workerBooks.values()) : List.of(sharedBook);
  }

  /** True when nothing is left to do for it: its plan ran out, or it cannot be run at all. */
  boolean isDone() {
    return failure != null || (scheduler != null && scheduler.isFinished());
  }

  /**
   * What its plan holds, in one line: {@code collected 40 tests in 8 classes, running on 2
   * workers}; with several suites, {@code alpha: collected 12 tests in 3 classes}.
   *
   * @param severalSuites the run has other suites too
   * @param workers how many workers the run has
   */
  String collectedLine(boolean severalSuites, int workers) {
    int templates = plan.templateCount();
    return (severalSuites ? spec.name() + ": " : "")
        + "collected "
        + SessionOutcome.count(plan.planTests().size(), "test", "tests")
        + " in "
        + SessionOutcome.count(SurefireNames.reportCount(plan), "class", "classes")
        + (templates > 0
            ? " (plus the invocations of "
                + SessionOutcome.count(
                    templates, "parameterized or dynamic test", "parameterized or dynamic tests")
                + ")"
            : "")
        + (severalSuites
            ? ""
            : ", running on " + SessionOutcome.count(workers, "worker", "workers"));
  }

  /** Units waiting for a worker; a suite without a plan yet counts as one (it needs a worker). */
  int demand() {
    if (isDone()) {
      return 0;
    }
    return scheduler == null ? 1 : scheduler.pendingUnits();
  }
}
