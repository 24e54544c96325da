package dev.jxdist.common.wire;

import dev.jxdist.common.model.Outcome;
import dev.jxdist.common.model.ReportEntry;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.model.ThrowableInfo;
import java.util.List;
import java.util.Optional;

/** What a worker tells the coordinator. Field meanings are documented in {@code worker.proto}. */
public sealed interface WorkerEvent {

  /** The first message of every stream. The token is never printed: see {@link #toString()}. */
  record Hello(
      int protocolVersion,
      String workerId,
      String host,
      long pid,
      String javaVersion,
      String javaVendor,
      int cores,
      String token)
      implements WorkerEvent {
    @Override
    public String toString() {
      return "Hello[" + workerId + " on " + host + ", pid " + pid + ", Java " + javaVersion + "]";
    }
  }

  /**
   * The answer to a Discover. {@code nodes} is empty unless the plan was asked for; so is {@code
   * indivisibleIds}, the unique ids of the top-level nodes that must run whole.
   */
  record Discovered(
      String planHash,
      int testCount,
      List<TestNode> nodes,
      long durationMs,
      List<String> indivisibleIds)
      implements WorkerEvent {
    public Discovered {
      nodes = List.copyOf(nodes);
      indivisibleIds = List.copyOf(indivisibleIds);
    }

    /** A plan (or just its hash) with no class that must run whole. */
    public Discovered(String planHash, int testCount, List<TestNode> nodes, long durationMs) {
      this(planHash, testCount, nodes, durationMs, List.of());
    }
  }

  /** A node began executing. */
  record TestStarted(String uniqueId, int unitId, long timestampMs) implements WorkerEvent {}

  /** A node ended or was skipped. */
  record TestFinished(
      String uniqueId,
      int unitId,
      Outcome outcome,
      String skipReason,
      Optional<ThrowableInfo> throwable,
      long durationNanos,
      String stdout,
      String stderr,
      List<ReportEntry> reportEntries,
      long timestampMs)
      implements WorkerEvent {
    public TestFinished {
      reportEntries = List.copyOf(reportEntries);
    }
  }

  /** A dynamic test or parameterized invocation came into being. */
  record DynamicTestRegistered(TestNode node, int unitId) implements WorkerEvent {}

  /** Every node of a unit has its final event. */
  record UnitDone(int unitId, long durationNanos) implements WorkerEvent {}

  /** A chunk of live output. {@code uniqueId} is empty outside any test. */
  record Output(boolean stderr, String text, String uniqueId) implements WorkerEvent {}

  /** The worker drained its queue after Shutdown and is about to exit. */
  record Bye(int testsFinished, int unitsFinished, long uptimeMs) implements WorkerEvent {}

  /** The answer to a Ping. */
  record Pong(long sequence) implements WorkerEvent {}

  /** The worker cannot go on and exits. */
  record WorkerFailure(String message, String detail) implements WorkerEvent {}

  /** The answer to DumpThreads: every thread of the worker JVM with its stack, as jstack prints. */
  record ThreadDump(String text) implements WorkerEvent {}
}
