package dev.jxdist.coordinator.session;

import dev.jxdist.coordinator.report.ClassRun;
import dev.jxdist.coordinator.report.HostSummary;
import dev.jxdist.coordinator.report.RunReport;
import dev.jxdist.coordinator.report.RunSummary;
import dev.jxdist.coordinator.report.SyncStats;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.report.TestStatus;
import dev.jxdist.coordinator.report.UnitTime;
import dev.jxdist.coordinator.report.WorkerSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the session's final state into the {@link RunReport} the reporters read. */
final class RunReports {

  private RunReports() {}

  static RunReport build(
      List<TestResult> results,
      List<ClassRun> classes,
      List<UnitTime> units,
      Collection<WorkerSlot> slots,
      double wallS,
      Instant startedAt,
      int exitCode) {
    Map<TestStatus, Integer> counts = new EnumMap<>(TestStatus.class);
    results.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
    RunSummary summary =
        new RunSummary(
            results.size(),
            counts.getOrDefault(TestStatus.PASSED, 0),
            counts.getOrDefault(TestStatus.FAILED, 0),
            counts.getOrDefault(TestStatus.ERROR, 0),
            counts.getOrDefault(TestStatus.SKIPPED, 0),
            counts.getOrDefault(TestStatus.CRASHED, 0),
            counts.getOrDefault(TestStatus.FLAKY, 0),
            wallS,
            exitCode,
            startedAt);
    List<WorkerSummary> workers = new ArrayList<>();
    Map<String, Integer> perHost = new LinkedHashMap<>();
    for (WorkerSlot s : slots) {
      workers.add(
          new WorkerSummary(
              s.id(),
              s.slot(),
              s.host(),
              s.pid(),
              s.testsFinished(),
              s.reportState(),
              s.suite().id(),
              s.classesInJvm(),
              s.unitsRun(),
              s.readySeconds()));
      perHost.merge(s.host(), 1, Integer::sum);
    }
    List<HostSummary> hosts = new ArrayList<>();
    perHost.forEach((host, n) -> hosts.add(new HostSummary(host, n, SyncStats.NONE)));
    return new RunReport(summary, workers, hosts, results, units, classes);
  }
}
