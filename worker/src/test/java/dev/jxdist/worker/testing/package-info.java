/**
 * Test support: the real JUnit suites the bridge runs, a gRPC server that plays coordinator, and a
 * worker started as a real JVM process.
 */
package dev.jxdist.worker.testing;
