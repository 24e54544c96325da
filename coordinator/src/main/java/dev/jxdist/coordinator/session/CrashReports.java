package dev.jxdist.coordinator.session;

import dev.jxdist.coordinator.report.TestResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The crash reports the session waits for: each crashed worker's report is fetched off the session
 * thread, and the tests it crashed are told only once it is there (with its log tail), or once
 * {@link CrashReport#FETCH_TIMEOUT} has passed (then without the tail, saying so). The run does not
 * end while one is awaited. Time comes from the injected clock; used by the session thread only.
 */
final class CrashReports {

  /**
   * A crash whose report is awaited, or complete.
   *
   * @param slot the crashed worker
   * @param facts what the session knew when it crashed
   * @param crashed the results of the tests it crashed, with the headline only for now
   * @param deadline when the report is given up waiting for
   */
  record Pending(
      WorkerSlot slot, CrashReport.Facts facts, List<TestResult> crashed, Instant deadline) {}

  /** A crash with its report: fetched, or made without the log at the deadline. */
  record Complete(Pending crash, CrashReport report) {}

  private final Clock clock;
  private final Map<String, Pending> awaited = new LinkedHashMap<>();

  CrashReports(Clock clock) {
    this.clock = clock;
  }

  /** The report of {@code slot}'s crash is being fetched; {@code crashed} wait for it. */
  void await(WorkerSlot slot, CrashReport.Facts facts, List<TestResult> crashed) {
    awaited.put(
        slot.id(),
        new Pending(
            slot, facts, List.copyOf(crashed), clock.instant().plus(CrashReport.FETCH_TIMEOUT)));
  }

  /** The report of worker {@code workerId} came; empty if it is no longer awaited (too late). */
  Optional<Complete> arrived(String workerId, CrashReport report) {
    Pending pending = awaited.remove(workerId);
    return pending == null ? Optional.empty() : Optional.of(new Complete(pending, report));
  }

  /** The crashes whose report did not come in time, each now with a report that says so. */
  List<Complete> overdue() {
    Instant now = clock.instant();
    List<Complete> late = new ArrayList<>();
    for (Iterator<Pending> it = awaited.values().iterator(); it.hasNext(); ) {
      Pending pending = it.next();
      if (now.isAfter(pending.deadline())) {
        it.remove();
        late.add(new Complete(pending, CrashReport.withoutLog(pending.facts())));
      }
    }
    return late;
  }

  /** True while no report is awaited. */
  boolean isEmpty() {
    return awaited.isEmpty();
  }
}
