/**
 * What the worker does with the coordinator's commands: one thread (in a worker JVM its {@code
 * main} thread, where Surefire runs tests too) configures the suite, discovers its plan and runs
 * units in order, turning launcher callbacks into events.
 */
package dev.jxdist.worker.execution;
