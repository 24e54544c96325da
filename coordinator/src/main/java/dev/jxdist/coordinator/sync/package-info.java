/**
 * Content-addressed code sync: what of a suite travels ({@link
 * dev.jxdist.coordinator.sync.SuiteManifests}, for SSH hosts and joiners alike), and, for SSH
 * hosts, learning in one round trip which blobs a host's store lacks, sending only those as one tar
 * stream that the host checks and renames into place, cleaning up what interrupted syncs and ended
 * runs left there, and locking each run's session directory while the run lasts.
 */
package dev.jxdist.coordinator.sync;
