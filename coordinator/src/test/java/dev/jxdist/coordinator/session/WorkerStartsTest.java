package dev.jxdist.coordinator.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkerStartsTest {

  @Test
  void aWorkerIsWorthStartingWithAStartsWorthOfWorkForIt() {
    WorkerStarts starts = new WorkerStarts(1, 1.5, 0.9, WorkerStarts.Basis.LAST_RUN);

    assertThat(starts.firstWave(8)).isEqualTo(1); // 0.9 s is not worth one: the least
    assertThat(starts.worth(3.0, 8)).isEqualTo(2);
    assertThat(starts.worth(4.4, 8)).isEqualTo(2);
    assertThat(starts.worth(4.5, 8)).isEqualTo(3);
    assertThat(starts.worth(600, 8)).isEqualTo(8); // never more than the run's
    assertThat(starts.worth(Double.MAX_VALUE, 8)).isEqualTo(8);
  }

  @Test
  void everySuiteGetsAWorkerUpToTheRunsWorkers() {
    WorkerStarts starts = new WorkerStarts(3, 1.0, 0.1, WorkerStarts.Basis.LAST_RUN);

    assertThat(starts.firstWave(8)).isEqualTo(3);
    assertThat(starts.firstWave(2)).isEqualTo(2);
  }

  @Test
  void theFirstWaveLineSaysWhyAndHowToStartThemAll() {
    assertThat(new WorkerStarts(1, 1.25, 0.94, WorkerStarts.Basis.LAST_RUN).firstWaveLine(4))
        .isEqualTo(
            "starting 1 of 4 workers: the last run's tests took 0.9 s in all, a worker 1.3 s to"
                + " start; more start if this run's plan has more work (-n 4 starts every one)");
  }

  @Test
  void aFirstRunAfterMvnTestSaysItsWorkIsWhatSurefireReported() {
    WorkerStarts starts =
        new WorkerStarts(
            1, WorkerStarts.UNMEASURED_START_SECONDS, 2.55, WorkerStarts.Basis.SUREFIRE_REPORTS);

    assertThat(starts.firstWave(8)).isEqualTo(2);
    assertThat(starts.firstWaveLine(8))
        .isEqualTo(
            "starting 2 of 8 workers: mvn test's reports say the tests took 2.6 s, a worker takes"
                + " about 1.0 s to start; more start if this run's plan has more work (-n 8 starts"
                + " every one)");
  }

  @Test
  void meaninglessFiguresAreRefused() {
    assertThatThrownBy(() -> new WorkerStarts(0, 1, 1, WorkerStarts.Basis.LAST_RUN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WorkerStarts(1, 0, 1, WorkerStarts.Basis.LAST_RUN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("above 0");
    assertThatThrownBy(() -> new WorkerStarts(1, 1, Double.NaN, WorkerStarts.Basis.LAST_RUN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
