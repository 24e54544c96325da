/**
 * The worker's own diagnostics: one-line messages on the worker JVM's original standard error,
 * which the coordinator keeps in a log file. No logging framework.
 */
package dev.jxdist.worker.diagnostics;
