package dev.jxdist.coordinator.session;

import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.remote.RemoteWorker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** The session's record of one worker over its life. Mutated by the session thread only. */
final class WorkerSlot {

  /** Where a worker is in its life. */
  enum State {
    /** Process started, no Hello yet. */
    STARTING,
    /** Hello accepted; configuring and discovering. */
    CONNECTED,
    /** Agreed on the plan; takes work. */
    READY,
    /** Told to shut down; waiting for its Bye. */
    DRAINING,
    /** Said Bye. */
    FINISHED,
    /** Vanished without Bye, or fell silent. */
    CRASHED,
    /** Reported that it cannot run the suite, or could not be started. */
    FAILED,
    /** Not needed: the run ended before it connected. */
    UNUSED;

    boolean isTerminal() {
      return this == FINISHED || this == CRASHED || this == FAILED || this == UNUSED;
    }

    boolean isConnected() {
      return this == CONNECTED || this == READY || this == DRAINING;
    }
  }

  final String id;

  /** The slot it fills ({@code JXDIST_WORKER}): the scheduler's name for it. */
  final String slot;

  final SuiteRun suite;

  /** Where it runs; known for sure only once it connected (a join place's joiner). */
  String host;

  final Instant startedAt;

  /** Since when its Hello is awaited: its start, or, for a join place, its JVM's launch. */
  Instant awaitingHelloSince;

  State state = State.STARTING;
  RemoteWorker remote;
  long pid;
  Instant lastHeard;
  Instant drainDeadline;
  boolean shutdownSent;
  int runningUnit = -1;
  int testsFinished;
  OptionalInt exitCode = OptionalInt.empty();
  String failure = "";

  /** Units sent and not yet reported done, in the order the worker runs them. */
  final Map<Integer, WorkUnit> queue = new LinkedHashMap<>();

  /** The units it finished, in order: the classes that shared its JVM. */
  final List<String> classesRun = new ArrayList<>();

  /** The units it finished, in order, each as the unique ids of the plan nodes it selected. */
  final List<List<String>> unitsRun = new ArrayList<>();

  /** Told to shut down because its suite has no work left for it (or in fresh-JVM mode). */
  boolean retiring;

  WorkerSlot(String id, String slot, SuiteRun suite, String host, long pid, Instant startedAt) {
    this.id = id;
    this.slot = slot;
    this.suite = suite;
    this.host = host;
    this.pid = pid;
    this.startedAt = startedAt;
    this.awaitingHelloSince = startedAt;
    this.lastHeard = startedAt;
  }

  /** How reports name its end state. */
  String reportState() {
    switch (state) {
      case FINISHED:
        return "finished";
      case CRASHED:
        return "crashed";
      case FAILED:
        return "failed";
      case UNUSED:
        return "unused";
      default:
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
