package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic units for scheduler tests: unit {@code i} selects plan node {@code i} and has a true
 * duration; its test count is what {@link UnitCost#byTestCount()} sees.
 */
final class Units {

  /** The class durations of {@link #skewedFixture}, in name order. */
  static final double[] SKEWED_FIXTURE = {
    0.1, 0.1, 0.2, 0.2, 0.3, 0.3, 0.4, 0.4, 0.5, 0.5, 0.6, 0.6, 0.7, 0.7, 0.8, 0.8, 0.9, 1.0, 1.0,
    1.1, 1.2, 1.2, 1.5, 2, 2, 3, 3, 4, 5, 6
  };

  final List<WorkUnit> units = new ArrayList<>();
  private final Map<Integer, Double> seconds = new HashMap<>();

  /** Units with these durations, one test each. */
  static Units ofSeconds(double... durations) {
    Units u = new Units();
    for (double d : durations) {
      u.add(d, 1);
    }
    return u;
  }

  /**
   * The skewed fixture of the end-to-end tests and the benchmark ({@code
   * deploy/src/it/fixtures/skewed}): 30 classes of 0.1 to 6 s, 40.1 s in all, longest last in plan
   * order; each of {@code testsPerClass} tests.
   */
  static Units skewedFixture(int testsPerClass) {
    Units u = new Units();
    for (double d : SKEWED_FIXTURE) {
      u.add(d, testsPerClass);
    }
    return u;
  }

  /** {@code count} units of random durations (0.1 to 20 s, skewed) and test counts (1 to 30). */
  static Units random(long seed, int count) {
    Random r = new Random(seed);
    Units u = new Units();
    for (int i = 0; i < count; i++) {
      u.add(0.1 + 20 * Math.pow(r.nextDouble(), 3), 1 + r.nextInt(30));
    }
    return u;
  }

  Units add(double durationS, int tests) {
    int id = units.size();
    units.add(new WorkUnit(id, "C" + id, List.of(id), tests));
    seconds.put(id, durationS);
    return this;
  }

  /** The true duration of any unit over these nodes: the sum over its nodes. */
  double truth(WorkUnit unit) {
    return unit.nodeIndices().stream().mapToDouble(seconds::get).sum();
  }

  /** A cost that knows the true durations (perfect history). */
  UnitCost trueCost() {
    return this::truth;
  }

  double total() {
    return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  double longest() {
    return seconds.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  /** The plan nodes of all units, each once, in order. */
  List<Integer> nodes() {
    return units.stream().flatMap(u -> u.nodeIndices().stream()).toList();
  }

  static List<Integer> ids(List<WorkUnit> units) {
    return units.stream().map(WorkUnit::unitId).toList();
  }
}
