package dev.jxdist.coordinator.manager;

import dev.jxdist.coordinator.config.SuiteSpec;
import java.util.Objects;

/**
 * One worker the session asks for.
 *
 * @param workerId its id ({@code w7}): new for every JVM
 * @param slot the slot it fills ({@code JXDIST_WORKER}: {@code w1}...), which a later JVM may fill
 *     again
 * @param suite the suite it runs (its JVM arguments, working directory and environment)
 * @param contact how it reaches the coordinator, and what it is told of the run
 * @param onExit told when its JVM ends, or could not be started
 */
public record WorkerRequest(
    String workerId, String slot, SuiteSpec suite, RunContact contact, WorkerExitListener onExit) {

  public WorkerRequest {
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(contact, "contact");
    Objects.requireNonNull(onExit, "onExit");
  }
}
