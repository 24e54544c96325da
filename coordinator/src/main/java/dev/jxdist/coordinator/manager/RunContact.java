package dev.jxdist.coordinator.manager;

import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.CoordinatorTrust;
import dev.jxdist.common.wire.RunToken;
import java.util.Objects;

/**
 * How a run's workers reach its coordinator and prove themselves, what they are told of the run,
 * and how their JVMs compile, whichever provisioner starts them.
 *
 * @param localTarget the {@code host:port} workers on this machine dial
 * @param port the port workers on other machines dial (each host knows the address it sees)
 * @param token the run's secret, handed to each worker on the channel that starts it
 * @param trust what a worker accepts as the coordinator, handed on the same channel: its pinned
 *     certificate, or, in a run of local workers only, plaintext on loopback
 * @param workerCount how many workers the run has at once ({@code JXDIST_WORKER_COUNT})
 * @param jit how the worker JVMs compile: C1 alone when the work is short ({@link WorkerJit})
 */
public record RunContact(
    String localTarget,
    int port,
    RunToken token,
    CoordinatorTrust trust,
    int workerCount,
    WorkerJit jit) {

  public RunContact {
    Objects.requireNonNull(localTarget, "localTarget");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(jit, "jit");
  }

  /**
   * The certificate pin, for workers that dial from elsewhere.
   *
   * @throws IllegalStateException in a run that listens in plaintext on loopback: such a run has
   *     only local workers
   */
  public CertificatePin pin() {
    return trust
        .pin()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "a run of local workers only has no certificate for a worker elsewhere"));
  }
}
