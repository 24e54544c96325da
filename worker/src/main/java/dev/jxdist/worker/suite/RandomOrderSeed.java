package dev.jxdist.worker.suite;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One seed for Jupiter's random orderings ({@code MethodOrderer.Random}, {@code
 * ClassOrderer.Random}) in every worker of a run. Left alone, JUnit picks a seed per JVM, so every
 * worker would discover the suite in another order and the run would refuse their plans; a suite
 * that sets the seed itself (with the request, a system property or its {@code
 * junit-platform.properties}) keeps it. The run's seed is its id read as a number: another run,
 * another order, as JUnit's own default gives.
 */
public final class RandomOrderSeed {

  /** Jupiter's configuration parameter for the seed. */
  public static final String KEY = "junit.jupiter.execution.order.random.seed";

  private RandomOrderSeed() {}

  /**
   * {@code given} with {@link #KEY} set to the seed of the run {@code runId} when the suite sets no
   * seed anywhere; {@code given} itself otherwise, or when there is no run id.
   */
  public static Map<String, String> withRunSeed(
      Map<String, String> given, ClassLoader loader, String runId) {
    if (runId == null
        || runId.isEmpty()
        || !LauncherConfiguration.lookUp(loader, given, List.of(KEY)).isEmpty()) {
      return given;
    }
    Map<String, String> out = new HashMap<>(given);
    out.put(KEY, Long.toString(of(runId)));
    return Map.copyOf(out);
  }

  /** The seed of the run {@code runId}: its hexadecimal digits as a number, else its hash. */
  static long of(String runId) {
    try {
      return Long.parseUnsignedLong(runId, 16);
    } catch (NumberFormatException e) {
      return runId.hashCode();
    }
  }
}
