package dev.jxdist.coordinator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The start of a run, simulated for every {@code --dist} strategy, with workers that ask in every
 * order (every permutation up to 6 workers, random orders of up to 48), in three ways: all ready at
 * the collection point, then asked one after another (what the session does); each asked as it
 * becomes ready, all at once; and each becoming ready 0.3 s after the one before (start-up skew).
 * In every one of them no worker is sent a second unit while another ready worker has none; with
 * true costs (history) the first wave is the longest units, one per worker; and the skewed fixture
 * ends within 5% of its lower bound, or of the bound that the workers' start-up skew leaves.
 */
class StartupTest {

  /** How the workers become ready. */
  enum Start {
    COLLECTED,
    ONE_BY_ONE,
    STAGGERED
  }

  /** Seconds between two workers becoming ready, in {@link Start#STAGGERED}. */
  static final double SKEW = 0.3;

  @Test
  void everyOrderOfUpToSixWorkersOnTheSkewedFixture() {
    for (Distribution d : Distribution.values()) {
      Units u = cut(d, Units.SKEWED_FIXTURE);
      double worst = 0;
      for (int n = 1; n <= 6; n++) {
        for (List<String> order : permutations(workers(n))) {
          for (Start start : Start.values()) {
            worst = Math.max(worst, check(d, u, order, start));
          }
        }
      }
      System.out.printf(
          "%s, every order of 1 to 6 workers: worst makespan %.3f x its bound%n",
          d.cliName(), worst);
    }
  }

  @Test
  void randomOrdersOfUpToFortyEightWorkersOnRandomSuites() {
    Random r = new Random(12);
    for (Distribution d : Distribution.values()) {
      double worst = 0;
      for (int n : new int[] {8, 12, 24, 48}) {
        for (int round = 0; round < 5; round++) {
          // Each runs every class on every worker: fewer classes keep its runs short.
          double[] classes = new double[(d == Distribution.EACH ? 1 : 10) * n];
          for (int i = 0; i < classes.length; i++) {
            classes[i] = 0.1 + 20 * Math.pow(r.nextDouble(), 3);
          }
          List<String> order = workers(n);
          Collections.shuffle(order, r);
          for (Start start : Start.values()) {
            worst = Math.max(worst, check(d, cut(d, classes), order, start));
          }
        }
      }
      System.out.printf(
          "%s, random orders of 8 to 48 workers: worst makespan %.3f x its bound%n",
          d.cliName(), worst);
    }
  }

  /**
   * Runs {@code u} under {@code d} with the workers of {@code order} (all expected), checks the
   * start-up, and returns the makespan as a multiple of its bound.
   */
  static double check(Distribution d, Units u, List<String> order, Start start) {
    int n = order.size();
    String run = d.cliName() + " " + start + " " + order;
    Simulation sim = new Simulation(scheduler(d, u, n), u::truth);
    List<Double> releases = new ArrayList<>();
    switch (start) {
      case COLLECTED -> sim.collect(order.toArray(String[]::new));
      case ONE_BY_ONE -> sim.ready(order.toArray(String[]::new));
      case STAGGERED -> {
        for (int i = 0; i < n; i++) {
          sim.runUntil(i * SKEW).ready(order.get(i));
          releases.add(i * SKEW);
        }
      }
    }
    double makespan = sim.runToEnd();

    sim.assertFinished();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < (d == Distribution.EACH ? n : 1); i++) {
      expected.addAll(u.nodes());
    }
    List<Integer> done = new ArrayList<>(sim.nodesDone());
    Collections.sort(expected);
    Collections.sort(done);
    assertThat(done).as("%s: every unit once (each: once per worker)", run).isEqualTo(expected);
    assertThat(sim.maxHeld()).as(run).isLessThanOrEqualTo(Prefetch.DEPTH);
    if (d == Distribution.EACH) {
      // Every worker has its own list: no one else could take its units.
      return 1;
    }
    assertThat(sim.queuedWhileAnotherWaited())
        .as("%s: units queued while another worker had none", run)
        .isEmpty();
    if (start == Start.COLLECTED && d != Distribution.LOAD) {
      List<Double> firstWave =
          sim.sent().stream()
              .filter(s -> s.at() == 0)
              .collect(
                  java.util.stream.Collectors.toMap(
                      Simulation.Sent::worker, s -> u.truth(s.unit()), (a, b) -> a))
              .values()
              .stream()
              .sorted(Comparator.reverseOrder())
              .toList();
      List<Double> longest =
          u.units.stream().map(u::truth).sorted(Comparator.reverseOrder()).limit(n).toList();
      assertThat(firstWave).as("%s: the first wave", run).isEqualTo(longest);
    }
    double bound = bound(u, releases, n);
    assertThat(makespan)
        .as("%s: makespan vs bound %.2f", run, bound)
        .isLessThanOrEqualTo(1.05 * bound);
    return makespan / bound;
  }

  /**
   * max(longest unit, (total + the time workers were not there yet) / workers): no strategy can do
   * better (load cuts classes into single tests, so its units are tests).
   */
  static double bound(Units u, List<Double> releases, int n) {
    double late = releases.stream().mapToDouble(Double::doubleValue).sum();
    return Math.max(u.longest(), (u.total() + late) / n);
  }

  /** The suite as {@code d} cuts it: single tests (two a class) for load, else whole classes. */
  static Units cut(Distribution d, double[] classSeconds) {
    Units u = new Units();
    for (double s : classSeconds) {
      if (d == Distribution.LOAD) {
        u.add(s / 2, 1).add(s / 2, 1);
      } else {
        u.add(s, 2);
      }
    }
    return u;
  }

  /** The scheduler of {@code d} for {@code u} on {@code n} expected workers, with true costs. */
  static Scheduler scheduler(Distribution d, Units u, int n) {
    UnitCost cost = u.trueCost();
    return switch (d) {
      case LOADCLASS -> new LoadClassScheduler(u.units, cost, n);
      case LOADGROUP -> new LoadGroupScheduler(u.units, cost, n);
      case WORKSTEAL -> new WorkStealScheduler(u.units, cost, n);
      case EACH -> new EachScheduler(u.units, cost);
      case LOAD -> {
        List<List<WorkUnit>> classes = new ArrayList<>();
        for (int i = 0; i < u.units.size(); i += 2) {
          classes.add(u.units.subList(i, i + 2));
        }
        yield new LoadScheduler(classes, cost, n);
      }
    };
  }

  static List<String> workers(int n) {
    return new ArrayList<>(IntStream.rangeClosed(1, n).mapToObj(i -> "w" + i).toList());
  }

  static List<List<String>> permutations(List<String> items) {
    if (items.size() <= 1) {
      return List.of(items);
    }
    List<List<String>> out = new ArrayList<>();
    for (String first : items) {
      List<String> rest = new ArrayList<>(items);
      rest.remove(first);
      for (List<String> tail : permutations(rest)) {
        List<String> p = new ArrayList<>();
        p.add(first);
        p.addAll(tail);
        out.add(p);
      }
    }
    return out;
  }
}
