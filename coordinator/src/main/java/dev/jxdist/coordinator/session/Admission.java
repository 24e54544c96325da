package dev.jxdist.coordinator.session;

import dev.jxdist.common.model.Outcome;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.wire.Untrusted;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the session believes of a worker: only what it says about its own work. A worker may speak
 * of a test only within a unit it was sent and has not finished, only of tests of that unit (their
 * classes and engines above them, their dynamic tests below), start each once and end each once per
 * attempt (a unit sent is an attempt: a test sent again, in a rerun, may end again), end a test it
 * started unless it says it skipped it, and plan once for each time it was asked to discover.
 * Anything else is a lie or a broken worker: {@link #check} says why, and the session drops the
 * worker.
 *
 * <p>The one place these rules live; the session asks it before it hears an event.
 */
final class Admission {

  /** What one worker said of one unit it was sent. */
  private static final class Attempt {
    final Set<String> tests;
    final Set<String> started = new HashSet<>();
    final Set<String> finished = new HashSet<>();

    Attempt(Set<String> tests) {
      this.tests = tests;
    }
  }

  private final Map<String, Map<Integer, Attempt>> attempts = new HashMap<>();

  /**
   * Why {@code event} from {@code slot} is not to be believed, or empty if it is. An event that is
   * believed is noted (a start, an end), so that it is believed once.
   */
  Optional<String> check(WorkerSlot slot, WorkerEvent event) {
    if (event instanceof WorkerEvent.Hello) {
      return Optional.of("a second Hello");
    }
    if (event instanceof WorkerEvent.Discovered) {
      // Once per Discover, whatever its state: one shut down while it discovered still sends it.
      return slot.answeredDiscover()
          ? Optional.empty()
          : Optional.of("a test plan it was not asked for");
    }
    if (event instanceof WorkerEvent.TestStarted s) {
      return attempt(slot, s.unitId(), s.uniqueId())
          .flatMap(
              a -> {
                if (a.finished.contains(s.uniqueId())) {
                  return Optional.of(
                      "the start of " + Untrusted.quote(s.uniqueId()) + " after its end");
                }
                if (!a.started.add(s.uniqueId())) {
                  return Optional.of("a second start of " + Untrusted.quote(s.uniqueId()));
                }
                return Optional.empty();
              });
    }
    if (event instanceof WorkerEvent.TestFinished f) {
      return attempt(slot, f.unitId(), f.uniqueId())
          .flatMap(
              a -> {
                // An engine root's start is never sent (it starts in every launcher call); its
                // end is, when it fails.
                if (f.outcome() != Outcome.SKIPPED
                    && !a.started.contains(f.uniqueId())
                    && !slot.suite().plan.node(f.uniqueId()).map(TestNode::isRoot).orElse(false)) {
                  return Optional.of(
                      "the end of " + Untrusted.quote(f.uniqueId()) + " before its start");
                }
                if (!a.finished.add(f.uniqueId())) {
                  return Optional.of("a second end of " + Untrusted.quote(f.uniqueId()));
                }
                return Optional.empty();
              });
    }
    if (event instanceof WorkerEvent.DynamicTestRegistered r) {
      return attempt(slot, r.unitId(), r.node().parentId()).why();
    }
    if (event instanceof WorkerEvent.UnitDone u) {
      if (!slot.queue().containsKey(u.unitId())) {
        return Optional.of("the end of unit " + u.unitId() + ", which it was not given");
      }
      attemptsOf(slot).remove(u.unitId());
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Forgets what {@code slot} said: it is gone. */
  void forget(WorkerSlot slot) {
    attempts.remove(slot.id());
  }

  /**
   * The attempt {@code unitId} of {@code slot}, if it holds that unit and {@code uniqueId} is one
   * of its tests; as an error: why not.
   */
  private Either attempt(WorkerSlot slot, int unitId, String uniqueId) {
    WorkUnit unit = slot.queue().get(unitId);
    if (unit == null) {
      return Either.no("an event for unit " + unitId + ", which it was not given or has finished");
    }
    TestPlanIndex plan = slot.suite().plan;
    if (plan == null || plan.node(uniqueId).isEmpty()) {
      return Either.no(
          "an event for " + Untrusted.quote(uniqueId) + ", which is no test of the plan");
    }
    Attempt a =
        attemptsOf(slot)
            .computeIfAbsent(unitId, id -> new Attempt(new HashSet<>(plan.uniqueIds(unit))));
    if (!within(plan, a.tests, uniqueId)) {
      return Either.no(
          "an event for " + Untrusted.quote(uniqueId) + ", which is not in unit " + unitId);
    }
    return Either.yes(a);
  }

  private Map<Integer, Attempt> attemptsOf(WorkerSlot slot) {
    return attempts.computeIfAbsent(slot.id(), id -> new HashMap<>());
  }

  /**
   * Whether {@code uniqueId} is one of {@code tests}, below one (a dynamic test), or above one (its
   * class, its engine).
   */
  private static boolean within(TestPlanIndex plan, Set<String> tests, String uniqueId) {
    for (String id = uniqueId; id != null; id = parentOf(plan, id)) {
      if (tests.contains(id)) {
        return true;
      }
    }
    for (String test : tests) {
      for (String id = parentOf(plan, test); id != null; id = parentOf(plan, id)) {
        if (id.equals(uniqueId)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String parentOf(TestPlanIndex plan, String uniqueId) {
    return plan.node(uniqueId)
        .map(TestNode::parentId)
        .filter(p -> p != null && !p.isEmpty())
        .orElse(null);
  }

  /** An attempt, or why there is none. */
  private record Either(Attempt attempt, String reason) {
    static Either yes(Attempt a) {
      return new Either(a, null);
    }

    static Either no(String reason) {
      return new Either(null, reason);
    }

    Optional<String> flatMap(Function<Attempt, Optional<String>> then) {
      return attempt == null ? Optional.of(reason) : then.apply(attempt);
    }

    Optional<String> why() {
      return Optional.ofNullable(reason);
    }
  }
}
