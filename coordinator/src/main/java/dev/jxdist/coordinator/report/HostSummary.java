package dev.jxdist.coordinator.report;

/**
 * One host of the run.
 *
 * @param name the host as the host list names it (without user and port)
 * @param workers how many workers ran there
 * @param sync what code sync did for it
 */
public record HostSummary(String name, int workers, SyncStats sync) {}
