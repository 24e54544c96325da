package dev.jxdist.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.model.Outcome;
import dev.jxdist.common.model.Selector;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.worker.bridge.api.LaunchOptions;
import dev.jxdist.worker.capture.OutputCapture;
import dev.jxdist.worker.suite.SuiteRuntime;
import dev.jxdist.worker.testing.RecordingOutbox;
import dev.jxdist.worker.testing.Suites;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Launcher callbacks of real suites, turned into protocol events with their captured output. */
class UnitReporterTest {

  private static final String ENGINE = "[engine:junit-jupiter]";
  private static final String BASICS = ENGINE + "/[class:fx.BasicsTest]";
  private static final String PARAMS = ENGINE + "/[class:fx.ParamsTest]";
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private final RecordingOutbox outbox = new RecordingOutbox();
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @ParameterizedTest
  @EnumSource(Suites.Line.class)
  void capturedOutputTravelsWithItsTest(Suites.Line line) throws Exception {
    UnitReporter reporter = run(line, 7, BASICS, PARAMS);

    WorkerEvent.TestFinished passes = finished(BASICS + "/[method:passes()]");
    assertThat(passes.outcome()).isEqualTo(Outcome.SUCCESSFUL);
    assertThat(passes.stdout()).isEqualTo("out from passes" + System.lineSeparator());
    assertThat(passes.stderr()).isEqualTo("err from passes" + System.lineSeparator());
    assertThat(passes.unitId()).isEqualTo(7);
    assertThat(passes.timestampMs()).isEqualTo(NOW.toEpochMilli());
    assertThat(passes.durationNanos()).isPositive();
    assertThat(finished(BASICS + "/[method:fails()]").stdout()).isEmpty();

    String invocation = PARAMS + "/[test-template:positive(int)]/[test-template-invocation:#2]";
    assertThat(finished(invocation).stdout()).isEqualTo("param 2" + System.lineSeparator());
    assertThat(outbox.events(WorkerEvent.DynamicTestRegistered.class))
        .extracting(r -> r.node().uniqueId())
        .contains(invocation);
    // No output escaped capture.
    assertThat(outbox.events(WorkerEvent.Output.class)).isEmpty();

    WorkerEvent.TestFinished disabled = finished(BASICS + "/[method:disabled()]");
    assertThat(disabled.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(disabled.skipReason()).isEqualTo("not today");
    assertThat(disabled.durationNanos()).isZero();

    WorkerEvent.TestFinished reports =
        finished(BASICS + "/[method:reports(org.junit.jupiter.api.TestReporter)]");
    assertThat(reports.reportEntries()).hasSize(1);
    assertThat(reports.reportEntries().get(0).values()).containsEntry("answer", "42");

    assertThat(finished(BASICS + "/[method:fails()]").throwable())
        .hasValueSatisfying(t -> assertThat(t.assertion()).isTrue());

    // 7 in BasicsTest, 3 invocations and the nested test in ParamsTest.
    assertThat(reporter.testsFinished()).isEqualTo(11);

    // The engine root starts and finishes in every call; only a failing root would be news.
    List<WorkerEvent> events = outbox.events();
    assertThat(events)
        .noneMatch(e -> e instanceof WorkerEvent.TestStarted s && s.uniqueId().equals(ENGINE))
        .noneMatch(e -> e instanceof WorkerEvent.TestFinished f && f.uniqueId().equals(ENGINE));
    assertThat(events.get(0))
        .isInstanceOfSatisfying(
            WorkerEvent.TestStarted.class, s -> assertThat(s.uniqueId()).startsWith(ENGINE + "/"));
  }

  private UnitReporter run(Suites.Line line, int unitId, String... uniqueIds) throws Exception {
    Map<String, TestNode> nodes = new ConcurrentHashMap<>();
    try (SuiteRuntime suite =
            SuiteRuntime.open(Suites.classpath(line), UnitReporterTest.class.getClassLoader());
        OutputCapture capture = new OutputCapture(outbox, true, Duration.ofHours(1))) {
      List<TestNode> plan =
          suite.discover(
              List.of(
                  new Selector(Selector.Kind.CLASS, "fx.BasicsTest"),
                  new Selector(Selector.Kind.CLASS, "fx.ParamsTest")),
              LaunchOptions.none());
      plan.forEach(n -> nodes.put(n.uniqueId(), n));
      capture.install();
      UnitReporter reporter = new UnitReporter(unitId, outbox, capture, clock, nodes);
      suite.execute(List.of(uniqueIds), LaunchOptions.none(), reporter);
      return reporter;
    }
  }

  private WorkerEvent.TestFinished finished(String uniqueId) {
    return outbox.events(WorkerEvent.TestFinished.class).stream()
        .filter(f -> f.uniqueId().equals(uniqueId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no TestFinished for " + uniqueId));
  }
}
