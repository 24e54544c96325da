/**
 * The module description: one module's test run as Surefire would configure it, built from a Maven
 * project (resolving the JUnit pieces it lacks with Maven's resolver). The record and its {@code
 * module-NNN.json} format are the coordinator's ({@code dev.jxdist.coordinator.selection}), so the
 * plugin writes exactly what {@code jxdist run} reads.
 */
package dev.jxdist.maven.describe;
