package dev.jxdist.coordinator.session;

import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.config.Durations;
import dev.jxdist.coordinator.config.Timeouts;
import dev.jxdist.coordinator.plan.WorkUnit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The timeouts of a run's work ({@code --test-timeout}, {@code --unit-timeout}, {@code
 * --session-timeout}) and what follows when one runs out, on the injected clock. It decides; the
 * session acts.
 *
 * <p>For each worker it watches the unit in progress (from its first event to its UnitDone), the
 * test in progress, and the stretch between two tests of a unit (a hanging {@code BeforeAll} or
 * {@code AfterAll} method), which the test timeout covers too. When one runs out, the worker is
 * asked for a thread dump ({@link Step.AskWorker}); if it has not answered {@link #WORKER_WAIT}
 * later, the coordinator takes one with jcmd ({@link Step.AskTool}); if that has not come {@link
 * #TOOL_WAIT} later, the timeout is concluded without one ({@link Step.GiveUp}). A worker that
 * timed out is not watched again: it is killed once its timeout is concluded.
 */
final class TimeLimits {

  /** How long the worker has to answer DumpThreads before jcmd is used. */
  static final Duration WORKER_WAIT = Duration.ofSeconds(3);

  /** How long jcmd (locally, or over SSH) has to deliver a dump. */
  static final Duration TOOL_WAIT = Duration.ofSeconds(15);

  /**
   * A worker's work ran past its timeout.
   *
   * @param slot the worker
   * @param unit the unit it was running
   * @param test the test that was running, empty if the time ran out between tests
   * @param message what the timed-out tests' reports say, e.g. {@code timed out after 5s}
   * @param headline one line for the console, naming the test or unit and the worker
   */
  record Overrun(
      WorkerSlot slot, WorkUnit unit, Optional<String> test, String message, String headline) {}

  /** What the session is to do about an overrun now. */
  sealed interface Step {
    Overrun overrun();

    /** Send the worker DumpThreads. */
    record AskWorker(Overrun overrun) implements Step {}

    /** The worker did not answer: take a dump with jcmd, off the session thread. */
    record AskTool(Overrun overrun) implements Step {}

    /** Nothing answered: conclude with {@code why} in place of a dump. */
    record GiveUp(Overrun overrun, String why) implements Step {}
  }

  /** One worker's clock. */
  private static final class Watch {
    int unit = -1;
    Instant unitSince;
    String test;
    Instant testSince;
    Instant betweenSince;
    Overrun overrun;
    Instant askedWorkerAt;
    Instant askedToolAt;
  }

  private final Clock clock;
  private final Timeouts timeouts;
  private final Instant sessionDeadline;
  private final Map<String, Watch> watches = new HashMap<>();
  private boolean sessionTimedOut;

  TimeLimits(Clock clock, Timeouts timeouts) {
    this.clock = clock;
    this.timeouts = timeouts;
    this.sessionDeadline = timeouts.session().map(clock.instant()::plus).orElse(null);
  }

  /**
   * The session timeout, the first time it is found run out; empty before and after (it is said
   * once).
   */
  Optional<Duration> sessionTimeoutNow() {
    if (sessionTimedOut || sessionDeadline == null || clock.instant().isBefore(sessionDeadline)) {
      return Optional.empty();
    }
    sessionTimedOut = true;
    return timeouts.session();
  }

  /** Keeps {@code slot}'s clocks up to date with what it just sent. */
  void heard(WorkerSlot slot, WorkerEvent event) {
    if (timeouts.test().isEmpty() && timeouts.unit().isEmpty()) {
      return;
    }
    Watch w = watches.computeIfAbsent(slot.id(), id -> new Watch());
    if (w.overrun != null) {
      return;
    }
    Instant now = clock.instant();
    if (event instanceof WorkerEvent.TestStarted s) {
      if (s.unitId() != w.unit) {
        w.unit = s.unitId();
        w.unitSince = now;
        w.test = null;
        w.betweenSince = now;
      }
      if (isTest(slot, s.uniqueId())) {
        w.test = s.uniqueId();
        w.testSince = now;
      }
    } else if (event instanceof WorkerEvent.TestFinished f) {
      if (f.uniqueId().equals(w.test)) {
        w.test = null;
        w.betweenSince = now;
      }
    } else if (event instanceof WorkerEvent.UnitDone u && u.unitId() == w.unit) {
      w.unit = -1;
      w.test = null;
    }
  }

  /** True once {@code slot} ran out of time: what it sends now is past its deadline. */
  boolean overran(WorkerSlot slot) {
    Watch w = watches.get(slot.id());
    return w != null && w.overrun != null;
  }

  /** What is due now, worker by worker, among {@code slots}. */
  List<Step> due(Collection<WorkerSlot> slots) {
    List<Step> steps = new ArrayList<>();
    Instant now = clock.instant();
    for (WorkerSlot slot : slots) {
      Watch w = watches.get(slot.id());
      if (w == null || slot.state().isTerminal()) {
        continue;
      }
      if (w.overrun == null) {
        overrun(slot, w, now)
            .ifPresent(
                o -> {
                  w.overrun = o;
                  w.askedWorkerAt = now;
                  steps.add(new Step.AskWorker(o));
                });
      } else if (w.askedToolAt == null && !now.isBefore(w.askedWorkerAt.plus(WORKER_WAIT))) {
        w.askedToolAt = now;
        steps.add(new Step.AskTool(w.overrun));
      } else if (w.askedToolAt != null && !now.isBefore(w.askedToolAt.plus(TOOL_WAIT))) {
        watches.remove(slot.id());
        steps.add(
            new Step.GiveUp(
                w.overrun,
                "no thread dump: neither the worker ("
                    + Durations.format(WORKER_WAIT)
                    + ") nor jcmd ("
                    + Durations.format(TOOL_WAIT)
                    + ") answered in time"));
      }
    }
    return steps;
  }

  /**
   * A thread dump of {@code slot} came: the overrun it concludes, if {@code slot} was waiting for
   * one (the first dump wins).
   */
  Optional<Overrun> dumped(WorkerSlot slot) {
    Watch w = watches.get(slot.id());
    if (w == null || w.overrun == null) {
      return Optional.empty();
    }
    watches.remove(slot.id());
    return Optional.of(w.overrun);
  }

  /** {@code slot} is lost: the overrun it was waiting on a dump for, if any, ends here. */
  Optional<Overrun> lost(WorkerSlot slot) {
    Watch w = watches.remove(slot.id());
    return w == null ? Optional.empty() : Optional.ofNullable(w.overrun);
  }

  private Optional<Overrun> overrun(WorkerSlot slot, Watch w, Instant now) {
    if (w.unit < 0) {
      return Optional.empty();
    }
    WorkUnit unit = slot.queue().get(w.unit);
    if (unit == null) {
      return Optional.empty();
    }
    if (timeouts.test().isPresent()) {
      Duration limit = timeouts.test().get();
      String after = "timed out after " + Durations.format(limit);
      if (w.test != null && past(w.testSince, now, limit)) {
        return Optional.of(
            new Overrun(
                slot,
                unit,
                Optional.of(w.test),
                after,
                describe(slot, w.test) + " on worker " + slot.id() + " " + after));
      }
      if (w.test == null && past(w.betweenSince, now, limit)) {
        String message =
            after + " in the set-up or tear-down of " + unit.label() + " (no test was running)";
        return Optional.of(
            new Overrun(
                slot, unit, Optional.empty(), message, "worker " + slot.id() + ": " + message));
      }
    }
    if (timeouts.unit().isPresent() && past(w.unitSince, now, timeouts.unit().get())) {
      String message =
          "timed out: its unit "
              + unit.label()
              + " ran past the unit timeout of "
              + Durations.format(timeouts.unit().get());
      return Optional.of(
          new Overrun(
              slot,
              unit,
              Optional.ofNullable(w.test),
              message,
              "unit "
                  + unit.label()
                  + " on worker "
                  + slot.id()
                  + " ran past the unit timeout of "
                  + Durations.format(timeouts.unit().get())));
    }
    return Optional.empty();
  }

  private static boolean isTest(WorkerSlot slot, String uniqueId) {
    return slot.suite().plan != null
        && slot.suite().plan.node(uniqueId).map(n -> n.type().isTest()).orElse(false);
  }

  /** {@code fx.HangTest > sleeps()}, as the console names a test. */
  private static String describe(WorkerSlot slot, String uniqueId) {
    return slot.suite().plan.node(uniqueId).map(TimeLimits::describe).orElse(uniqueId);
  }

  private static String describe(TestNode node) {
    return (node.className().isEmpty() ? "" : node.className() + " > ")
        + node.legacyReportingName();
  }

  private static boolean past(Instant since, Instant now, Duration limit) {
    return since != null && Duration.between(since, now).compareTo(limit) >= 0;
  }
}
