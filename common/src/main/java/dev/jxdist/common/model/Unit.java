package dev.jxdist.common.model;

import java.util.List;

/**
 * One unit of work: plan nodes that execute together in one launcher call.
 *
 * @param unitId the coordinator's number for it
 * @param nodeIndices indices of the selected nodes in the agreed plan
 */
public record Unit(int unitId, List<Integer> nodeIndices) {

  public Unit {
    nodeIndices = List.copyOf(nodeIndices);
  }
}
