package dev.jxdist.coordinator.shard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one suite's units are dealt to N shards, the same way on every machine: each shard computes
 * the whole split from the same plan (and history) and keeps its own part.
 *
 * <p>With recorded times for the units, longest first (LPT): units by decreasing seconds, ties by
 * unique id, each to the bin with the least seconds so far, ties to the lowest bin. Without, round
 * robin over the units sorted by unique id. Bin {@code b} is shard {@code (b + offset) mod N + 1},
 * where the offset comes from the suite's id ({@link String#hashCode}, which the Java language
 * fixes): the modules of a build start their deal at different shards, so that a build of many
 * small modules is spread over the shards too instead of piling its first units onto shard 1. Pure.
 */
public final class ShardSplit {

  /** A unit to deal: its unique id (the first node it selects) and its recorded seconds, if any. */
  public record Unit(String id, Optional<Double> seconds) {}

  private ShardSplit() {}

  /**
   * The shard (1 to {@code count}) of each unit, by unit id, in the order of {@code units}.
   *
   * @param suite the suite's id, which sets where the deal starts
   * @param byTime deal by recorded seconds (a unit without them counts 0); else by unique id
   */
  public static Map<String, Integer> deal(
      String suite, List<Unit> units, boolean byTime, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    int offset = Math.floorMod(suite.hashCode(), count);
    List<Unit> order = new ArrayList<>(units);
    Map<String, Integer> bins = new LinkedHashMap<>();
    if (byTime) {
      order.sort(
          Comparator.comparingDouble((Unit u) -> -u.seconds().orElse(0.0)).thenComparing(Unit::id));
      double[] load = new double[count];
      for (Unit u : order) {
        int least = 0;
        for (int b = 1; b < count; b++) {
          if (load[b] < load[least]) {
            least = b;
          }
        }
        load[least] += u.seconds().orElse(0.0);
        bins.put(u.id(), least);
      }
    } else {
      order.sort(Comparator.comparing(Unit::id));
      for (int i = 0; i < order.size(); i++) {
        bins.put(order.get(i).id(), i % count);
      }
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Unit u : units) {
      out.put(u.id(), (bins.get(u.id()) + offset) % count + 1);
    }
    return out;
  }
}
