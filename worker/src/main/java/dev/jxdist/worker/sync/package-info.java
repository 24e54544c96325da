/**
 * The host side of code sync: laying a run's classpath and project files out of the host's blob
 * store before worker JVMs start there (their working directory must exist when they start).
 */
package dev.jxdist.worker.sync;
