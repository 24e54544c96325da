package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Whether and how {@code loadclass} packs short classes into one unit: the classes of a pack are
 * selected together and run in one launcher call on the worker, and each of their tests still has a
 * result of its own. A launcher call costs a worker about 10 ms of CPU time besides its tests (the
 * engine's discovery of the class, the execution request, the events and the round trip): next to a
 * class of a few milliseconds' tests, that is most of the work (bench/README.md).
 *
 * <p>A pack is cut as {@code load} cuts its chunks, by guided self-scheduling: while the longest
 * waiting unit is short, the units after it (the next longest) join it as long as the pack's
 * estimate stays within a worker's share of what is waiting, {@code pending cost / (}{@value
 * #SHARES}{@code * workers)}. Early in a run a pack is large; as the work runs out the packs shrink
 * to single classes, so the tail stays fine-grained. A unit is short when it fits in that limit
 * together with the next one: short is relative to the run (a class of trivial tests takes 20 ms on
 * an idle machine and 0.2 s on one loaded twenty times over; an absolute bound packed nothing
 * there). With a history (costs in seconds) a pack is never longer than {@link #maxPackSeconds}, so
 * a class that hangs holds up little; without one (costs are test counts) the share alone bounds
 * it.
 *
 * <p>Never in a run that must not run two classes in one launcher call: {@code --fresh-jvm} (a JVM
 * per class), {@code --unit-timeout} (it limits a class, and the classes of a pack would share
 * one), {@code --no-pack}; and never outside {@code loadclass}: {@code each}, {@code loadgroup},
 * {@code worksteal} and replays keep their own units, {@code load} chunks within a class.
 *
 * @param enabled whether to pack at all
 * @param maxPackSeconds the longest estimate a pack may have (infinite without a history)
 */
public record Packing(boolean enabled, double maxPackSeconds) {

  /** How many shares per worker a pack's limit divides the waiting work into. */
  static final int SHARES = 4;

  /** No packing: every unit is sent alone. */
  public static final Packing NONE = new Packing(false, 0);

  /** The longest estimate a pack may have, in seconds, when the history gives one. */
  static final double MAX_PACK_SECONDS = 1.0;

  /**
   * The packing of a run whose costs are {@code seconds} (from a history) or test counts (none).
   */
  public static Packing of(boolean seconds) {
    return seconds
        ? new Packing(true, MAX_PACK_SECONDS)
        : new Packing(true, Double.POSITIVE_INFINITY);
  }

  /** The most a pack may cost when {@code pendingCost} waits for {@code workers}. */
  double limit(double pendingCost, int workers) {
    return Math.min(maxPackSeconds, pendingCost / (SHARES * Math.max(1, workers)));
  }

  /**
   * Whether a pack whose estimate is {@code cost} so far takes a unit of estimate {@code next},
   * within {@code limit}. Never when packing is off, even for units whose estimate is 0 (classes
   * whose every test is disabled, by their Surefire reports): {@code --fresh-jvm} and {@code
   * --unit-timeout} hold for each class.
   */
  boolean takes(double cost, double next, double limit) {
    return enabled && cost + next <= limit;
  }

  /**
   * One unit for a pack: its first unit's id (the units of a pack are disjoint, so no other held
   * unit has it), the nodes of all of them, in order, and a label naming the first and how many
   * more.
   */
  static WorkUnit merge(List<WorkUnit> pack) {
    WorkUnit first = pack.get(0);
    if (pack.size() == 1) {
      return first;
    }
    List<Integer> nodes = new ArrayList<>();
    LinkedHashSet<Integer> seen = new LinkedHashSet<>();
    int tests = 0;
    for (WorkUnit u : pack) {
      for (int n : u.nodeIndices()) {
        if (seen.add(n)) {
          nodes.add(n);
        }
      }
      tests += u.testCount();
    }
    return new WorkUnit(
        first.unitId(), first.label() + " and " + (pack.size() - 1) + " more", nodes, tests);
  }
}
