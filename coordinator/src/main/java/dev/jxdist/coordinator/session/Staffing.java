package dev.jxdist.coordinator.session;

import dev.jxdist.coordinator.manager.WorkerProcess;
import dev.jxdist.coordinator.report.RunListener;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Who works in the run: starts workers (each in the lowest free slot, {@code w1} to {@code wN}),
 * picks the suite a new worker goes to (the one with the most units waiting per worker), says which
 * idle workers are spent (their suite has no work left for them, or in fresh-JVM mode they ran
 * their one unit), and decides what follows when a worker is lost ({@link #lost}). The session
 * decides when.
 *
 * <p>{@link #lost} is the one place every lost worker goes through, whatever the cause (a crash, a
 * silence, a start that failed, a kill for a timeout): its host gets a strike if the loss is the
 * host's kind (silence, a worker that never came up), and a host with {@link #HOST_STRIKES} strikes
 * in a row is dropped (one line says why; no worker starts there again); then, while the restart
 * budget lasts ({@code --max-worker-restart}), a replacement is owed: the next worker started takes
 * the lost one's slot, on its host if that host is still used, else wherever a place is free. With
 * the budget spent, or no place free anywhere, the place is lost: the run goes on with the workers
 * it has.
 */
final class Staffing {

  /** Losses of the host's kind in a row (no worker of it connecting between) that drop a host. */
  static final int HOST_STRIKES = 2;

  /** Why a worker was lost, as far as what follows is concerned. */
  enum Loss {
    /** Its JVM ended, or its connection did, while it worked: the tests may be the cause. */
    CRASHED,
    /** It fell silent: frozen, or its host cut off. A strike against its host. */
    SILENT,
    /** It could not be started, or never connected. A strike against its host. */
    NEVER_STARTED,
    /** It said it cannot run its suite: a replacement would fail the same way. */
    UNFIT,
    /**
     * It said what it cannot know (see {@code Admission}): hostile or broken, and a replacement
     * from the same place would be no better. Not replaced.
     */
    DISTRUSTED
  }

  /** A replacement owed for a lost worker: its slot and where it ran. */
  private record Owed(String predecessorId, String slot) {}

  private final Clock clock;
  private final RunListener listener;
  private final int maxWorkers;
  private final boolean freshJvm;
  private final int maxRestarts;
  private final BiConsumer<WorkerSlot, String> startFailed;
  private final Map<String, WorkerSlot> slots = new LinkedHashMap<>();
  private final Deque<Owed> owed = new ArrayDeque<>();
  private final Map<String, Integer> strikes = new HashMap<>();
  private final Set<String> droppedHosts = new HashSet<>();
  private WorkerStarter starter;
  private int wanted;
  private int started;
  private int lost;
  private int restarts;
  private boolean spentSaid;

  /**
   * @param maxWorkers how many workers may run at once: the slots {@code w1} to {@code wN}
   * @param freshJvm every unit gets a worker JVM of its own
   * @param maxRestarts how many lost workers may be replaced over the run; 0 none
   * @param startFailed told of a worker whose process could not be started, with the reason
   */
  Staffing(
      Clock clock,
      RunListener listener,
      int maxWorkers,
      boolean freshJvm,
      int maxRestarts,
      BiConsumer<WorkerSlot, String> startFailed) {
    this.clock = clock;
    this.listener = listener;
    this.maxWorkers = maxWorkers;
    this.wanted = maxWorkers;
    this.freshJvm = freshJvm;
    this.maxRestarts = maxRestarts;
    this.startFailed = startFailed;
  }

  /**
   * Starts the first {@code firstWave} workers (at most the run's) through {@code starter}: round
   * robin over the suites. The run uses no more until {@link #want} says so.
   */
  void begin(WorkerStarter starter, List<SuiteRun> suites, int firstWave) {
    if (firstWave < 1) {
      throw new IllegalArgumentException("a run starts at least 1 worker, not " + firstWave);
    }
    this.starter = starter;
    this.wanted = Math.min(firstWave, maxWorkers);
    // With more workers than suites, the first ones get two.
    for (int i = 0; i < wanted; i++) {
      start(suites.get(i % suites.size()));
    }
  }

  /** The run may use {@code workers} (at most its own), if more than it does: more start. */
  void want(int workers) {
    wanted = Math.max(wanted, Math.min(workers, maxWorkers));
  }

  /**
   * How many workers the run uses: its own, or fewer when more would not pay (see {@link #want}).
   */
  int wanted() {
    return wanted;
  }

  /**
   * Starts a worker for {@code suite}: a replacement if one is owed (in its predecessor's slot),
   * else in the lowest free slot. One whose process cannot be started is handed to the
   * start-failure callback at once. Null if a replacement was owed but no place is free anywhere
   * (that place is lost then).
   */
  WorkerSlot start(SuiteRun suite) {
    Owed replacing = owed.poll();
    started++;
    String id = "w" + started;
    String place = replacing == null ? freeSlot() : replacing.slot();
    WorkerProcess process;
    try {
      if (replacing == null) {
        process = starter.start(id, place, suite.spec);
      } else {
        Optional<WorkerProcess> replacement =
            starter.replace(replacing.predecessorId(), id, place, suite.spec);
        if (replacement.isEmpty()) {
          started--;
          placeLost("no place is free for a replacement of " + replacing.predecessorId());
          return null;
        }
        process = replacement.get();
      }
    } catch (RuntimeException e) {
      WorkerSlot slot = new WorkerSlot(id, place, suite, null, clock.instant());
      slots.put(id, slot);
      countRestart(replacing, id);
      startFailed.accept(slot, e.getMessage());
      return slot;
    }
    WorkerSlot slot = new WorkerSlot(id, place, suite, process, clock.instant());
    slots.put(id, slot);
    countRestart(replacing, id);
    listener.workerActivity(id, "starting");
    return slot;
  }

  private void countRestart(Owed replacing, String id) {
    if (replacing != null) {
      restarts++;
      listener.notice(
          "worker "
              + id
              + " replaces "
              + replacing.predecessorId()
              + " in slot "
              + replacing.slot()
              + " ("
              + restarts
              + " of "
              + maxRestarts
              + " restarts)");
    }
  }

  /**
   * What follows from losing {@code slot} for {@code loss} (the session has already taken it out of
   * the run and given its work back): a strike against its host, the host dropped after {@link
   * #HOST_STRIKES}, and a replacement owed while the budget lasts, or its place lost. A worker on
   * its way out (retiring, or shut down as the run ends) costs nothing more.
   *
   * @param why the reason it was lost, for the line that drops its host
   * @param over the run is over: nothing is replaced
   */
  void lost(WorkerSlot slot, boolean wasLeaving, Loss loss, String why, boolean over) {
    starter.ended(slot.id());
    String host = slot.host();
    if (loss == Loss.SILENT || loss == Loss.NEVER_STARTED) {
      int count = strikes.merge(host, 1, Integer::sum);
      if (count >= HOST_STRIKES && !droppedHosts.contains(host)) {
        String reason =
            count + " of its workers were lost in a row, the last " + slot.id() + ": " + why;
        starter
            .dropPlaceOf(slot.id(), reason)
            .ifPresent(
                name -> {
                  droppedHosts.add(host);
                  listener.notice(
                      "host "
                          + name
                          + " dropped: "
                          + reason
                          + "; its tests go to the other workers");
                });
      }
    }
    if (wasLeaving || over) {
      return;
    }
    if (loss == Loss.UNFIT || loss == Loss.DISTRUSTED) {
      lost++;
      return;
    }
    if (restarts + owed.size() < maxRestarts) {
      owed.add(new Owed(slot.id(), slot.slot()));
    } else {
      if (maxRestarts > 0 && !spentSaid) {
        spentSaid = true;
        listener.notice(
            "no more replacements (--max-worker-restart "
                + maxRestarts
                + " spent): the run goes on with the workers it has");
      }
      lost++;
    }
  }

  /** A worker of {@code slot}'s host connected: the host works, its strikes are forgiven. */
  void connected(WorkerSlot slot) {
    strikes.remove(slot.host());
  }

  /** A worker ended normally (said goodbye, or was not needed): its place counts as free. */
  void ended(WorkerSlot slot) {
    starter.ended(slot.id());
  }

  /** The hosts dropped so far. */
  Set<String> droppedHosts() {
    return Collections.unmodifiableSet(droppedHosts);
  }

  /** Replacements started so far. */
  int restarts() {
    return restarts;
  }

  private void placeLost(String why) {
    lost++;
    listener.notice(why + ": the run goes on with the workers it has");
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

  /** True once every worker ended and as many were lost as the run uses: no one is left. */
  boolean noOneLeft() {
    return allEnded() && lost >= wanted;
  }

  /**
   * How many workers may run now: every place the run uses and has not lost (an owed replacement
   * keeps its place).
   */
  int places() {
    return wanted - lost;
  }

  /** Workers that count against the places: alive and not on their way out. */
  long active() {
    return slots.values().stream().filter(Staffing::active).count();
  }

  /**
   * True if a worker of {@code suite} in another slot than {@code slot}, alive and not on its way
   * out, can still take work.
   */
  boolean elsewhere(SuiteRun suite, String slot) {
    return slots.values().stream()
        .anyMatch(s -> s.suite() == suite && !s.slot().equals(slot) && active(s));
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
    if (suites.stream().allMatch(SuiteRun::isDone)) {
      owed.clear(); // nothing is left to run: what was owed is not needed
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
