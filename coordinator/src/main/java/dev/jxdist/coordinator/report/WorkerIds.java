package dev.jxdist.coordinator.report;

import java.util.Comparator;

/** Orders worker ids as people read them: {@code w2} before {@code w10}. */
final class WorkerIds {

  /** Shorter ids first (same prefix, fewer digits), then alphabetically. */
  static final Comparator<String> ORDER =
      Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

  private WorkerIds() {}
}
