package dev.jxdist.coordinator.session;

import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.coordinator.config.Timeouts;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a session runs, beyond what it runs.
 *
 * @param heartbeat time between Pings; silence for {@link GrpcDefaults#MISSED_HEARTBEATS} of them
 *     is a crash
 * @param maxWorkers how many workers may run at once: the slots {@code w1} to {@code wN}
 * @param freshJvm give every unit a worker JVM of its own
 * @param maxFailures stop the run after this many failed, erroring or crashed tests; 0 never
 * @param runId the run's id, as workers see it ({@code JXDIST_RUN_ID})
 * @param collectionWait how long a suite's first plan waits for the plans of its other starting
 *     workers before work begins (see {@link #COLLECTION_WAIT})
 * @param eachRunsAll every worker runs the whole suite ({@code --dist each}): results are kept per
 *     test per worker, and a lost worker's work goes to no one else
 * @param replay the work is what a recorded run ran ({@code --replay}): a test it did not run is
 *     reported as not run for that reason
 * @param maxWorkerRestarts how many lost workers may be replaced over the run ({@code
 *     --max-worker-restart}); 0 none
 * @param timeouts how long a test, a unit and the whole run may take
 * @param reruns how many times a failed, erroring or crashed test runs again ({@code --reruns})
 * @param starts how many of the workers are worth starting, when the run may start fewer (see
 *     {@link WorkerStarts}); empty: all start
 */
public record SessionSettings(
    Duration heartbeat,
    int maxWorkers,
    boolean freshJvm,
    int maxFailures,
    String runId,
    Duration collectionWait,
    boolean eachRunsAll,
    boolean replay,
    int maxWorkerRestarts,
    Timeouts timeouts,
    int reruns,
    Optional<WorkerStarts> starts) {

  /**
   * The usual {@code collectionWait}: long enough for worker JVMs started together to agree on the
   * plan before anything runs (so different plans stop the run before any test ran), short enough
   * that a slow host does not hold everyone up (its plan is still checked when it comes).
   */
  public static final Duration COLLECTION_WAIT = Duration.ofSeconds(5);

  public SessionSettings {
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(collectionWait, "collectionWait");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(starts, "starts");
    if (reruns < 0) {
      throw new IllegalArgumentException("reruns must be 0 (none) or more, got " + reruns);
    }
    if (maxWorkers < 1) {
      throw new IllegalArgumentException("maxWorkers must be at least 1, got " + maxWorkers);
    }
    if (maxWorkerRestarts < 0) {
      throw new IllegalArgumentException(
          "maxWorkerRestarts must be 0 (off) or more, got " + maxWorkerRestarts);
    }
    if (maxFailures < 0) {
      throw new IllegalArgumentException("maxFailures must be 0 (off) or more, got " + maxFailures);
    }
  }
}
