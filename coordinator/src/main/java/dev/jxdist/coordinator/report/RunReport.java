package dev.jxdist.coordinator.report;

import java.util.List;

/**
 * Everything a run produced, for the reporters.
 *
 * @param summary the counts
 * @param workers every worker that was started, in id order
 * @param hosts every host that ran workers
 * @param tests every test's one final result, in plan order (dynamic tests after their parent)
 * @param units how long each top-level class took that ran as one unit and finished, in the order
 *     they finished
 */
public record RunReport(
    RunSummary summary,
    List<WorkerSummary> workers,
    List<HostSummary> hosts,
    List<TestResult> tests,
    List<UnitTime> units) {

  public RunReport {
    workers = List.copyOf(workers);
    hosts = List.copyOf(hosts);
    tests = List.copyOf(tests);
    units = List.copyOf(units);
  }

  /** A report without unit times. */
  public RunReport(
      RunSummary summary,
      List<WorkerSummary> workers,
      List<HostSummary> hosts,
      List<TestResult> tests) {
    this(summary, workers, hosts, tests, List.of());
  }
}
