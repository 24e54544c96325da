package dev.jxdist.archfixture.report;

import dev.jxdist.archfixture.scheduler.Greedy;

/** Depends on the scheduler, which depends on it: a cycle. */
public final class Report {
  /** One line. */
  public String line() {
    return "made by " + Greedy.class.getSimpleName();
  }
}
