/**
 * How a worker notices that it is alone: the coordinator fell silent (heartbeat watchdog) or the
 * parent process that started it died (end of standard input). A worker never lingers.
 */
package dev.jxdist.worker.liveness;
