package dev.jxdist.coordinator.report;

import java.util.List;

/**
 * Everything a run produced, for the reporters.
 *
 * @param summary the counts
 * @param workers every worker that was started, in id order
 * @param hosts every host that ran workers
 * @param tests every test's one final result, in plan order (dynamic tests after their parent)
 */
public record RunReport(
    RunSummary summary, List<WorkerSummary> workers, List<HostSummary> hosts, List<TestResult> tests) {

  public RunReport {
    workers = List.copyOf(workers);
    hosts = List.copyOf(hosts);
    tests = List.copyOf(tests);
  }
}
