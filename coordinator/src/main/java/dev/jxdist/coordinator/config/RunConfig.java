package dev.jxdist.coordinator.config;

import dev.jxdist.coordinator.scheduler.Distribution;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code jxdist run}, fully resolved and validated.
 *
 * @param suites what to run: one suite, or one per module of a multi-module build, in build order
 * @param selection which of their tests (the command line's narrowing)
 * @param workers how many local worker JVMs run at once (at least 1, or 0 with hosts or joiners)
 * @param freshJvm run every unit in a worker JVM of its own (Surefire's {@code reuseForks=false})
 * @param workersByWork the local worker count is {@code -n auto} (or no {@code -n}): the run may
 *     start fewer, as many as its work is worth (see {@code WorkerStarts}); an explicit count
 *     starts that many
 * @param maxFailures stop after this many failed, erroring or crashed tests ({@code --maxfail},
 *     {@code -x} is 1); 0 never
 * @param reportJson where the JSON report goes, if asked for
 * @param reportHtml where the HTML report goes, if asked for
 * @param worker how worker JVMs are started
 * @param hosts the SSH hosts workers also run on, if any
 * @param durationsFile the durations history: read to order the work and estimate the time left,
 *     updated after the run ({@code <project>/.jxdist/durations.json} unless {@code --durations})
 * @param durationsReport how many of the slowest tests and classes to list at the end; 0 for none
 * @param distribution how the work is spread over the workers ({@code --dist})
 * @param pack whether {@code loadclass} may run several short classes in one launcher call ({@code
 *     --no-pack} turns it off; never with {@code freshJvm} or a unit timeout)
 * @param replay a recorded run whose units run again on the same slots in the same order ({@code
 *     --replay}); the distribution is not used then
 * @param join how workers started elsewhere reach the run, and how many are expected
 * @param maxWorkerRestarts how many lost workers may be replaced ({@code --max-worker-restart});
 *     empty: as many as the run has workers; 0 none
 * @param timeouts how long a test, a unit and the whole run may take
 * @param reruns how many times a failed, erroring or crashed test runs again ({@code --reruns})
 * @param tls the coordinator's own certificate and key, if not a fresh one for the run
 * @param upload what of the project never travels to hosts and joiners
 * @param shard which part of a split run this is ({@code --shard I/N}), if it is one: it runs its
 *     share of the units only, and leaves the durations history alone (the merge writes it)
 */
public record RunConfig(
    List<SuiteSpec> suites,
    Selection selection,
    int workers,
    boolean freshJvm,
    boolean workersByWork,
    int maxFailures,
    Optional<Path> reportJson,
    Optional<Path> reportHtml,
    WorkerLaunch worker,
    Optional<RemoteHosts> hosts,
    Path durationsFile,
    int durationsReport,
    Distribution distribution,
    boolean pack,
    Optional<ReplayRecord> replay,
    JoinOptions join,
    OptionalInt maxWorkerRestarts,
    Timeouts timeouts,
    int reruns,
    Optional<TlsFiles> tls,
    UploadRules upload,
    Optional<Shard> shard) {

  public RunConfig {
    suites = List.copyOf(suites);
    if (suites.isEmpty()) {
      throw new IllegalArgumentException("a run needs at least one suite");
    }
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(reportJson, "reportJson");
    Objects.requireNonNull(reportHtml, "reportHtml");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(hosts, "hosts");
    if (maxFailures < 0) {
      throw new IllegalArgumentException("maxFailures must be 0 (off) or more, got " + maxFailures);
    }
    Objects.requireNonNull(durationsFile, "durationsFile");
    Objects.requireNonNull(distribution, "distribution");
    Objects.requireNonNull(replay, "replay");
    if (durationsReport < 0) {
      throw new IllegalArgumentException(
          "durationsReport must be at least 0, got " + durationsReport);
    }
    Objects.requireNonNull(join, "join");
    Objects.requireNonNull(maxWorkerRestarts, "maxWorkerRestarts");
    if (maxWorkerRestarts.isPresent() && maxWorkerRestarts.getAsInt() < 0) {
      throw new IllegalArgumentException(
          "maxWorkerRestarts must be 0 (off) or more, got " + maxWorkerRestarts.getAsInt());
    }
    Objects.requireNonNull(timeouts, "timeouts");
    if (reruns < 0) {
      throw new IllegalArgumentException("reruns must be 0 (none) or more, got " + reruns);
    }
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(upload, "upload");
    Objects.requireNonNull(shard, "shard");
    if (workers < (hosts.isPresent() || join.places() > 0 || join.agents().any() ? 0 : 1)) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
  }
}
