package dev.jxdist.coordinator.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code jxdist run}, fully resolved and validated.
 *
 * @param suites what to run: one suite, or one per module of a multi-module build, in build order
 * @param selection which of their tests (the command line's narrowing)
 * @param workers how many local worker JVMs run at once (at least 1, or 0 with hosts or joiners)
 * @param freshJvm run every unit in a worker JVM of its own (Surefire's {@code reuseForks=false})
 * @param reportJson where the JSON report goes, if asked for
 * @param worker how worker JVMs are started
 * @param hosts the SSH hosts workers also run on, if any
 * @param join how workers started elsewhere reach the run, and how many are expected
 */
public record RunConfig(
    List<SuiteSpec> suites,
    Selection selection,
    int workers,
    boolean freshJvm,
    Optional<Path> reportJson,
    WorkerLaunch worker,
    Optional<RemoteHosts> hosts,
    JoinOptions join) {

  /** A run that no worker joins. */
  public RunConfig(
      List<SuiteSpec> suites,
      Selection selection,
      int workers,
      boolean freshJvm,
      Optional<Path> reportJson,
      WorkerLaunch worker,
      Optional<RemoteHosts> hosts) {
    this(suites, selection, workers, freshJvm, reportJson, worker, hosts, JoinOptions.NONE);
  }

  public RunConfig {
    suites = List.copyOf(suites);
    if (suites.isEmpty()) {
      throw new IllegalArgumentException("a run needs at least one suite");
    }
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(reportJson, "reportJson");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(hosts, "hosts");
    Objects.requireNonNull(join, "join");
    if (workers < (hosts.isPresent() || join.places() > 0 ? 0 : 1)) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
  }
}
