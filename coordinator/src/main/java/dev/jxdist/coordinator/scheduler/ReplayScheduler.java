package dev.jxdist.coordinator.scheduler;

import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --replay REPORT.json}: the units a recorded run ran, on the same slots, in the same order,
 * to reproduce a failure that depends on what ran before it in one JVM. Each slot gets exactly its
 * list when it first becomes ready; a key that was not recorded gets nothing; units no slot
 * recorded do not run (the session reports them); a lost slot's remaining units run nowhere ({@link
 * LostWork#abandoned()}). A slot lost before it was ever ready keeps its list for the JVM that
 * replaces it. The run is finished when every recorded slot has run its list or given it up (or
 * after {@link #drainPending}), so the session needs a worker for every slot in {@link #slots()}.
 */
public final class ReplayScheduler extends OwnListScheduler {

  private final Map<String, List<WorkUnit>> recorded = new LinkedHashMap<>();

  /**
   * @param recorded each slot's units in the order it ran them (see {@link TestPlanIndex#unitOf})
   * @throws IllegalArgumentException if a slot's list has one unit id twice
   */
  public ReplayScheduler(Map<String, List<WorkUnit>> recorded) {
    recorded.forEach(
        (slot, units) -> {
          Set<Integer> ids = new HashSet<>();
          for (WorkUnit u : units) {
            if (!ids.add(u.unitId())) {
              throw new IllegalArgumentException(
                  "the replayed units of " + slot + " have the id " + u.unitId() + " twice");
            }
          }
          this.recorded.put(slot, List.copyOf(units));
        });
  }

  /** The recorded slots, in the recording's order. */
  public Set<String> slots() {
    return recorded.keySet();
  }

  @Override
  List<WorkUnit> listFor(String worker) {
    return recorded.getOrDefault(worker, List.of());
  }

  @Override
  public boolean isFinished() {
    return super.isFinished()
        && (drained()
            || recorded.entrySet().stream()
                .allMatch(e -> e.getValue().isEmpty() || wasReady(e.getKey())));
  }
}
