package dev.jxdist.coordinator.history;

import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.scheduler.UnitCost;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What is left of a run, by the estimates of its suites' units: the ETA of the progress line.
 *
 * <p>The work of a suite is the estimated cost of its plan's class units, however a strategy cuts
 * it. A finished unit takes its own cost off; a running one, the time it has run so far (up to its
 * cost: a unit that overruns its estimate is assumed to be about to finish). What is left is shared
 * by the workers running: the estimate is {@code left / workers}, but never less than the longest
 * rest of a running unit, which no other worker can help with.
 *
 * <p>There is an estimate only when every suite's plan is agreed and has history: without it, the
 * costs are test counts, not seconds, and no ETA is better than a wrong one.
 *
 * <p>Not thread-safe: owned by the session thread.
 */
public final class RunEstimate {

  /** A unit in progress: since when, and its cost. */
  private record Running(Instant since, double seconds) {}

  private final int suites;
  private final Map<String, UnitCost> costs = new HashMap<>();
  private final Set<String> unknown = new HashSet<>();
  private final Map<String, Running> running = new HashMap<>();
  private double total;
  private double finished;

  /** An estimate for a run of {@code suites} suites. */
  public RunEstimate(int suites) {
    if (suites < 1) {
      throw new IllegalArgumentException("a run has at least 1 suite, got " + suites);
    }
    this.suites = suites;
  }

  /**
   * {@code suite}'s plan is agreed: its work is {@code classUnits}, at {@code cost}; an empty
   * {@code cost} means the suite has no history.
   */
  public void planned(String suite, Optional<UnitCost> cost, List<WorkUnit> classUnits) {
    Objects.requireNonNull(suite, "suite");
    if (costs.containsKey(suite) || unknown.contains(suite)) {
      throw new IllegalStateException("suite " + suite + " was planned already");
    }
    if (cost.isEmpty()) {
      unknown.add(suite);
      return;
    }
    costs.put(suite, cost.get());
    for (WorkUnit unit : classUnits) {
      total += cost.get().seconds(unit);
    }
  }

  /** True once every suite's plan is agreed. */
  public boolean allPlanned() {
    return costs.size() + unknown.size() == suites;
  }

  /**
   * The run's work in seconds, once every suite's plan is agreed and every one has history; empty
   * before, or without.
   */
  public OptionalDouble work() {
    return allPlanned() && unknown.isEmpty() ? OptionalDouble.of(total) : OptionalDouble.empty();
  }

  /** {@code unit} of {@code suite} began running at {@code at}. */
  public void started(String suite, WorkUnit unit, Instant at) {
    UnitCost cost = costs.get(suite);
    if (cost != null) {
      running.put(key(suite, unit.unitId()), new Running(at, cost.seconds(unit)));
    }
  }

  /** {@code unit} of {@code suite} is done: its cost is off the work left. */
  public void finished(String suite, WorkUnit unit) {
    UnitCost cost = costs.get(suite);
    if (cost != null) {
      running.remove(key(suite, unit.unitId()));
      finished += cost.seconds(unit);
    }
  }

  /**
   * {@code unitId} of {@code suite} stopped without finishing (its worker was lost); what is left
   * of it runs again as another unit.
   */
  public void stopped(String suite, int unitId) {
    running.remove(key(suite, unitId));
  }

  /**
   * The time left at {@code now} with {@code workers} workers running; empty when a suite has no
   * plan or no history yet.
   */
  public Optional<Duration> remaining(Instant now, int workers) {
    if (!unknown.isEmpty() || costs.size() < suites) {
      return Optional.empty();
    }
    double left = total - finished;
    double longest = 0;
    for (Running r : running.values()) {
      double ran = Math.max(0, Duration.between(r.since(), now).toNanos() / 1e9);
      left -= Math.min(ran, r.seconds());
      longest = Math.max(longest, r.seconds() - ran);
    }
    double seconds = Math.max(Math.max(0, left) / Math.max(1, workers), longest);
    return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
  }

  private static String key(String suite, int unitId) {
    return suite + "#" + unitId;
  }
}
