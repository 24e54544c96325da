package dev.jxdist.coordinator.session;

import dev.jxdist.coordinator.report.RunListener;
import java.util.List;
import java.util.function.Predicate;

/**
 * The progress line's numbers over every suite of a run: tests settled, tests known so far, and
 * whether that is all of them. Discovery is complete when every suite has its plan (or cannot be
 * run at all), every worker of an {@code each} suite has sent its own, and no test template or
 * factory of any is open (see {@link ResultBook#discoveryComplete}); from then on the number known
 * is final. Tells the listener only when a number changes. Owned by the session thread.
 */
final class ProgressCount {

  private int done = -1;
  private int known = -1;
  private boolean complete;

  /**
   * Counts again and tells {@code listener} if anything changed.
   *
   * @param suites every suite of the run
   * @param discovering true for a suite with a worker still starting or discovering
   */
  void update(List<SuiteRun> suites, Predicate<SuiteRun> discovering, RunListener listener) {
    int nowDone = 0;
    int nowKnown = 0;
    boolean nowComplete = true;
    for (SuiteRun suite : suites) {
      if (suite.plan == null) {
        nowComplete &= suite.failure != null;
        continue;
      }
      for (ResultBook book : suite.books()) {
        nowDone += book.testsSettled();
        nowKnown += book.testsKnown();
        nowComplete &= book.discoveryComplete();
      }
      if (suite.bookPerWorker && discovering.test(suite)) {
        nowComplete = false;
      }
    }
    if (nowKnown == 0 && !suites.isEmpty() && suites.stream().allMatch(s -> s.plan == null)) {
      return;
    }
    if (nowDone != done || nowKnown != known || nowComplete != complete) {
      done = nowDone;
      known = nowKnown;
      complete = nowComplete;
      listener.progress(done, known, complete);
    }
  }
}
