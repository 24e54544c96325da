package dev.jxdist.coordinator.report;

/**
 * One worker of the run.
 *
 * @param id the worker id ({@code w1})
 * @param host its host, as the host list names it ({@code localhost} for local workers)
 * @param pid its process id on that host, 0 if it never said Hello
 * @param tests how many tests it finished
 * @param state how its life ended: {@code finished}, {@code crashed}, {@code failed} (never started)
 */
public record WorkerSummary(String id, String host, long pid, int tests, String state) {}
