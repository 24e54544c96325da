/**
 * The coordinator's side of the wire: the gRPC server, the thin service that turns each worker's
 * stream into a {@link dev.jxdist.coordinator.remote.RemoteWorker} and session events, that handle
 * itself, and who may connect: the {@link dev.jxdist.coordinator.remote.HandshakeStream} every
 * inbound stream passes (also the join service's) and the run's token file. No run logic lives
 * here.
 */
package dev.jxdist.coordinator.remote;
