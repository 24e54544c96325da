/**
 * DSession, the one run's actor: a single thread owns every piece of run state and is fed by a
 * queue of events (callbacks from gRPC and processes only enqueue). Its concerns each have a class:
 * {@link dev.jxdist.coordinator.session.DSession} the event loop and the conversation with workers,
 * {@code Staffing} who works where, {@code Liveness} deadlines and pings, {@code WorkFlow} plans,
 * units and results, {@code SessionOutcome} how the run ends, {@code WorkerSlot} one worker's
 * state. Nothing here starts processes, touches SSH, syncs code or writes files.
 */
package dev.jxdist.coordinator.session;
