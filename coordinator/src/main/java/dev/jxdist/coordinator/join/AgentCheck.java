package dev.jxdist.coordinator.join;

import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.HostPort;
import dev.jxdist.proto.v1.AgentStatus;
import java.util.Optional;

/**
 * How one agent is, for {@code jxdist hosts check --agents}: asked over an authenticated Session
 * (both proofs of the agent token first), or why it could not be.
 *
 * @param address the agent's address
 * @param problem why it could not be asked (unreachable, no proof of the token); empty if it was
 * @param name what reports call its machine
 * @param slots its slots, and how many are free now
 * @param slotsFree its free slots
 * @param java the version of the java that runs its workers
 * @param storeBytes the size of its blob store
 * @param storeMaxBytes its {@code --cache-max}, 0 if none
 * @param version its jxdist version
 * @param runs the runs it serves now
 * @param draining whether it is stopping (refuses new runs)
 */
public record AgentCheck(
    HostPort address,
    Optional<String> problem,
    String name,
    int slots,
    int slotsFree,
    String java,
    long storeBytes,
    long storeMaxBytes,
    String version,
    int runs,
    boolean draining) {

  /** Asks the agent at {@code address}, proving {@code agentToken}. */
  public static AgentCheck of(HostPort address, RunToken agentToken) {
    try (AgentLink link = AgentLink.open(address, agentToken)) {
      AgentStatus s = link.status();
      return new AgentCheck(
          address,
          Optional.empty(),
          s.getName(),
          s.getSlots(),
          s.getSlotsFree(),
          s.getJavaVersion(),
          s.getStoreBytes(),
          s.getStoreMaxBytes(),
          s.getVersion(),
          s.getRuns(),
          s.getDraining());
    } catch (AgentLink.AgentException e) {
      return new AgentCheck(address, Optional.of(e.getMessage()), "", 0, 0, "", 0, 0, "", 0, false);
    }
  }

  /** Whether it can take a run now: reached, not stopping, a slot free. */
  public boolean usable() {
    return problem.isEmpty() && !draining && slotsFree > 0;
  }
}
