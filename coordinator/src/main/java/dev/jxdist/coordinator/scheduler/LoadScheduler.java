package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --dist load}: single tests, except classes that must stay whole (one unit each), handed
 * out on demand; the tests of one class that go to one worker together run in one launcher call.
 *
 * <p>When a worker asks, the class with the most estimated work left comes first; from it the
 * worker gets a chunk of consecutive tests in plan order, merged into one {@link WorkUnit} (the
 * nodes of all of them, numbered by its first test's id: the tests waiting and those in chunks are
 * disjoint, so no two held units share it). A chunk never mixes classes and is as large as fits in
 * the worker's share of what is left, {@code pending cost / (2 * workers)} (at least one test):
 * guided self-scheduling. Early in a run a chunk is a whole class, so {@code @BeforeAll} runs about
 * once per worker and class, as in {@code loadclass}; as the work runs out, the chunks shrink to
 * single tests, so the tail is fine-grained and no worker is left with a long chunk while the
 * others idle. The {@link Prefetch} rule applies to chunks.
 */
final class LoadScheduler implements Scheduler {

  /** The tests of one class still waiting, in plan order, with their cost together. */
  private static final class ClassQueue {
    final int order;
    final Deque<Item> items = new ArrayDeque<>();
    double cost;

    ClassQueue(int order) {
      this.order = order;
    }
  }

  /** A waiting test (or a whole class), its estimate and the class queue it belongs to. */
  private record Item(WorkUnit unit, double cost, ClassQueue from) {}

  private final UnitCost cost;
  private final List<ClassQueue> classes = new ArrayList<>();
  private final Map<Integer, List<Item>> chunks = new HashMap<>();
  private final Holdings holdings = new Holdings();
  private final int expectedWorkers;
  private int pendingItems;
  private double pendingCost;

  /**
   * @param classes one list per class, its tests in plan order (a class that must stay whole is one
   *     unit alone in its list): {@link TestPlanIndex#unitsByTest()}
   * @param expectedWorkers how many workers the run expects (see {@link Prefetch})
   */
  public LoadScheduler(List<List<WorkUnit>> classes, UnitCost cost, int expectedWorkers) {
    this.cost = cost;
    this.expectedWorkers = expectedWorkers;
    for (List<WorkUnit> tests : classes) {
      if (tests.isEmpty()) {
        continue;
      }
      ClassQueue q = new ClassQueue(tests.get(0).unitId());
      tests.forEach(u -> enqueueLast(new Item(u, cost.seconds(u), q)));
      this.classes.add(q);
    }
  }

  /** Schedules the tests of {@code plan}. */
  public static LoadScheduler of(TestPlanIndex plan, UnitCost cost, int expectedWorkers) {
    return new LoadScheduler(plan.unitsByTest(), cost, expectedWorkers);
  }

  @Override
  public void workerReady(String worker) {
    holdings.join(worker);
  }

  @Override
  public List<WorkUnit> assign(String worker, int max) {
    if (!holdings.isReady(worker)) {
      return List.of();
    }
    List<WorkUnit> out = new ArrayList<>();
    int workers = Prefetch.workers(holdings.readyWorkers(), expectedWorkers);
    while (out.size() < max && pendingItems > 0) {
      ClassQueue head = heaviest();
      int size = chunkSize(head, pendingCost / (Prefetch.DEPTH * workers));
      double chunkCost = head.items.stream().limit(size).mapToDouble(Item::cost).sum();
      if (!Prefetch.mayTakeAnother(
          holdings, worker, chunkCost, pendingItems, pendingCost, expectedWorkers)) {
        break;
      }
      List<Item> chunk = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        Item item = head.items.pollFirst();
        chunk.add(item);
        head.cost -= item.cost();
        pendingCost -= item.cost();
        pendingItems--;
      }
      if (head.items.isEmpty()) {
        classes.remove(head);
      }
      WorkUnit unit = merge(chunk);
      chunks.put(unit.unitId(), chunk);
      holdings.hold(worker, unit, chunkCost);
      out.add(unit);
    }
    return out;
  }

  /** How many of {@code head}'s first tests make a chunk: as many as fit in {@code share}, >= 1. */
  private static int chunkSize(ClassQueue head, double share) {
    int size = 0;
    double cost = 0;
    for (Item item : head.items) {
      if (size > 0 && cost + item.cost() > share) {
        break;
      }
      cost += item.cost();
      size++;
    }
    return size;
  }

  @Override
  public void unitDone(String worker, int unitId) {
    holdings.release(worker, unitId);
    chunks.remove(unitId);
  }

  @Override
  public LostWork workerLost(String worker, int startedUnitId) {
    List<Holdings.Held> back = holdings.leave(worker, startedUnitId);
    chunks.remove(startedUnitId);
    for (Holdings.Held h : back) {
      List<Item> items = chunks.remove(h.unit().unitId());
      for (int i = items.size() - 1; i >= 0; i--) {
        Item item = items.get(i);
        if (item.from().items.isEmpty()) {
          classes.add(item.from());
        }
        item.from().items.addFirst(item);
        count(item);
      }
    }
    return new LostWork(Holdings.units(back), List.of());
  }

  /** The unit goes back whole, as a class of its own (it may be the rest of a whole class). */
  @Override
  public boolean requeue(WorkUnit unit) {
    ClassQueue q = new ClassQueue(unit.unitId());
    enqueueLast(new Item(unit, cost.seconds(unit), q));
    classes.add(q);
    return true;
  }

  /** Tests (and whole classes) not yet sent: chunks are cut when sent. */
  @Override
  public int pendingUnits() {
    return pendingItems;
  }

  @Override
  public boolean isFinished() {
    return pendingItems == 0 && holdings.nothingHeld();
  }

  /** Returns the waiting tests and whole classes, each as its own unit. */
  @Override
  public List<WorkUnit> drainPending() {
    List<WorkUnit> out = new ArrayList<>();
    for (ClassQueue q : classes) {
      q.items.forEach(i -> out.add(i.unit()));
      q.items.clear();
      q.cost = 0;
    }
    classes.clear();
    pendingItems = 0;
    pendingCost = 0;
    return out;
  }

  private void enqueueLast(Item item) {
    item.from().items.addLast(item);
    count(item);
  }

  private void count(Item item) {
    item.from().cost += item.cost();
    pendingCost += item.cost();
    pendingItems++;
  }

  /** The class with the most estimated work waiting; the earlier in the plan among equals. */
  private ClassQueue heaviest() {
    ClassQueue best = null;
    for (ClassQueue q : classes) {
      if (best == null || q.cost > best.cost || (q.cost == best.cost && q.order < best.order)) {
        best = q;
      }
    }
    return best;
  }

  /** One unit for a chunk: the item itself, or its tests' nodes under the first test's id. */
  private static WorkUnit merge(List<Item> chunk) {
    WorkUnit first = chunk.get(0).unit();
    if (chunk.size() == 1) {
      return first;
    }
    List<Integer> nodes = new ArrayList<>();
    int tests = 0;
    for (Item item : chunk) {
      nodes.addAll(item.unit().nodeIndices());
      tests += item.unit().testCount();
    }
    return new WorkUnit(first.unitId(), first.label(), nodes, tests);
  }
}
