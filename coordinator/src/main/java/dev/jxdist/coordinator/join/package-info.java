/**
 * The coordinator's side of workers that join ({@code jxdist run --join N}): the join places and
 * their assignments ({@link dev.jxdist.coordinator.join.JoinProvisioner}), the worker handle of a
 * joined worker, the thin gRPC service joiners talk to, and the blob sender that serves them the
 * run's code. The machine side (the joiner itself) lives in {@code dev.jxdist.coordinator.machine}.
 */
package dev.jxdist.coordinator.join;
