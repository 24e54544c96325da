/**
 * The joiner's side of workers that join ({@code jxdist worker}): it joins a run over the join
 * protocol, fetches the blobs its store lacks, lays each assignment out and runs its worker JVM.
 * The coordinator's side lives in {@code dev.jxdist.coordinator.join}.
 */
package dev.jxdist.coordinator.joiner;
