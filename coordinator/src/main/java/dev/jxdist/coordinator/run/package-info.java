/**
 * One {@code jxdist run} from start to end: its composition and lifecycle. {@link
 * dev.jxdist.coordinator.run.DistributedRun} prepares the workforce (local, SSH hosts, join
 * places), starts the server and the session, runs it, writes what it produced and closes
 * everything in reverse order. The session's logic is in {@code session}; this package only wires
 * and ends.
 */
package dev.jxdist.coordinator.run;
