package dev.jxdist.coordinator.shard;

import dev.jxdist.coordinator.config.Shard;
import dev.jxdist.coordinator.history.HistoryCost;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.report.ShardSection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One shard's view of a split run ({@code --shard I/N}): as each suite's plan is agreed, it deals
 * the plan's top-level units to the shards ({@link ShardSplit}) and gives the session this shard's
 * share of the plan ({@link TestPlanIndex#shareOf}); at the end it is the report's {@link
 * ShardSection}. The split goes by time when the history knows any unit of the suite. Called from
 * the session thread, read after the session.
 */
public final class ShardPlan {

  /** What was dealt for one suite. */
  private record Dealt(String planHash, boolean byTime, Map<String, Integer> shards, int tests) {}

  private final Shard shard;
  private final TreeMap<String, Dealt> suites = new TreeMap<>();

  public ShardPlan(Shard shard) {
    this.shard = shard;
  }

  /** Which shard this is. */
  public Shard shard() {
    return shard;
  }

  /**
   * This shard's share of {@code suite}'s agreed {@code plan}.
   *
   * @param cost the history's times for the whole plan's units
   */
  public synchronized TestPlanIndex shareOf(String suite, TestPlanIndex plan, HistoryCost cost) {
    List<ShardSplit.Unit> units = new ArrayList<>();
    boolean byTime = cost.known();
    for (WorkUnit unit : plan.unitsByTopLevelClass()) {
      units.add(
          new ShardSplit.Unit(
              plan.uniqueIds(unit).get(0),
              byTime ? Optional.of(cost.seconds(unit)) : Optional.empty()));
    }
    Map<String, Integer> dealt = ShardSplit.deal(suite, units, byTime, shard.count());
    Set<String> kept = new HashSet<>();
    dealt.forEach(
        (id, s) -> {
          if (s == shard.index()) {
            kept.add(id);
          }
        });
    TestPlanIndex share = plan.shareOf(kept);
    suites.put(suite, new Dealt(plan.hash(), byTime, dealt, share.planTests().size()));
    return share;
  }

  /** True when the plans had units but none of them fell to this shard. */
  public synchronized boolean emptyShare() {
    return ownUnits().isEmpty() && unitsTotal() > 0;
  }

  /** How many units all shards have together. */
  public synchronized int unitsTotal() {
    return suites.values().stream().mapToInt(d -> d.shards().size()).sum();
  }

  /** The report's section for this shard. */
  public synchronized ShardSection section() {
    StringBuilder plans = new StringBuilder();
    StringBuilder split = new StringBuilder();
    boolean byTime = false;
    int tests = 0;
    for (Map.Entry<String, Dealt> e : suites.entrySet()) {
      Dealt d = e.getValue();
      plans.append(e.getKey()).append(' ').append(d.planHash()).append('\n');
      split.append(e.getKey()).append(d.byTime() ? " durations\n" : " unique id\n");
      new TreeMap<>(d.shards())
          .forEach(
              (id, s) ->
                  split
                      .append(e.getKey())
                      .append(' ')
                      .append(id)
                      .append(' ')
                      .append(s)
                      .append('\n'));
      byTime |= d.byTime();
      tests += d.tests();
    }
    return new ShardSection(
        shard.index(),
        shard.count(),
        sha256(plans.toString()),
        sha256(shard.count() + "\n" + split),
        byTime ? ShardSection.BY_DURATIONS : ShardSection.BY_UNIQUE_ID,
        ownUnits(),
        tests,
        unitsTotal());
  }

  private List<ShardSection.Unit> ownUnits() {
    List<ShardSection.Unit> out = new ArrayList<>();
    suites.forEach(
        (suite, d) ->
            d.shards()
                .forEach(
                    (id, s) -> {
                      if (s == shard.index()) {
                        out.add(new ShardSection.Unit(suite, id));
                      }
                    }));
    return out;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
