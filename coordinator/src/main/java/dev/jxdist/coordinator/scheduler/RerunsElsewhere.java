package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A strategy whose reruns ({@code --reruns}) go to another worker than the one the test failed on,
 * when there is one: a failure that comes from the worker's own state (a static left behind, a full
 * disk, a corrupted JVM) then shows as what it is, flaky, instead of failing every attempt.
 *
 * <p>Reruns wait here, not in the strategy it wraps, and go first to any worker that asks but the
 * one each is held away from. That worker takes it only when {@code elsewhere} says no other worker
 * can take work any more (every other one is lost, or on its way out): with one worker the rerun
 * runs where it can, in the same JVM, or in the fresh JVM that replaced a crashed one. The rest of
 * the work, and every other call, is the wrapped strategy's.
 */
public final class RerunsElsewhere implements Scheduler {

  /** A rerun waiting for a worker other than {@code awayFrom}. */
  private record Rerun(WorkUnit unit, String awayFrom) {}

  /** A rerun sent to {@code worker}, until it is done or the worker is lost. */
  private record Sent(Rerun rerun, String worker) {}

  private final Scheduler strategy;
  private final Predicate<String> elsewhere;
  private final List<Rerun> waiting = new ArrayList<>();
  private final Map<Integer, Sent> sent = new HashMap<>();

  /**
   * @param strategy where all other work comes from
   * @param elsewhere told a worker, true while a worker other than it can still take work
   */
  public RerunsElsewhere(Scheduler strategy, Predicate<String> elsewhere) {
    this.strategy = strategy;
    this.elsewhere = elsewhere;
  }

  /**
   * Queues the rerun of a test that failed, erred or crashed on {@code worker}, for another worker
   * while there is one.
   *
   * @return false if the wrapped strategy gives work to no one but its own worker ({@code each},
   *     replay), as {@link #requeue} does
   */
  public boolean rerun(WorkUnit unit, String worker) {
    if (!strategy.sharesWork()) {
      return false;
    }
    waiting.add(new Rerun(unit, worker));
    return true;
  }

  @Override
  public void workerReady(String worker) {
    strategy.workerReady(worker);
  }

  @Override
  public List<WorkUnit> assign(String worker, int max) {
    List<WorkUnit> out = new ArrayList<>();
    for (Iterator<Rerun> it = waiting.iterator(); it.hasNext() && out.size() < max; ) {
      Rerun r = it.next();
      if (r.awayFrom().equals(worker) && elsewhere.test(worker)) {
        continue;
      }
      it.remove();
      sent.put(r.unit().unitId(), new Sent(r, worker));
      out.add(r.unit());
    }
    if (out.size() < max) {
      out.addAll(strategy.assign(worker, max - out.size()));
    }
    return out;
  }

  @Override
  public void unitDone(String worker, int unitId) {
    Sent s = sent.get(unitId);
    if (s == null) {
      strategy.unitDone(worker, unitId);
      return;
    }
    if (!s.worker().equals(worker)) {
      throw new IllegalArgumentException(
          worker + " finished rerun unit " + unitId + ", which was sent to " + s.worker());
    }
    sent.remove(unitId);
  }

  /** A lost worker's unstarted reruns wait again, still away from the worker they failed on. */
  @Override
  public LostWork workerLost(String worker, int startedUnitId) {
    Sent started = sent.get(startedUnitId);
    boolean startedRerun = started != null && started.worker().equals(worker);
    List<WorkUnit> back = new ArrayList<>();
    for (Iterator<Sent> it = sent.values().iterator(); it.hasNext(); ) {
      Sent s = it.next();
      if (!s.worker().equals(worker)) {
        continue;
      }
      it.remove();
      if (s.rerun().unit().unitId() != startedUnitId) {
        waiting.add(s.rerun());
        back.add(s.rerun().unit());
      }
    }
    // A rerun it was running is the session's to cut (the rest of it comes back through requeue).
    LostWork lost = strategy.workerLost(worker, startedRerun ? -1 : startedUnitId);
    if (back.isEmpty()) {
      return lost;
    }
    List<WorkUnit> requeued = new ArrayList<>(back);
    requeued.addAll(lost.requeued());
    return new LostWork(requeued, lost.abandoned());
  }

  @Override
  public boolean requeue(WorkUnit unit) {
    return strategy.requeue(unit);
  }

  @Override
  public boolean sharesWork() {
    return strategy.sharesWork();
  }

  @Override
  public int pendingUnits() {
    return waiting.size() + strategy.pendingUnits();
  }

  @Override
  public boolean isFinished() {
    return waiting.isEmpty() && sent.isEmpty() && strategy.isFinished();
  }

  @Override
  public List<WorkUnit> drainPending() {
    List<WorkUnit> out = new ArrayList<>();
    waiting.forEach(r -> out.add(r.unit()));
    waiting.clear();
    out.addAll(strategy.drainPending());
    return out;
  }
}
