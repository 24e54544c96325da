package dev.jxdist.coordinator.report;

import java.util.List;

/**
 * One worker of the run.
 *
 * @param id the worker id ({@code w1}, one per JVM)
 * @param slot the slot it filled ({@code JXDIST_WORKER}; a later JVM may fill it again)
 * @param host its host, as the host list names it ({@code localhost} for local workers)
 * @param pid its process id on that host, 0 if it never said Hello
 * @param tests how many tests it finished
 * @param state how its life ended: {@code finished}, {@code crashed}, {@code stopped} (taken out of
 *     the run after it ran tests: the session timed out, it was dropped), {@code failed} (it never
 *     took part: it did not start, or could not run the suite), {@code unused} (the run no longer
 *     needed it when it came up)
 * @param module the suite (module) it ran
 * @param classes the units (top-level classes) it ran, in order: the classes that shared its JVM,
 *     the one it was running when it crashed or was stopped last
 * @param units the units it ran, in order, each as the unique ids of the plan nodes it selected:
 *     what {@code --replay} runs again
 * @param readyS seconds from its start to its plan (or the plan's hash): what a worker's start
 *     costs; NaN if it sent none
 */
public record WorkerSummary(
    String id,
    String slot,
    String host,
    long pid,
    int tests,
    String state,
    String module,
    List<String> classes,
    List<List<String>> units,
    double readyS) {

  public WorkerSummary {
    classes = List.copyOf(classes);
    units = units.stream().map(List::copyOf).toList();
  }

  /** A worker outside any module that ran no recorded units. */
  public WorkerSummary(String id, String host, long pid, int tests, String state) {
    this(id, id, host, pid, tests, state, "", List.of(), List.of(), Double.NaN);
  }
}
