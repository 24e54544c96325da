package dev.jxdist.coordinator.shard;

import static dev.jxdist.coordinator.plan.PlanFixture.classId;
import static dev.jxdist.coordinator.plan.PlanFixture.methodId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.model.TestNode;
import dev.jxdist.coordinator.config.Shard;
import dev.jxdist.coordinator.config.UsageException;
import dev.jxdist.coordinator.history.DurationHistory;
import dev.jxdist.coordinator.history.HistoryCost;
import dev.jxdist.coordinator.history.SurefireTimes;
import dev.jxdist.coordinator.plan.PlanFixture;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.report.ShardSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardSplitTest {

  @TempDir Path dir;

  /**
   * Skewed class times, as a real suite has them: a few slow integration classes, a long tail of
   * fast unit tests (seconds of 24 classes).
   */
  static final double[] SKEWED = {
    31.0, 17.5, 12.0, 9.0, 6.5, 5.0, 4.2, 3.3, 2.8, 2.1, 1.7, 1.4, 1.1, 0.9, 0.8, 0.6, 0.5, 0.4,
    0.3, 0.3, 0.2, 0.2, 0.1, 0.1
  };

  @Test
  void parsesShardsAndRefusesWhatIsNotOne() {
    assertThat(Shard.parse("2/3")).isEqualTo(new Shard(2, 3));
    assertThat(Shard.parse("1/1")).isEqualTo(new Shard(1, 1));
    for (String bad : List.of("0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/2/3", "")) {
      assertThatThrownBy(() -> Shard.parse(bad))
          .as(bad)
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("--shard " + bad + ": give I/N");
    }
  }

  @Test
  void withoutHistoryEveryUnitIsInExactlyOneShardRoundRobinByUniqueId() {
    List<ShardSplit.Unit> units = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      units.add(new ShardSplit.Unit("u" + i, Optional.empty()));
    }
    Map<String, Integer> dealt = ShardSplit.deal("m", units, false, 3);
    assertThat(dealt.keySet()).containsExactlyElementsOf(ids(units));
    Map<Integer, Integer> sizes = new HashMap<>();
    dealt.values().forEach(s -> sizes.merge(s, 1, Integer::sum));
    assertThat(sizes.keySet()).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(sizes.values()).containsExactlyInAnyOrder(4, 3, 3);
    // The order the units come in does not matter: every shard computes the same split.
    List<ShardSplit.Unit> shuffled = new ArrayList<>(units);
    Collections.reverse(shuffled);
    assertThat(ShardSplit.deal("m", shuffled, false, 3)).isEqualTo(dealt);
  }

  @Test
  void withHistoryTheShardsAreBalancedWithinTenPercentOnSkewedTimes() {
    List<ShardSplit.Unit> units = new ArrayList<>();
    for (int i = 0; i < SKEWED.length; i++) {
      units.add(new ShardSplit.Unit(String.format("c%02d", i), Optional.of(SKEWED[i])));
    }
    // Up to 3: with 4 the slowest class alone (31 s) is over a quarter of the 101 s.
    for (int count : new int[] {2, 3}) {
      Map<String, Integer> dealt = ShardSplit.deal("m", units, true, count);
      double[] load = new double[count];
      for (ShardSplit.Unit u : units) {
        load[dealt.get(u.id()) - 1] += u.seconds().orElseThrow();
      }
      double total = 0;
      double max = 0;
      for (double l : load) {
        total += l;
        max = Math.max(max, l);
      }
      // The longest shard sets the pipeline's wall time: within 10% of a perfect split.
      assertThat(max / (total / count))
          .as("%d shards: %s", count, java.util.Arrays.toString(load))
          .isLessThan(1.10);
      List<ShardSplit.Unit> shuffled = new ArrayList<>(units);
      Collections.shuffle(shuffled, new java.util.Random(count));
      assertThat(new HashMap<>(ShardSplit.deal("m", shuffled, true, count)))
          .isEqualTo(new HashMap<>(dealt));
    }
  }

  @Test
  void equalTimesAreDealtByUniqueIdTheSameWayEverywhere() {
    List<ShardSplit.Unit> units = new ArrayList<>();
    for (String id : List.of("d", "b", "a", "c")) {
      units.add(new ShardSplit.Unit(id, Optional.of(1.0)));
    }
    Map<String, Integer> dealt = ShardSplit.deal("", units, true, 2);
    // "".hashCode() is 0: no offset. a, b to bins 1, 2; c, d again.
    assertThat(dealt).containsEntry("a", 1).containsEntry("b", 2);
    assertThat(dealt).containsEntry("c", 1).containsEntry("d", 2);
  }

  @Test
  void modulesStartTheirDealAtDifferentShards() {
    Set<Integer> firsts = new HashSet<>();
    for (String module : List.of("core", "api", "web", "cli", "db", "batch")) {
      // One unit a module: without the offset every module would put it on shard 1.
      firsts.add(
          ShardSplit.deal(module, List.of(new ShardSplit.Unit("x", Optional.empty())), false, 3)
              .get("x"));
    }
    assertThat(firsts).hasSizeGreaterThan(1);
  }

  @Test
  void theSharesOfAPlanHoldEveryTestOnceAndAgreeOnTheFingerprints() {
    TestPlanIndex plan = plan();
    HistoryCost none =
        new HistoryCost(DurationHistory.load(dir.resolve("none.json")), SurefireTimes.none(), plan);
    List<ShardSection> sections = new ArrayList<>();
    Set<String> tests = new HashSet<>();
    Set<String> units = new HashSet<>();
    for (int i = 1; i <= 3; i++) {
      ShardPlan shards = new ShardPlan(new Shard(i, 3));
      TestPlanIndex share = shards.shareOf("m", TestPlanIndex.of(plan.planNodes()), none);
      assertThat(share.hash()).isEqualTo(plan.hash());
      for (TestNode t : share.planTests()) {
        assertThat(tests.add(t.uniqueId())).as("%s twice", t.uniqueId()).isTrue();
      }
      for (WorkUnit u : share.unitsByTopLevelClass()) {
        assertThat(units.add(share.uniqueIds(u).get(0))).isTrue();
        // The share's cuts stay in the share.
        assertThat(share.children(PlanFixture.ENGINE)).contains(share.uniqueIds(u).get(0));
      }
      for (List<WorkUnit> cls : share.unitsByTest()) {
        assertThat(cls).allMatch(u -> !share.isElsewhere(share.uniqueIds(u).get(0)));
      }
      sections.add(shards.section());
    }
    assertThat(tests)
        .containsExactlyInAnyOrderElementsOf(
            plan.planTests().stream().map(TestNode::uniqueId).toList());
    assertThat(units).hasSize(plan.unitsByTopLevelClass().size());
    assertThat(sections).extracting(ShardSection::plan).containsOnly(sections.get(0).plan());
    assertThat(sections).extracting(ShardSection::split).containsOnly(sections.get(0).split());
    assertThat(sections).extracting(ShardSection::by).containsOnly(ShardSection.BY_UNIQUE_ID);
    assertThat(sections.stream().mapToInt(ShardSection::plannedTests).sum())
        .isEqualTo(tests.size());
    assertThat(sections.stream().mapToInt(s -> s.units().size()).sum()).isEqualTo(5);
    assertThat(sections).extracting(ShardSection::unitsTotal).containsOnly(5);
  }

  @Test
  void aSplitByTheHistoryHasAnotherFingerprintThanOneWithout() {
    TestPlanIndex plan = plan();
    DurationHistory history = DurationHistory.load(dir.resolve("durations.json"));
    Map<String, Double> measured = new LinkedHashMap<>();
    measured.put(classId("a.A"), 9.0);
    measured.put(classId("a.B"), 1.0);
    history.record(measured);
    ShardPlan timed = new ShardPlan(new Shard(1, 2));
    timed.shareOf("m", plan, new HistoryCost(history, SurefireTimes.none(), plan));
    ShardPlan plain = new ShardPlan(new Shard(1, 2));
    plain.shareOf(
        "m",
        plan,
        new HistoryCost(
            DurationHistory.load(dir.resolve("none.json")), SurefireTimes.none(), plan));
    assertThat(timed.section().by()).isEqualTo(ShardSection.BY_DURATIONS);
    assertThat(timed.section().plan()).isEqualTo(plain.section().plan());
    assertThat(timed.section().split()).isNotEqualTo(plain.section().split());
  }

  @Test
  void moreShardsThanUnitsLeaveSomeEmptyAndSaySo() {
    TestPlanIndex plan = plan();
    HistoryCost none =
        new HistoryCost(DurationHistory.load(dir.resolve("none.json")), SurefireTimes.none(), plan);
    int empty = 0;
    for (int i = 1; i <= 7; i++) {
      ShardPlan shards = new ShardPlan(new Shard(i, 7));
      TestPlanIndex share = shards.shareOf("m", plan, none);
      if (shards.emptyShare()) {
        empty++;
        assertThat(share.planTests()).isEmpty();
        assertThat(share.unitsByTopLevelClass()).isEmpty();
        assertThat(share.children(PlanFixture.ENGINE)).isEmpty();
      }
    }
    assertThat(empty).isEqualTo(2);
  }

  @Test
  void aShareNamesOnlyTopLevelNodes() {
    TestPlanIndex plan = plan();
    assertThatThrownBy(() -> plan.shareOf(Set.of(methodId("a.A", "a1"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a top-level node");
  }

  /** Five classes of 1, 4, 2, 3 and 1 tests. */
  static TestPlanIndex plan() {
    return new PlanFixture()
        .cls("a.A", "a1")
        .cls("a.B", "b1", "b2", "b3", "b4")
        .cls("a.C", "c1", "c2")
        .cls("a.D", "d1", "d2", "d3")
        .cls("a.E", "e1")
        .index();
  }

  private static List<String> ids(List<ShardSplit.Unit> units) {
    return units.stream().map(ShardSplit.Unit::id).toList();
  }
}
