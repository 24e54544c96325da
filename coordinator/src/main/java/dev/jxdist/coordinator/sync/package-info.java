/**
 * Content-addressed code sync: what of a suite travels ({@link
 * dev.jxdist.coordinator.sync.SuiteManifests}, for SSH hosts and joiners alike), and, for SSH
 * hosts, learning in one round trip which blobs a host's store lacks, uploading only those, and
 * laying sessions out there with the worker's layout command.
 */
package dev.jxdist.coordinator.sync;
