/**
 * Distribution strategies: which unit of work goes to which worker, when. Schedulers are pure:
 * they hear about workers and finished units and answer with assignments; no I/O, no threads.
 */
package dev.jxdist.coordinator.scheduler;
