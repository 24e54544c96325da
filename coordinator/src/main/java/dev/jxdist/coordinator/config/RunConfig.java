package dev.jxdist.coordinator.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code jxdist run}, fully resolved and validated.
 *
 * @param suite what to run
 * @param selection which of its tests
 * @param workers how many local worker JVMs (at least 1)
 * @param reportsDir where the Surefire-format XML goes
 * @param reportJson where the JSON report goes, if asked for
 * @param worker how worker JVMs are started
 */
public record RunConfig(
    SuiteSpec suite,
    Selection selection,
    int workers,
    Path reportsDir,
    Optional<Path> reportJson,
    WorkerLaunch worker) {

  public RunConfig {
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(reportsDir, "reportsDir");
    Objects.requireNonNull(reportJson, "reportJson");
    Objects.requireNonNull(worker, "worker");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
  }
}
