/**
 * The suite's {@code System.out} and {@code System.err}: each test's output is kept with the test,
 * output written outside any test travels live. The worker's own diagnostics never pass here.
 */
package dev.jxdist.worker.capture;
