/**
 * Content-addressed code sync to SSH hosts: learns in one round trip which blobs a host's store
 * lacks, sends only those as one tar stream that the host checks and renames into place, cleans up
 * what interrupted syncs and ended runs left there, and locks each run's session directory while
 * the run lasts.
 */
package dev.jxdist.coordinator.sync;
