package dev.jxdist.worker.bridge.junit;

import dev.jxdist.common.model.Outcome;
import dev.jxdist.common.model.ReportEntry;
import dev.jxdist.common.model.ThrowableInfo;
import dev.jxdist.worker.bridge.api.ExecutionSink;
import java.time.ZoneId;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/** Forwards the launcher's execution events to an {@link ExecutionSink}. */
final class SinkListener implements TestExecutionListener {

  private final ExecutionSink sink;

  SinkListener(ExecutionSink sink) {
    this.sink = sink;
  }

  @Override
  public void dynamicTestRegistered(TestIdentifier id) {
    sink.registered(TestNodes.of(id));
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    sink.skipped(id.getUniqueId(), reason == null ? "" : reason);
  }

  @Override
  public void executionStarted(TestIdentifier id) {
    sink.started(id.getUniqueId());
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    sink.finished(
        id.getUniqueId(),
        outcome(result.getStatus()),
        result.getThrowable().map(ThrowableInfo::of));
  }

  @Override
  public void reportingEntryPublished(
      TestIdentifier id, org.junit.platform.engine.reporting.ReportEntry entry) {
    long millis = entry.getTimestamp().atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    sink.reportEntry(id.getUniqueId(), new ReportEntry(millis, entry.getKeyValuePairs()));
  }

  private static Outcome outcome(TestExecutionResult.Status status) {
    if (status == TestExecutionResult.Status.SUCCESSFUL) {
      return Outcome.SUCCESSFUL;
    } else if (status == TestExecutionResult.Status.ABORTED) {
      return Outcome.ABORTED;
    }
    return Outcome.FAILED;
  }
}
