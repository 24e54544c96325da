package dev.jxdist.coordinator.session;

import dev.jxdist.coordinator.manager.WorkerProcess;
import dev.jxdist.coordinator.report.RunListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Who works in the run: starts workers (each in the lowest free slot, {@code w1} to {@code wN}),
 * picks the suite a new worker goes to (the one with the most units waiting per worker), says which
 * idle workers are spent (their suite has no work left for them, or in fresh-JVM mode they ran
 * their one unit), and counts the places lost. The session decides when, and carries out what
 * follows from a loss.
 *
 * <p>Today a worker that is lost costs its place: {@link #places} shrinks with every loss, and no
 * replacement starts. Replacing crashed workers (within a budget, in the same slot, on the same
 * host if it still answers) belongs here.
 */
final class Staffing {

  private final Clock clock;
  private final RunListener listener;
  private final int maxWorkers;
  private final boolean freshJvm;
  private final BiConsumer<WorkerSlot, String> startFailed;
  private final Map<String, WorkerSlot> slots = new LinkedHashMap<>();
  private WorkerStarter starter;
  private int started;
  private int lost;

  /**
   * @param maxWorkers how many workers may run at once: the slots {@code w1} to {@code wN}
   * @param freshJvm every unit gets a worker JVM of its own
   * @param startFailed told of a worker whose process could not be started, with the reason
   */
  Staffing(
      Clock clock,
      RunListener listener,
      int maxWorkers,
      boolean freshJvm,
      BiConsumer<WorkerSlot, String> startFailed) {
    this.clock = clock;
    this.listener = listener;
    this.maxWorkers = maxWorkers;
    this.freshJvm = freshJvm;
    this.startFailed = startFailed;
  }

  /** Starts the first workers through {@code starter}: round robin over the suites. */
  void begin(WorkerStarter starter, List<SuiteRun> suites) {
    this.starter = starter;
    // With more workers than suites, the first ones get two.
    for (int i = 0; i < maxWorkers; i++) {
      start(suites.get(i % suites.size()));
    }
  }

  /**
   * Starts a worker for {@code suite} in the lowest free slot; one whose process cannot be started
   * is handed to the start-failure callback at once.
   */
  WorkerSlot start(SuiteRun suite) {
    started++;
    String id = "w" + started;
    String place = freeSlot();
    WorkerProcess process;
    try {
      process = starter.start(id, place, suite.spec);
    } catch (RuntimeException e) {
      WorkerSlot slot = new WorkerSlot(id, place, suite, null, clock.instant());
      slots.put(id, slot);
      startFailed.accept(slot, e.getMessage());
      return slot;
    }
    WorkerSlot slot = new WorkerSlot(id, place, suite, process, clock.instant());
    slots.put(id, slot);
    listener.workerActivity(id, "starting");
    return slot;
  }

  /**
   * The lowest slot ({@code w1} ... {@code wN}) no live worker holds: a worker on its way out has
   * nothing left to run, so its successor may take its slot (and its ports, databases...).
   */
  private String freeSlot() {
    Set<String> taken =
        slots.values().stream()
            .filter(Staffing::active)
            .map(WorkerSlot::slot)
            .collect(Collectors.toSet());
    for (int n = 1; ; n++) {
      if (!taken.contains("w" + n)) {
        return "w" + n;
      }
    }
  }

  /** Worker {@code id}, or null if there is none such. */
  WorkerSlot get(String id) {
    return slots.get(id);
  }

  /** Every worker started, in order. */
  Collection<WorkerSlot> all() {
    return Collections.unmodifiableCollection(slots.values());
  }

  /** The workers of {@code suite}, in order. */
  List<WorkerSlot> of(SuiteRun suite) {
    return slots.values().stream().filter(s -> s.suite() == suite).toList();
  }

  /** True while a worker of {@code suite} is starting or has yet to send its plan. */
  boolean discovering(SuiteRun suite) {
    return slots.values().stream()
        .anyMatch(
            s ->
                s.suite() == suite
                    && (s.state() == WorkerSlot.State.STARTING
                        || s.state() == WorkerSlot.State.CONNECTED));
  }

  /** True once every worker started has ended. */
  boolean allEnded() {
    return slots.values().stream().allMatch(s -> s.state().isTerminal());
  }

  /** True once every worker ended and as many were lost as the run may have: no one is left. */
  boolean noOneLeft() {
    return allEnded() && lost >= maxWorkers;
  }

  /** A worker was lost (crashed, failed, or could not be started): its place goes with it. */
  void lost() {
    lost++;
  }

  /** How many workers may run now: every place not lost. */
  int places() {
    return maxWorkers - lost;
  }

  /** Workers that count against the places: alive and not on their way out. */
  long active() {
    return slots.values().stream().filter(Staffing::active).count();
  }

  private static boolean active(WorkerSlot s) {
    return !s.state().isTerminal() && !s.retiring();
  }

  /**
   * True if another worker, live and not on its way out, now fills {@code slot}'s slot in the same
   * suite (its successor): the slot's work in the scheduler is the successor's then.
   */
  boolean takenOver(WorkerSlot slot) {
    return slots.values().stream()
        .anyMatch(
            s ->
                s != slot
                    && s.slot().equals(slot.slot())
                    && s.suite() == slot.suite()
                    && active(s));
  }

  /**
   * The idle workers to let go now: those whose suite has nothing left for them while another suite
   * needs a worker (or, in fresh-JVM mode, those that ran their one unit).
   */
  List<WorkerSlot> spent(List<SuiteRun> suites) {
    List<WorkerSlot> spent = new ArrayList<>();
    for (WorkerSlot slot : slots.values()) {
      boolean idle =
          slot.state() == WorkerSlot.State.READY && slot.queue().isEmpty() && !slot.retiring();
      boolean done = freshJvm ? !slot.classesRun().isEmpty() : slot.suite().demand() == 0;
      if (idle && done && (freshJvm || neediest(suites) != null)) {
        spent.add(slot);
      }
    }
    return spent;
  }

  /** Starts workers for the suites that need them while places are free. */
  void fill(List<SuiteRun> suites) {
    while (active() < places()) {
      SuiteRun needy = neediest(suites);
      if (needy == null) {
        return;
      }
      start(needy);
    }
  }

  /** The suite with the most work waiting per worker it has, or null if none waits. */
  private SuiteRun neediest(List<SuiteRun> suites) {
    SuiteRun best = null;
    double bestScore = 0;
    for (SuiteRun suite : suites) {
      int demand = suite.demand();
      if (demand == 0) {
        continue;
      }
      long workers = of(suite).stream().filter(Staffing::active).count();
      if (suite.scheduler == null ? workers > 0 : demand <= workers) {
        // Its workers take what is waiting next; another JVM would start for nothing.
        continue;
      }
      double score = (double) demand / (workers + 1);
      if (score > bestScore) {
        best = suite;
        bestScore = score;
      }
    }
    return best;
  }
}
