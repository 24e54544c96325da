package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.TestPlanIndex;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The distribution strategies a user chooses with {@code --dist}, and the one place that builds
 * each one's scheduler for an agreed plan. Replay ({@code --replay}) is not among them: the session
 * builds a {@link ReplayScheduler} from a report.
 */
public enum Distribution {
  /** Whole top-level classes on demand: {@link LoadClassScheduler}. The default. */
  LOADCLASS,
  /** Single tests, whole classes where they must stay whole: {@link LoadScheduler}. */
  LOAD,
  /** Tagged groups on one worker each, the rest as loadclass: {@link LoadGroupScheduler}. */
  LOADGROUP,
  /** Classes split evenly up front, idle workers steal: {@link WorkStealScheduler}. */
  WORKSTEAL,
  /** Every worker runs every class: {@link EachScheduler}. */
  EACH;

  /** The name on the command line: {@code loadclass}, {@code load}, ... */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The strategy named {@code cliName}.
   *
   * @throws IllegalArgumentException naming the valid names, if there is no such strategy
   */
  public static Distribution fromCliName(String cliName) {
    for (Distribution d : values()) {
      if (d.cliName().equals(cliName)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "--dist " + cliName + " is not a distribution; use one of " + names());
  }

  /** The valid names, comma separated. */
  public static String names() {
    return Arrays.stream(values()).map(Distribution::cliName).collect(Collectors.joining(", "));
  }

  /**
   * A new scheduler of this strategy for {@code plan}.
   *
   * @param cost the estimate that orders the work (history, or {@link UnitCost#byTestCount()})
   * @param expectedWorkers how many workers the run expects: worksteal cuts one share each, and no
   *     worker takes more than its share while the others are still starting
   */
  public Scheduler scheduler(TestPlanIndex plan, UnitCost cost, int expectedWorkers) {
    return scheduler(plan, cost, expectedWorkers, Packing.NONE);
  }

  /**
   * A new scheduler of this strategy for {@code plan}, that packs short classes as {@code packing}
   * says where the strategy allows it ({@code loadclass} only: see {@link Packing}).
   */
  public Scheduler scheduler(
      TestPlanIndex plan, UnitCost cost, int expectedWorkers, Packing packing) {
    switch (this) {
      case LOADCLASS:
        return LoadClassScheduler.of(plan, cost, expectedWorkers, packing);
      case LOAD:
        return LoadScheduler.of(plan, cost, expectedWorkers);
      case LOADGROUP:
        return LoadGroupScheduler.of(plan, cost, expectedWorkers);
      case WORKSTEAL:
        return WorkStealScheduler.of(plan, cost, expectedWorkers);
      case EACH:
        return EachScheduler.of(plan, cost);
      default:
        throw new IllegalStateException("no scheduler for " + this);
    }
  }
}
