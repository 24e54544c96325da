package dev.jxdist.coordinator.session;

import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.coordinator.manager.WorkerProcess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which workers discover a suite's plan and which take it. On one machine (one java, one class
 * path, one request) discovery is the same work for every worker, and every worker used to do it:
 * up to 1.5 s of CPU each on bench/run.sh's suite, six at once on two cores. Now the first worker
 * of a machine to connect discovers; the others of that machine wait, and once the plan it sent is
 * agreed, they are sent that plan to take (their Discovered brings its hash back). A machine is one
 * {@link WorkerProcess#discoveryMachine}: only workers the coordinator started itself have one.
 * Workers of other machines, and joined ones, discover as before, so a machine whose plan differs
 * still stops the run before anything runs. If the discovering worker is lost before its plan is
 * agreed, a waiting one discovers instead.
 *
 * <p>Not thread-safe: the session thread's.
 */
final class PlanSharing {

  /** What a waiting worker is to be sent now. */
  record Release(WorkerSlot slot, CoordinatorCommand.Discover discover) {}

  private record Machine(SuiteRun suite, String name) {}

  private final Map<Machine, WorkerSlot> discovering = new HashMap<>();
  private final Map<Machine, List<WorkerSlot>> waiting = new LinkedHashMap<>();
  private final Set<Machine> agreed = new HashSet<>();

  /**
   * What {@code slot}, just connected, is sent: its suite's Discover, the agreed plan to take, or
   * nothing yet (empty: it waits for its machine's plan, see {@link #released}).
   */
  Optional<CoordinatorCommand.Discover> connected(WorkerSlot slot) {
    SuiteRun suite = slot.suite();
    Optional<Machine> machine = machineOf(slot);
    if (machine.isEmpty()) {
      return Optional.of(suite.discover);
    }
    if (agreed.contains(machine.get())) {
      return Optional.of(taking(suite));
    }
    WorkerSlot discoverer = discovering.get(machine.get());
    if (discoverer != null && !discoverer.state().isTerminal()) {
      waiting.computeIfAbsent(machine.get(), m -> new ArrayList<>()).add(slot);
      return Optional.empty();
    }
    discovering.put(machine.get(), slot);
    return Optional.of(suite.discover);
  }

  /** {@code slot}'s plan is the suite's agreed plan: its machine's other workers may take it. */
  void planAgreed(WorkerSlot slot) {
    machineOf(slot).ifPresent(agreed::add);
  }

  /**
   * The waiting workers that can go on now, each with what it is sent: the agreed plan to take,
   * once their machine's plan is agreed; or, for one of them, the suite's Discover, if their
   * machine's discovering worker was lost before that. Workers lost while they waited are dropped.
   */
  List<Release> released() {
    List<Release> out = new ArrayList<>();
    for (Iterator<Map.Entry<Machine, List<WorkerSlot>>> it = waiting.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<Machine, List<WorkerSlot>> e = it.next();
      Machine machine = e.getKey();
      List<WorkerSlot> slots = e.getValue();
      slots.removeIf(s -> s.state() != WorkerSlot.State.CONNECTED);
      if (agreed.contains(machine)) {
        slots.forEach(s -> out.add(new Release(s, taking(machine.suite()))));
        slots.clear();
      } else if (!slots.isEmpty() && discovering.get(machine).state().isTerminal()) {
        WorkerSlot next = slots.remove(0);
        discovering.put(machine, next);
        out.add(new Release(next, machine.suite().discover));
      }
      if (slots.isEmpty()) {
        it.remove();
      }
    }
    return out;
  }

  private static CoordinatorCommand.Discover taking(SuiteRun suite) {
    return suite.discover.taking(suite.plan.planNodes());
  }

  private static Optional<Machine> machineOf(WorkerSlot slot) {
    return slot.process()
        .flatMap(WorkerProcess::discoveryMachine)
        .map(name -> new Machine(slot.suite(), name));
  }
}
