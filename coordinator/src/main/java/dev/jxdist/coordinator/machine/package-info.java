/**
 * The machine side of a run: what runs on a machine that offers itself to a coordinator instead of
 * being started over SSH. Today that is {@code jxdist worker}, which joins one run over the join
 * protocol, fetches the blobs its store lacks, lays each assignment out and runs its worker JVM;
 * the {@code jxdist agent} daemon will extend it. The coordinator's side of the same protocol lives
 * in {@code dev.jxdist.coordinator.join}.
 */
package dev.jxdist.coordinator.machine;
