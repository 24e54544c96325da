package dev.jxdist.worker.bridge.api;

import dev.jxdist.common.model.Outcome;
import dev.jxdist.common.model.ReportEntry;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.model.ThrowableInfo;
import java.util.Optional;

/**
 * Receives what happens while a bridge executes tests, in the launcher's order. Called on the
 * threads the engine runs tests on; implementations are thread-safe and do not throw.
 */
public interface ExecutionSink {

  /** A node (engine, container or test) began executing, on the calling thread. */
  void started(String uniqueId);

  /** A dynamic test or parameterized invocation came into being; it starts later. */
  void registered(TestNode node);

  /** A node was skipped without starting ({@code reason} may be empty). */
  void skipped(String uniqueId, String reason);

  /** A node that started has finished. */
  void finished(String uniqueId, Outcome outcome, Optional<ThrowableInfo> throwable);

  /** A running node published an entry through the JUnit {@code TestReporter}. */
  void reportEntry(String uniqueId, ReportEntry entry);
}
