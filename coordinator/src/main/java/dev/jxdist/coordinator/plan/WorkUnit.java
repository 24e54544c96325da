package dev.jxdist.coordinator.plan;

import dev.jxdist.common.model.Unit;
import java.util.List;

/**
 * A piece of work the scheduler hands out: plan nodes that run together in one launcher call.
 *
 * @param unitId the run's number for it (see {@link TestPlanIndex} for how ids are chosen)
 * @param label what to show while it runs (the class name, or the group)
 * @param nodeIndices the plan nodes to select
 * @param testCount how many tests of the plan it holds, a test template or factory counting as one
 *     (its invocations come on top as it runs)
 */
public record WorkUnit(int unitId, String label, List<Integer> nodeIndices, int testCount) {

  public WorkUnit {
    nodeIndices = List.copyOf(nodeIndices);
  }

  /** The unit as the protocol carries it. */
  public Unit toWire() {
    return new Unit(unitId, nodeIndices);
  }
}
