/**
 * The agreed test plan of a run: its nodes, the dynamic tests registered while it runs, and the
 * units of work cut from it. Pure data structures; no I/O, no threads.
 */
package dev.jxdist.coordinator.plan;
