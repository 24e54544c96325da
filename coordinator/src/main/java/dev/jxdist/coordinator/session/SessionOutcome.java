package dev.jxdist.coordinator.session;

import dev.jxdist.common.model.TestNode;
import dev.jxdist.coordinator.config.Durations;
import dev.jxdist.coordinator.report.ClassRun;
import dev.jxdist.coordinator.report.ExitCode;
import dev.jxdist.coordinator.report.RunListener;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.report.TestStatus;
import dev.jxdist.coordinator.report.UnitTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * How the run ends: whether it is over (its work done, no worker left, or stopped early: aborted,
 * interrupted, {@code --maxfail} reached, or {@code --session-timeout} run out), what workers are
 * told when it stops early, what the tests nobody ran are reported as and why, and the exit code.
 * Also the message that stops a run whose workers collected different tests. Used by the session
 * thread only.
 */
final class SessionOutcome {

  /** Why what was not run when the session timed out was not. */
  static final String SESSION_TIMEOUT = "session timeout";

  private final RunListener listener;
  private final int maxFailures;
  private final boolean replay;
  private String fatal;
  private boolean interrupted;
  private String stopped;
  private Duration sessionTimeout;
  private int failures;
  private boolean over;

  /**
   * @param maxFailures stop after this many failed, erroring or crashed tests; 0 never
   * @param replay the work is what a recorded run ran: what it did not run is said so
   */
  SessionOutcome(RunListener listener, int maxFailures, boolean replay) {
    this.listener = listener;
    this.maxFailures = maxFailures;
    this.replay = replay;
  }

  /** The run cannot be carried out, because of {@code why}. */
  void abort(String why) {
    fatal = why;
  }

  /** Why the run cannot be carried out, if it cannot. */
  Optional<String> fatal() {
    return Optional.ofNullable(fatal);
  }

  /** The user asked to stop (Ctrl-C); said once. */
  void interrupt() {
    if (!interrupted) {
      interrupted = true;
      listener.notice("interrupted: stopping after the tests in progress");
    }
  }

  /** The session thread was interrupted: the run stops as after Ctrl-C, without a word. */
  void interruptQuietly() {
    interrupted = true;
  }

  /**
   * The run took {@code limit} ({@code --session-timeout}): it ends now with what it has, the rest
   * not run, exit code 1.
   */
  void sessionTimedOut(Duration limit) {
    if (sessionTimeout == null && !over) {
      sessionTimeout = limit;
      over = true; // at once: what the timeout cuts short is final, not rerun
      listener.notice(
          "session timeout: the run took "
              + Durations.format(limit)
              + " (--session-timeout); it ends here, with what it has");
    }
  }

