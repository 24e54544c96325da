/**
 * The worker process: {@link dev.jxdist.worker.WorkerDaemon} reads its bootstrap, dials the
 * coordinator and exits with one of the documented {@link dev.jxdist.worker.ExitCode}s.
 */
package dev.jxdist.worker;
