/**
 * Content-addressed code sync to SSH hosts: learns in one round trip which blobs a host's store
 * lacks, uploads only those, and lays sessions out there with the worker's layout command.
 */
package dev.jxdist.coordinator.sync;
