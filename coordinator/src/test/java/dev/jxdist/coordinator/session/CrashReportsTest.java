package dev.jxdist.coordinator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CrashReportsTest {

  final ManualClock clock = new ManualClock();
  final CrashReports reports = new CrashReports(clock);
  final WorkerSlot w1 = Slots.starting("w1", "w1", Slots.suite("s"), clock.instant());

  CrashReport.Facts facts() {
    return new CrashReport.Facts(
        "w1", 42, "h2", "it was silent for 10 s", OptionalInt.empty(), false, "java -jar w.jar");
  }

  @Test
  void aReportThatComesInTimeIsTheOneTold() {
    reports.await(w1, facts(), List.of());
    clock.advance(Duration.ofSeconds(4));
    assertThat(reports.overdue()).isEmpty();
    assertThat(reports.isEmpty()).isFalse();

    CrashReport fetched = new CrashReport("worker w1 crashed", "with its log");
    assertThat(reports.arrived("w1", fetched))
        .hasValueSatisfying(c -> assertThat(c.report()).isEqualTo(fetched));
    assertThat(reports.isEmpty()).isTrue();
  }

  @Test
  void aReportNotInAfterTheFetchTimeoutIsToldWithoutItsLogAndALateOneIsIgnored() {
    reports.await(w1, facts(), List.of());
    clock.advance(CrashReport.FETCH_TIMEOUT.plusMillis(1));

    List<CrashReports.Complete> late = reports.overdue();

    assertThat(late).hasSize(1);
    assertThat(late.get(0).report().headline())
        .isEqualTo("worker w1 (pid 42 on h2) crashed: it was silent for 10 s");
    assertThat(late.get(0).report().detail())
        .contains("command: java -jar w.jar")
        .contains("(its log on h2 could not be fetched within 5 s)");
    assertThat(reports.isEmpty()).isTrue();
    assertThat(reports.arrived("w1", new CrashReport("late", "late"))).isEmpty();
  }

  @Test
  void aFetchedReportSaysTheJvmExitedWhenItsConnectionEndedAndItsExitCodeIsThere() {
    FakeProcess process = new FakeProcess("w1");
    process.alive = false; // exit code 137
    CrashReport report =
        CrashReport.fetch(
            new CrashReport.Facts(
                "w1", 42, "localhost", "its connection closed", OptionalInt.empty(), true, "java"),
            process);

    assertThat(report.headline())
        .isEqualTo(
            "worker w1 (pid 42 on localhost) crashed: its JVM exited before it said goodbye"
                + " (exit code 137 (killed by signal 9))");
    assertThat(report.detail()).contains("last words of w1");
  }
}
