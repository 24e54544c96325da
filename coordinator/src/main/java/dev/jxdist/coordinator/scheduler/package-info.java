/**
 * Distribution strategies: which unit of work goes to which worker, when. One class per strategy
 * behind {@link dev.jxdist.coordinator.scheduler.Scheduler}, chosen by {@link
 * dev.jxdist.coordinator.scheduler.Distribution} (replay is built from a report); every one that
 * shares work orders it by a {@link dev.jxdist.coordinator.scheduler.UnitCost}, longest first, and
 * keeps workers' queues short by one rule ({@code Prefetch}). Schedulers are pure: they hear about
 * workers and finished units and answer with assignments; no I/O, no threads, no clock.
 */
package dev.jxdist.coordinator.scheduler;
