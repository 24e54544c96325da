/**
 * Durations from history: the store of measured test and class durations ({@code
 * .jxdist/durations.json}), the unit costs strategies order work by, and the estimate of what is
 * left of a run. No scheduling and no rendering here.
 */
package dev.jxdist.coordinator.history;