  /** A test ended with {@code status}: counts towards {@code --maxfail}. */
  void counted(TestStatus status) {
    if (isFailure(status)) {
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

  /**
   * Decides whether the run is over, given whether all its work is done and whether no worker is
   * left; once over, it stays over.
   */
  boolean decide(boolean workDone, boolean noOneLeft) {
    over =
        over
            || fatal != null
            || interrupted
            || stopped != null
            || sessionTimeout != null
            || workDone
            || noOneLeft;
    return over;
  }

  /** True once the run is over: workers are let go, nothing new is handed out. */
  boolean isOver() {
    return over;
  }

  /** What workers are told to stop for, when the run stops early; empty when it just ends. */
  Optional<String> stopReason() {
    if (fatal != null) {
      return Optional.of("run aborted");
    }
    if (interrupted) {
      return Optional.of("interrupted");
    }
    if (sessionTimeout != null) {
      return Optional.of(SESSION_TIMEOUT);
    }
    return Optional.ofNullable(stopped);
  }

  /**
   * Why the tests that were not run were not, when the run stopped early (they are then skipped);
   * empty when they should have run (they are then crashed: their workers were lost).
   */
  Optional<String> notRunReason() {
    if (interrupted) {
      return Optional.of("not run: the run was interrupted");
    }
    if (sessionTimeout != null) {
      return Optional.of("not run: " + SESSION_TIMEOUT);
    }
    if (stopped != null) {
      return Optional.of("not run: " + stopped);
    }
    if (fatal != null) {
      return Optional.of("not run: " + fatal.lines().findFirst().orElse(""));
    }
    return replay ? Optional.of("not run: the replayed run did not run it here") : Optional.empty();
  }

  /**
   * Ends the run: reports every test of every suite that has no result as not run ({@code report}
   * hears them), and makes a suite no worker could run the run's fatal error.
   */
  SessionResult finish(
      List<SuiteRun> suites,
      Collection<WorkerSlot> slots,
      List<UnitTime> unitTimes,
      double nowS,
      Instant startedAt,
      Consumer<List<TestResult>> report) {
    List<String> failedSuites = new ArrayList<>();
    List<TestResult> results = new ArrayList<>();
    List<ClassRun> classes = new ArrayList<>();
    Optional<String> why = notRunReason();
    for (SuiteRun suite : suites) {
      if (suite.plan != null) {
        if (suite.bookPerWorker) {
          // Each worker's own book: what it did not get to is its own loss, not the run's. A
          // copy: what the report hears may look a book up.
          new LinkedHashMap<>(suite.workerBooks())
              .forEach(
                  (workerId, book) ->
                      report.accept(
                          why.isPresent()
                              ? book.notRun(TestStatus.SKIPPED, why.get(), nowS)
                              : book.notRun(
                                  TestStatus.CRASHED,
                                  "not run: worker " + workerId + " was lost before it got to it",
                                  nowS)));
        } else {
          ResultBook book = suite.books().get(0);
          report.accept(
              why.isPresent()
                  ? book.notRun(TestStatus.SKIPPED, why.get(), nowS)
                  : book.notRun(TestStatus.CRASHED, "not run: no worker was left to run it", nowS));
        }
        suite.books().forEach(book -> results.addAll(book.results()));
        suite.books().stream()
            .flatMap(book -> book.classesRun().stream())
            .distinct()
            .forEach(cls -> classes.add(new ClassRun(suite.id(), cls)));
      } else if (!interrupted && fatal == null) {
        Set<String> reasons = new LinkedHashSet<>();
        slots.stream()
            .filter(s -> s.suite() == suite && !s.failure().isEmpty())
            .forEach(s -> reasons.add(s.id() + ": " + s.failure()));
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
        RunReports.build(results, classes, unitTimes, slots, nowS, startedAt, exitCode(results)),
        Optional.ofNullable(fatal));
  }

  /** The exit code for a run that ended with {@code results}. */
  int exitCode(List<TestResult> results) {
    if (interrupted) {
      return ExitCode.INTERRUPTED;
    }
    if (fatal != null) {
      return ExitCode.INTERNAL_ERROR;
    }
    if (sessionTimeout != null) {
      return ExitCode.TESTS_FAILED;
    }
    if (results.isEmpty()) {
      return ExitCode.NO_TESTS;
    }
    return results.stream().anyMatch(r -> isFailure(r.status()))
        ? ExitCode.TESTS_FAILED
        : ExitCode.PASSED;
  }

  /**
   * Why a run whose workers collected different tests stops: which tests are only on the worker
   * whose plan was agreed ({@code planFrom}) and which only on {@code workerId} (at most 20 of
   * each). Usually before anything ran; a worker that came after the collection wait stops a run
   * that had {@code started}.
   */
  static String planDifference(
      String planFrom,
      List<TestNode> agreedNodes,
      String workerId,
      List<TestNode> other,
      boolean started) {
    Set<String> agreed =
        agreedNodes.stream()
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
            + (started
                ? "; the run stops: the tests that ran keep their results, the rest is not run."
                : "; nothing was run."));
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
   * Why a run stops whose worker {@code workerId} found a plan of another hash than the agreed one
   * ({@code planFrom}'s), and was lost before it could send the plan that would show how.
   */
  static String unseenPlanDifference(
      String planFrom, int agreedTests, String workerId, int theirTests) {
    return "Different tests were collected between "
        + planFrom
        + " ("
        + count(agreedTests, "test", "tests")
        + ") and "
        + workerId
        + " ("
        + count(theirTests, "test", "tests")
        + "); "
        + workerId
        + " was lost before it could send its plan, so which tests differ is not known.";
  }

  private static boolean isFailure(TestStatus status) {
    return status == TestStatus.FAILED
        || status == TestStatus.ERROR
        || status == TestStatus.CRASHED;
  }

  static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
