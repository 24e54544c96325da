package dev.jxdist.coordinator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jxdist.coordinator.history.DurationHistory;
import dev.jxdist.coordinator.history.SurefireTimes;
import dev.jxdist.coordinator.session.WorkerStarts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownWorkTest {

  @TempDir Path tmp;

  @Test
  void theLastRunsWorkComesFirst() throws IOException {
    DurationHistory history = DurationHistory.load(tmp.resolve("durations.json"));
    history.record(Map.of("[engine:junit-jupiter]/[class:fx.A]", 3.0));

    Optional<KnownWork> known = KnownWork.of(history, List.of(suite("a", 7.5)));

    assertThat(known).contains(new KnownWork(3.0, WorkerStarts.Basis.LAST_RUN));
  }

  @Test
  void withoutAHistoryEverySuitesSurefireReportsAddUp() throws IOException {
    DurationHistory history = DurationHistory.load(tmp.resolve("durations.json"));

    Optional<KnownWork> known = KnownWork.of(history, List.of(suite("a", 2.25), suite("b", 0.5)));

    assertThat(known)
        .hasValueSatisfying(
            k -> {
              assertThat(k.seconds()).isCloseTo(2.75, within(1e-9));
              assertThat(k.basis()).isEqualTo(WorkerStarts.Basis.SUREFIRE_REPORTS);
            });
    assertThat(KnownWork.seconds(known)).hasValueCloseTo(2.75, within(1e-9));
  }

  @Test
  void aSuiteWithoutReportsLeavesTheWorkUnknown() throws IOException {
    DurationHistory history = DurationHistory.load(tmp.resolve("durations.json"));
    SurefireTimes untested = suite("b", 0.5);
    Files.delete(tmp.resolve("b/target/surefire-reports/TEST-fx.B.xml"));

    assertThat(KnownWork.of(history, List.of(suite("a", 2.25), untested))).isEmpty();
    assertThat(KnownWork.of(history, List.of())).isEmpty();
    assertThat(KnownWork.seconds(Optional.empty())).isEmpty();
  }

  /**
   * The reports of a suite whose module's Surefire report says its one class took {@code seconds}.
   */
  private SurefireTimes suite(String name, double seconds) throws IOException {
    Path reports = Files.createDirectories(tmp.resolve(name).resolve("target/surefire-reports"));
    String cls = "fx." + name.toUpperCase(java.util.Locale.ROOT);
    Files.writeString(
        reports.resolve("TEST-" + cls + ".xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\""
            + cls
            + "\" time=\""
            + seconds
            + "\" tests=\"1\"/>\n");
    return SurefireTimes.in(reports);
  }
}
