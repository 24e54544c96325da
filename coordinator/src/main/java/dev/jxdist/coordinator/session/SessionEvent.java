package dev.jxdist.coordinator.session;

import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.remote.RemoteWorker;
import java.time.Instant;

/** What the session thread is told; everything that changes run state arrives as one of these. */
sealed interface SessionEvent {

  /** A worker presented the right token. */
  record Connected(RemoteWorker worker) implements SessionEvent {}

  /** A connected worker sent something, which arrived {@code at}. */
  record Received(RemoteWorker worker, WorkerEvent event, Instant at) implements SessionEvent {}

  /** A worker's stream ended; {@code cause} is null for a clean end. */
  record Disconnected(RemoteWorker worker, Throwable cause) implements SessionEvent {}

  /** A worker's process ended. */
  record ProcessExited(String workerId, int exitCode) implements SessionEvent {}

  /** A worker's process could not be started; {@code reason} says why. */
  record StartFailed(String workerId, String reason) implements SessionEvent {}

  /** A crashed worker's report was fetched (off the session thread). */
  record CrashReported(String workerId, CrashReport report) implements SessionEvent {}

  /** A thread dump of a worker that ran out of time, taken with jcmd off the session thread. */
  record ThreadDumpTaken(String workerId, String text) implements SessionEvent {}

  /** The user asked to stop (Ctrl-C). */
  record Interrupted() implements SessionEvent {}
}
