package dev.jxdist.coordinator.run;

import dev.jxdist.coordinator.config.ReplayRecord;
import dev.jxdist.coordinator.config.RunConfig;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.history.DurationHistory;
import dev.jxdist.coordinator.history.HistoryCost;
import dev.jxdist.coordinator.history.SurefireTimes;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.scheduler.Packing;
import dev.jxdist.coordinator.scheduler.ReplayScheduler;
import dev.jxdist.coordinator.scheduler.Scheduler;
import dev.jxdist.coordinator.scheduler.UnitCost;
import dev.jxdist.coordinator.session.SchedulerFactory;
import dev.jxdist.coordinator.shard.ShardPlan;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a run's suites get their schedulers once their plans are agreed: the {@code --dist} strategy
 * ordered by the durations history, or what a recorded run ran ({@code --replay}); and the unit
 * costs the session's estimate of the time left reads. One cost per agreed plan, shared by both.
 */
final class RunSchedulers implements SchedulerFactory {

  private final RunConfig config;
  private final DurationHistory history;
  private final int workers;
  private final Map<String, SurefireTimes> surefire;
  private final IdentityHashMap<TestPlanIndex, HistoryCost> costs = new IdentityHashMap<>();
  private final Optional<ShardPlan> shards;

  /**
   * @param surefire each suite's Surefire reports, by suite id
   * @param workers how many workers the run expects at once: those it starts first
   */
  RunSchedulers(
      RunConfig config, DurationHistory history, Map<String, SurefireTimes> surefire, int workers) {
    this.config = config;
    this.history = history;
    this.surefire = surefire;
    this.workers = workers;
    this.shards = config.shard().map(ShardPlan::new);
  }

  /** The split of a shard's run ({@code --shard}), empty in a whole run. */
  Optional<ShardPlan> shards() {
    return shards;
  }

  @Override
  public TestPlanIndex share(SuiteSpec suite, TestPlanIndex plan) {
    // The split weighs the whole plan's units; this shard then orders its own by the same history.
    return shards.map(s -> s.shareOf(suite.id(), plan, cost(suite, plan))).orElse(plan);
  }

  @Override
  public Scheduler create(SuiteSpec suite, TestPlanIndex plan) {
    HistoryCost cost = cost(suite, plan);
    return config.replay().isPresent()
        ? replayScheduler(config.replay().get(), suite, plan)
        : config
            .distribution()
            .scheduler(
                plan,
                cost,
                workers,
                // Only where costs are seconds (a history, Surefire reports): packed by test
                // counts, a cold run of a skewed suite (bench/scheduling.sh) put long classes
                // together, 1.55-1.62 x the bound against 1.25 unpacked.
                config.pack() && cost.known() ? Packing.of(true) : Packing.NONE);
  }

  /**
   * The unit costs in seconds of a plan a scheduler was {@link #create}d for (the session's
   * estimate asks after that), empty when nothing of it is known.
   */
  Optional<UnitCost> estimates(TestPlanIndex plan) {
    return Optional.ofNullable(costs.get(plan)).flatMap(HistoryCost::estimates);
  }

  /** The costs of {@code suite}'s {@code plan}: its history, else its Surefire reports. */
  private HistoryCost cost(SuiteSpec suite, TestPlanIndex plan) {
    return costs.computeIfAbsent(
        plan,
        p -> new HistoryCost(history, surefire.getOrDefault(suite.id(), SurefireTimes.none()), p));
  }

  /**
   * What {@code record} ran of {@code suite}, slot by slot, as units of its agreed {@code plan}.
   *
   * @throws IllegalArgumentException naming the report and the tests the plan does not have
   */
  private static ReplayScheduler replayScheduler(
      ReplayRecord record, SuiteSpec suite, TestPlanIndex plan) {
    Map<String, List<WorkUnit>> units = new LinkedHashMap<>();
    try {
      record
          .unitsOf(suite.id())
          .forEach((slot, ids) -> units.put(slot, ids.stream().map(plan::unitOf).toList()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot replay "
              + record.file()
              + ": "
              + e.getMessage()
              + "; the tests changed since, so run without --replay",
          e);
    }
    return new ReplayScheduler(units);
  }
}
