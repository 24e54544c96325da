/**
 * What the worker does with the coordinator's commands: one thread ("worker-exec") configures the
 * suite, discovers its plan and runs units in order, turning launcher callbacks into events.
 */
package dev.jxdist.worker.execution;
