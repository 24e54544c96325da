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
 * @param classes every top-level class that ran, in the order they first ran: each gets a report
 *     file, with results or without
 */
public record RunReport(
    RunSummary summary,
    List<WorkerSummary> workers,
    List<HostSummary> hosts,
    List<TestResult> tests,
    List<UnitTime> units,
    List<ClassRun> classes) {

  public RunReport {
    workers = List.copyOf(workers);
    hosts = List.copyOf(hosts);
    tests = List.copyOf(tests);
    units = List.copyOf(units);
    classes = List.copyOf(classes);
  }

  /** A report that names no class beyond those of its tests. */
  public RunReport(
      RunSummary summary,
      List<WorkerSummary> workers,
      List<HostSummary> hosts,
      List<TestResult> tests,
      List<UnitTime> units) {
    this(summary, workers, hosts, tests, units, List.of());
  }

  /** This report with only the tests and classes of {@code module}. */
  public RunReport ofModule(String module) {
    return new RunReport(
        summary,
        workers,
        hosts,
        tests.stream().filter(t -> t.module().equals(module)).toList(),
        units,
        classes.stream().filter(c -> c.module().equals(module)).toList());
  }

  /** This report with {@code hosts} instead of its own. */
  public RunReport withHosts(List<HostSummary> hosts) {
    return new RunReport(summary, workers, hosts, tests, units, classes);
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
