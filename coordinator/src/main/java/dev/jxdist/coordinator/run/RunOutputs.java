package dev.jxdist.coordinator.run;

import dev.jxdist.coordinator.config.RunConfig;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.history.DurationHistory;
import dev.jxdist.coordinator.history.Measurements;
import dev.jxdist.coordinator.report.ConsoleReporter;
import dev.jxdist.coordinator.report.ExitCode;
import dev.jxdist.coordinator.report.HostSummary;
import dev.jxdist.coordinator.report.HtmlReport;
import dev.jxdist.coordinator.report.JsonReport;
import dev.jxdist.coordinator.report.RunReport;
import dev.jxdist.coordinator.report.ShardSection;
import dev.jxdist.coordinator.report.SurefireXmlReport;
import dev.jxdist.coordinator.report.SyncStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run leaves behind once its session ended: the durations history (saved after a run that
 * ran its tests to the end), the Surefire-format XML of each suite and the run's JSON, with the
 * code sync figures of each host and joiner, which the session does not know (and a shard's
 * section); and the console's last words. A file that cannot be written costs a notice, never the
 * run.
 */
final class RunOutputs {

  /** Says at debug level how long each report took (bench/scale.sh reads it). */
  private static final Logger log = LoggerFactory.getLogger(RunOutputs.class);

  private final RunConfig config;
  private final ConsoleReporter console;

  RunOutputs(RunConfig config, ConsoleReporter console) {
    this.config = config;
    this.console = console;
  }

  /**
   * Writes everything for {@code report}.
   *
   * @param history the history the run was ordered by, to record this run's durations in
   * @param syncStats what moving the code took, by host or joiner name
   */
  void write(
      RunReport report,
      DurationHistory history,
      Map<String, SyncStats> syncStats,
      Optional<ShardSection> shard) {
    int code = report.summary().exitCode();
    // Not when interrupted, aborted or without tests: too little was measured. Nor by a shard:
    // the shards of a split must all read the same history, and merge-reports records them all.
    if ((code == ExitCode.PASSED || code == ExitCode.TESTS_FAILED) && shard.isEmpty()) {
      saveHistory(history, report);
    }
    writeReports(withSyncStats(report, syncStats), shard);
  }

  /**
   * Adds what the run measured to the durations history (with its local workers' start) and saves
   * it.
   */
  private void saveHistory(DurationHistory history, RunReport report) {
    history.record(Measurements.of(report));
    Measurements.workerStart(report).ifPresent(history::recordWorkerStart);
    try {
      history.save();
    } catch (IOException e) {
      console.notice(
          "jxdist: cannot save the durations history "
              + history.file()
              + " ("
              + e.getMessage()
              + "); the next run is ordered without this one's durations");
    }
  }

  /** The report with the code sync figures of each host and joiner. */
  private static RunReport withSyncStats(RunReport report, Map<String, SyncStats> syncStats) {
    List<HostSummary> withSync = new ArrayList<>();
    for (HostSummary host : report.hosts()) {
      withSync.add(
          new HostSummary(
              host.name(), host.workers(), syncStats.getOrDefault(host.name(), host.sync())));
    }
    return report.withHosts(withSync);
  }

  /**
   * Each suite's Surefire-format XML into its own reports directory; the JSON and HTML for the run.
   */
  private void writeReports(RunReport report, Optional<ShardSection> shard) {
    try {
      for (SuiteSpec suite : config.suites()) {
        RunReport mine = report.ofModule(suite.id());
        if (!mine.tests().isEmpty() || !mine.classes().isEmpty()) {
          long start = System.nanoTime();
          long cpu = threadCpuNanos();
          List<Path> files = new SurefireXmlReport(suite.reportsDir()).write(mine);
          log.debug(
              "wrote the XML reports ({} files, {} tests) into {} in {} ms ({} ms of CPU)",
              files.size(),
              mine.tests().size(),
              suite.reportsDir(),
              millisSince(start),
              (threadCpuNanos() - cpu) / 1_000_000);
        }
      }
      if (config.reportJson().isPresent()) {
        long start = System.nanoTime();
        long cpu = threadCpuNanos();
        new JsonReport(config.reportJson().get(), shard).write(report);
        log.debug(
            "wrote the JSON report ({} tests) to {} in {} ms ({} ms of CPU)",
            report.tests().size(),
            config.reportJson().get(),
            millisSince(start),
            (threadCpuNanos() - cpu) / 1_000_000);
      }
      if (config.reportHtml().isPresent()) {
        new HtmlReport(config.reportHtml().get()).write(report);
      }
    } catch (IOException e) {
      console.notice("jxdist: cannot write the reports: " + e.getMessage());
    }
    console.runFinished(report);
  }

  /** This thread's CPU time: on a shared machine, what a report cost, whatever the wait. */
  private static long threadCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
