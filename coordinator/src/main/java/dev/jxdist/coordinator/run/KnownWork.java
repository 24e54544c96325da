package dev.jxdist.coordinator.run;

import dev.jxdist.coordinator.history.DurationHistory;
import dev.jxdist.coordinator.history.SurefireTimes;
import dev.jxdist.coordinator.session.WorkerStarts;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The seconds of work a run knows of before its plan, and where from: what decides how many {@code
 * -n auto} workers start at once and how they compile ({@link WorkerStarts}, {@code WorkerJit}).
 * The last run's work if the durations history has it; else, for a project jxdist never ran but
 * Maven tested, the times in every suite's Surefire reports. Only an estimate: the plan's own
 * estimate may start more workers, and no figure here changes a result.
 *
 * @param seconds the work, in seconds
 * @param basis where it comes from
 */
record KnownWork(double seconds, WorkerStarts.Basis basis) {

  /**
   * What {@code history} knows, or else the Surefire reports of every suite ({@code surefire});
   * empty if neither does.
   */
  static Optional<KnownWork> of(DurationHistory history, Collection<SurefireTimes> surefire) {
    OptionalDouble lastRun = history.lastRunWork();
    if (lastRun.isPresent()) {
      return Optional.of(new KnownWork(lastRun.getAsDouble(), WorkerStarts.Basis.LAST_RUN));
    }
    double sum = 0;
    for (SurefireTimes reports : surefire) {
      OptionalDouble reported = reports.total();
      if (reported.isEmpty()) {
        return Optional.empty(); // a suite of unknown work
      }
      sum += reported.getAsDouble();
    }
    return surefire.isEmpty()
        ? Optional.empty()
        : Optional.of(new KnownWork(sum, WorkerStarts.Basis.SUREFIRE_REPORTS));
  }

  /** The seconds of {@code known}, if there is such work. */
  static OptionalDouble seconds(Optional<KnownWork> known) {
    return known.map(k -> OptionalDouble.of(k.seconds())).orElseGet(OptionalDouble::empty);
  }
}
