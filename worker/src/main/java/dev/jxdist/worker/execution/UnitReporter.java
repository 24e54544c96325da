package dev.jxdist.worker.execution;

import dev.jxdist.common.model.Outcome;
import dev.jxdist.common.model.ReportEntry;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.model.ThrowableInfo;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.worker.bridge.api.ExecutionSink;
import dev.jxdist.worker.capture.Captured;
import dev.jxdist.worker.capture.OutputCapture;
import dev.jxdist.worker.connection.Outbox;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns the launcher's callbacks during one unit into protocol events: timestamps from the clock,
 * durations, captured output and report entries attached to each node's {@code TestFinished}.
 * Engine roots start and finish in every launcher call, so their routine events are not sent: only
 * an engine root that fails (or is skipped) is reported, since that outcome belongs to every test
 * below it. Roots never capture output; what is written at engine level travels live. Thread-safe:
 * parallel engines call it from many threads.
 */
final class UnitReporter implements ExecutionSink {

  private final int unitId;
  private final Outbox outbox;
  private final OutputCapture capture;
  private final Clock clock;
  private final Map<String, TestNode> nodes;
  private final Map<String, Long> startNanos = new ConcurrentHashMap<>();
  private final Map<String, List<ReportEntry>> entries = new ConcurrentHashMap<>();
  private final AtomicInteger testsFinished = new AtomicInteger();

  /**
   * @param nodes every node known so far by unique id (the plan and registered dynamic nodes);
   *     dynamic nodes registered during the unit are added to it
   */
  UnitReporter(
      int unitId, Outbox outbox, OutputCapture capture, Clock clock, Map<String, TestNode> nodes) {
    this.unitId = unitId;
    this.outbox = outbox;
    this.capture = capture;
    this.clock = clock;
    this.nodes = nodes;
  }

  /** Test nodes (not containers) that finished or were skipped so far. */
  int testsFinished() {
    return testsFinished.get();
  }

  @Override
  public void started(String uniqueId) {
    startNanos.put(uniqueId, System.nanoTime());
    if (isRoot(uniqueId)) {
      return;
    }
    capture.nodeStarted(uniqueId);
    outbox.send(new WorkerEvent.TestStarted(uniqueId, unitId, clock.millis()));
  }

  @Override
  public void registered(TestNode node) {
    nodes.put(node.uniqueId(), node);
    outbox.send(new WorkerEvent.DynamicTestRegistered(node, unitId));
  }

  @Override
  public void skipped(String uniqueId, String reason) {
    countIfTest(uniqueId);
    outbox.send(
        new WorkerEvent.TestFinished(
            uniqueId,
            unitId,
            Outcome.SKIPPED,
            reason,
            Optional.empty(),
            0,
            "",
            "",
            entriesOf(uniqueId),
            clock.millis()));
  }

  @Override
  public void finished(String uniqueId, Outcome outcome, Optional<ThrowableInfo> throwable) {
    boolean root = isRoot(uniqueId);
    Long start = startNanos.remove(uniqueId);
    if (root && outcome == Outcome.SUCCESSFUL) {
      return;
    }
    Captured output = root ? Captured.NONE : capture.nodeFinished(uniqueId);
    long duration = start == null ? 0 : System.nanoTime() - start;
    countIfTest(uniqueId);
    outbox.send(
        new WorkerEvent.TestFinished(
            uniqueId,
            unitId,
            outcome,
            "",
            throwable,
            duration,
            output.stdout(),
            output.stderr(),
            entriesOf(uniqueId),
            clock.millis()));
  }

  @Override
  public void reportEntry(String uniqueId, ReportEntry entry) {
    entries.computeIfAbsent(uniqueId, id -> new CopyOnWriteArrayList<>()).add(entry);
  }

  private List<ReportEntry> entriesOf(String uniqueId) {
    List<ReportEntry> list = entries.remove(uniqueId);
    return list == null ? List.of() : List.copyOf(list);
  }

  private void countIfTest(String uniqueId) {
    TestNode node = nodes.get(uniqueId);
    if (node != null && node.type().isTest()) {
      testsFinished.incrementAndGet();
    }
  }

  private boolean isRoot(String uniqueId) {
    TestNode node = nodes.get(uniqueId);
    return node != null ? node.isRoot() : !uniqueId.contains("]/[");
  }
}
