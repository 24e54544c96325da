/**
 * DSession, the one run: an actor whose single thread owns every piece of run state (workers, plan,
 * results) and is fed by a queue of events. Callbacks from gRPC and processes only enqueue.
 */
package dev.jxdist.coordinator.session;
