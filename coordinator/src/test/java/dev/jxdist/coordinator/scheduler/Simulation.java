package dev.jxdist.coordinator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Fake workers pulling from a scheduler by the session's rules, on a virtual clock: a worker that
 * becomes ready is assigned work (or, at a collection point, every worker becomes ready and then
 * each is assigned work in turn); it runs what it was sent in order, each unit taking its true
 * duration; after each unit it reports it done and is assigned more; after a worker is lost, the
 * rest of the unit it was running is requeued (whole, as if none of its tests had finished) and
 * every other worker is assigned work. Every send and every completion is recorded, and so is every
 * unit sent to a worker that already held one while another ready worker held none.
 */
final class Simulation {

  /** A unit sent to a worker at a time. */
  record Sent(String worker, WorkUnit unit, double at) {}

  /** A unit a worker finished, and when it started and ended. */
  record Done(String worker, WorkUnit unit, double start, double end) {}

  private final Scheduler scheduler;
  private final ToDoubleFunction<WorkUnit> truth;
  private final Map<String, Deque<WorkUnit>> queues = new LinkedHashMap<>();
  private final Map<String, Double> headStart = new LinkedHashMap<>();
  private final IdentityHashMap<WorkUnit, Double> durations = new IdentityHashMap<>();
  private final List<Sent> sent = new ArrayList<>();
  private final List<Done> done = new ArrayList<>();
  private final List<WorkUnit> requeued = new ArrayList<>();
  private final List<LostWork> lost = new ArrayList<>();
  private final Set<String> ready = new LinkedHashSet<>();
  private final List<Sent> queuedWhileAnotherWaited = new ArrayList<>();
  private double now;
  private int maxHeld;
  private int nextRestId = 1_000_000;

  /**
   * @param truth how long a unit really takes (for a unit of several plan nodes, whatever the test
   *     decides, e.g. the sum over its nodes)
   */
  Simulation(Scheduler scheduler, ToDoubleFunction<WorkUnit> truth) {
    this.scheduler = scheduler;
    this.truth = truth;
  }

  /** The workers become ready now, in this order, each assigned work as it does. */
  Simulation ready(String... workers) {
    for (String w : workers) {
      join(w);
      dispatch(w);
    }
    return this;
  }

  /**
   * The workers become ready now, all of them, and are then assigned work in this order: the
   * session's collection point, where the work starts once every worker has its plan.
   */
  Simulation collect(String... workers) {
    for (String w : workers) {
      join(w);
    }
    for (String w : workers) {
      dispatch(w);
    }
    return this;
  }

  /** Runs every completion up to {@code time}, then sets the clock there. */
  Simulation runUntil(double time) {
    while (true) {
      String next = nextToFinish();
      if (next == null || finishOf(next) > time) {
        break;
      }
      complete(next);
    }
    now = Math.max(now, time);
    return this;
  }

  /** Runs until no worker has anything left; returns the time the last unit finished. */
  double runToEnd() {
    for (String next = nextToFinish(); next != null; next = nextToFinish()) {
      complete(next);
    }
    return makespan();
  }

  /** {@code worker} crashes now, in the middle of the unit it runs (if any). */
  Simulation lose(String worker) {
    Deque<WorkUnit> q = queues.get(worker);
    WorkUnit running = q.peekFirst();
    lost.add(scheduler.workerLost(worker, running == null ? -1 : running.unitId()));
    ready.remove(worker);
    q.clear();
    if (running != null) {
      WorkUnit rest =
          new WorkUnit(nextRestId++, running.label(), running.nodeIndices(), running.testCount());
      if (scheduler.requeue(rest)) {
        requeued.add(rest);
      }
    }
    queues.keySet().stream().filter(w -> !w.equals(worker)).toList().forEach(this::dispatch);
    return this;
  }

  /** The time the last unit finished. */
  double makespan() {
    return done.stream().mapToDouble(Done::end).max().orElse(0);
  }

  List<Sent> sent() {
    return sent;
  }

  List<Done> done() {
    return done;
  }

  /** The units done by {@code worker}, in order. */
  List<WorkUnit> doneBy(String worker) {
    return done.stream().filter(d -> d.worker().equals(worker)).map(Done::unit).toList();
  }

  /** Rests of crashed units the scheduler took back. */
  List<WorkUnit> requeued() {
    return requeued;
  }

  List<LostWork> lost() {
    return lost;
  }

  /**
   * Units sent to a worker that already held one, while another ready worker held none and could
   * have taken them instead.
   */
  List<Sent> queuedWhileAnotherWaited() {
    return queuedWhileAnotherWaited;
  }

  /** The most units any worker held at once. */
  int maxHeld() {
    return maxHeld;
  }

  /** The plan nodes of every unit finished, in completion order (repeats kept). */
  List<Integer> nodesDone() {
    List<Integer> out = new ArrayList<>();
    done.forEach(d -> out.addAll(d.unit().nodeIndices()));
    return out;
  }

  /** Checks that the scheduler agrees everything is done. */
  void assertFinished() {
    assertThat(scheduler.isFinished()).as("scheduler finished").isTrue();
    assertThat(scheduler.pendingUnits()).isZero();
  }

  private void dispatch(String worker) {
    Deque<WorkUnit> q = queues.get(worker);
    List<WorkUnit> got = scheduler.assign(worker, Integer.MAX_VALUE);
    if (got.isEmpty()) {
      return;
    }
    if (q.isEmpty()) {
      headStart.put(worker, now);
    }
    for (WorkUnit u : got) {
      Sent send = new Sent(worker, u, now);
      if (!q.isEmpty()
          && ready.stream().anyMatch(w -> !w.equals(worker) && queues.get(w).isEmpty())) {
        queuedWhileAnotherWaited.add(send);
      }
      sent.add(send);
      q.addLast(u);
    }
    maxHeld = Math.max(maxHeld, q.size());
  }

  private void join(String worker) {
    queues.putIfAbsent(worker, new ArrayDeque<>());
    ready.add(worker);
    scheduler.workerReady(worker);
  }

  private void complete(String worker) {
    Deque<WorkUnit> q = queues.get(worker);
    WorkUnit u = q.pollFirst();
    double start = headStart.get(worker);
    now = start + duration(u);
    done.add(new Done(worker, u, start, now));
    headStart.put(worker, now);
    scheduler.unitDone(worker, u.unitId());
    dispatch(worker);
  }

  private String nextToFinish() {
    String best = null;
    for (Map.Entry<String, Deque<WorkUnit>> e : queues.entrySet()) {
      if (!e.getValue().isEmpty() && (best == null || finishOf(e.getKey()) < finishOf(best))) {
        best = e.getKey();
      }
    }
    return best;
  }

  private double finishOf(String worker) {
    return headStart.get(worker) + duration(queues.get(worker).peekFirst());
  }

  private double duration(WorkUnit unit) {
    return durations.computeIfAbsent(unit, truth::applyAsDouble);
  }
}
