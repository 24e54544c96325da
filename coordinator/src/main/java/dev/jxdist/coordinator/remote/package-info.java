/**
 * The coordinator's side of the wire: the gRPC server, the thin service that turns each worker's
 * stream into a {@link dev.jxdist.coordinator.remote.RemoteWorker} and session events, and that
 * handle itself. No run logic lives here.
 */
package dev.jxdist.coordinator.remote;
