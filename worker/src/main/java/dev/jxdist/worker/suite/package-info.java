/**
 * The suite under test in its own class loader, isolated from the worker's classes, and the bridge
 * that drives its JUnit Platform launcher from there. Nothing here speaks gRPC.
 */
package dev.jxdist.worker.suite;
