package dev.jxdist.coordinator.session;

import dev.jxdist.common.wire.WorkerEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * How a suite's workers agree on its plan, and the one place that decides it: who is asked for the
 * whole plan (the suite's first worker to connect) and who for its hash only (the others: one plan
 * of a million tests is a hundred megabytes to send and parse, a hash is 64 characters); hashes
 * that come before the plan wait for it; every plan and hash is compared with the agreed one. A
 * worker whose hash differs is asked for its plan, so that the run stops naming the tests that
 * differ, and stops all the same if that worker is lost first. The ask passes on when the worker
 * asked is lost, or has sent nothing a collection wait after another worker's hash came. What
 * follows from an agreement (the scheduler, the worker taking work) is the work flow's. Used by the
 * session thread only.
 */
final class PlanAgreement {

  private final Clock clock;
  private final Staffing staffing;
  private final SessionOutcome outcome;
  private final Duration collectionWait;
  private final BiPredicate<WorkerSlot, WorkerEvent.Discovered> agree;
  private final Consumer<WorkerSlot> ready;

  /**
   * @param collectionWait how long a hash waits for the plan asked of another worker before this
   *     worker is asked too
   * @param agree makes a worker's whole plan its suite's; false if the run stops instead
   * @param ready a worker's plan is the agreed one: it takes work
   */
  PlanAgreement(
      Clock clock,
      Staffing staffing,
      SessionOutcome outcome,
      Duration collectionWait,
      BiPredicate<WorkerSlot, WorkerEvent.Discovered> agree,
      Consumer<WorkerSlot> ready) {
    this.clock = clock;
    this.staffing = staffing;
    this.outcome = outcome;
    this.collectionWait = collectionWait;
    this.agree = agree;
    this.ready = ready;
  }

  /**
   * Asks {@code slot}, just connected, to discover its suite: for the whole plan while the suite
   * has none and no other worker is asked for it, else for the plan's hash only.
   */
  void discover(WorkerSlot slot) {
    SuiteRun suite = slot.suite();
    if (suite.plan == null && suite.planAskedOf.isEmpty()) {
      askPlan(slot);
    } else {
      slot.discover(suite.discover.withSendPlan(false));
    }
  }

  /**
   * A worker's plan, or its hash: the suite's first whole plan becomes the agreed one; a hash waits
   * for it; every other plan must hash the same, or the run stops with the tests that differ.
   */
  void received(WorkerSlot slot, WorkerEvent.Discovered d) {
    SuiteRun suite = slot.suite();
    boolean whole = slot.answersWithPlan();
    if (whole) {
      suite.planAskedOf.remove(slot.id());
    }
    if (whole && suite.plan != null && slot.heldHash().isPresent()) {
      // The plan of a worker whose hash differed; shut down meanwhile, it still shows how.
      compare(slot, d, true);
      return;
    }
    if (slot.state() != WorkerSlot.State.CONNECTED) {
      return;
    }
    if (suite.plan == null) {
      if (!whole) {
        // Nothing to compare it with yet: it waits for the plan asked of another worker.
        slot.holdHash(d, clock.instant());
        if (suite.planAskedOf.isEmpty()) {
          askPlan(slot);
        }
        return;
      }
      if (!agree.test(slot, d)) {
        return;
      }
      for (WorkerSlot waiting : staffing.of(suite)) {
        if (waiting != slot && waiting.state() == WorkerSlot.State.CONNECTED) {
          waiting.heldHash().ifPresent(h -> compare(waiting, h, false));
        }
      }
    }
    compare(slot, d, whole);
  }

  /**
   * {@code slot} is lost: if its suite's plan was asked of it, another worker whose hash waits is
   * asked in its place; if its hash differed, the run stops all the same.
   */
  void lost(WorkerSlot slot) {
    SuiteRun suite = slot.suite();
    suite.planAskedOf.remove(slot.id());
    if (suite.plan == null) {
      if (suite.planAskedOf.isEmpty()) {
        waitingHashes(suite).findFirst().ifPresent(this::askPlan);
      }
    } else if (slot.heldHash().isPresent() && outcome.fatal().isEmpty()) {
      outcome.abort(
          SessionOutcome.unseenPlanDifference(
              suite.planFrom,
              suite.plan.planTests().size(),
              slot.id(),
              slot.heldHash().get().testCount()));
    }
  }

  /**
   * While {@code suite} has no plan: asks one more worker for it when the one asked is slow, a
   * collection wait after it was asked and after another worker's hash came (whichever plan comes
   * first is agreed), so that one slow host does not hold its suite up.
   */
  void awaitPlan(SuiteRun suite) {
    Instant due = clock.instant().minus(collectionWait);
    if (suite.plan != null || suite.planAskedAt == null || suite.planAskedAt.isAfter(due)) {
      return;
    }
    waitingHashes(suite)
        .filter(s -> !suite.planAskedOf.contains(s.id()) && !s.heldSince().isAfter(due))
        .findFirst()
        .ifPresent(this::askPlan);
  }

  /** Asks {@code slot} for its whole plan (again, if it sent only the hash before). */
  private void askPlan(WorkerSlot slot) {
    SuiteRun suite = slot.suite();
    if (suite.plan == null) {
      suite.planAskedOf.add(slot.id());
      suite.planAskedAt = clock.instant();
    }
    slot.discover(suite.discover.withSendPlan(true));
  }

  /**
   * Compares {@code slot}'s plan ({@code d}, with its nodes if {@code whole}) with the agreed one:
   * the same, and the worker takes work; different, and the run stops, naming the tests that
   * differ, for which a hash alone is not enough: its plan is asked for first.
   */
  private void compare(WorkerSlot slot, WorkerEvent.Discovered d, boolean whole) {
    SuiteRun suite = slot.suite();
    if (suite.plan.hash().equals(d.planHash())) {
      if (slot.state() == WorkerSlot.State.CONNECTED) {
        ready.accept(slot);
      }
    } else if (whole) {
      outcome.abort(
          SessionOutcome.planDifference(
              suite.planFrom, suite.plan.planNodes(), slot.id(), d.nodes(), workStarted()));
    } else {
      slot.holdHash(d, clock.instant());
      askPlan(slot);
    }
  }

  /** Some worker of the run was sent a unit already (the collection wait had passed). */
  private boolean workStarted() {
    return staffing.all().stream().anyMatch(s -> !s.queue().isEmpty() || !s.classesRun().isEmpty());
  }

  /** The connected workers of {@code suite} whose hashes wait, the longest waiting first. */
  private Stream<WorkerSlot> waitingHashes(SuiteRun suite) {
    return staffing.of(suite).stream()
        .filter(s -> s.state() == WorkerSlot.State.CONNECTED && s.heldHash().isPresent())
        .sorted(Comparator.comparing(WorkerSlot::heldSince));
  }
}
