package dev.jxdist.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.model.PlanHash;
import dev.jxdist.common.model.Selector;
import dev.jxdist.common.model.Unit;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.worker.ExitCode;
import dev.jxdist.worker.diagnostics.WorkerLog;
import dev.jxdist.worker.testing.RecordingOutbox;
import dev.jxdist.worker.testing.Suites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session's handling of commands, in process (the daemon tests run it as a real JVM). */
class WorkerSessionTest {

  private final RecordingOutbox outbox = new RecordingOutbox();
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final CompletableFuture<ExitCode> exit = new CompletableFuture<>();
  private final WorkerSession session =
      new WorkerSession(
          outbox,
          Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC),
          new WorkerLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), "w1"),
          WorkerSessionTest.class.getClassLoader(),
          (code, reason) -> exit.complete(code));

  @AfterEach
  void close() {
    session.close();
    session.close();
  }

  @Test
  void answersPingAtOnceEvenBeforeItStarts() {
    session.onCommand(new CoordinatorCommand.Ping(42));
    assertThat(outbox.events()).containsExactly(new WorkerEvent.Pong(42));
  }

  @Test
  void answersDumpThreadsOnTheCallingThreadWithEveryStackWhole() throws Exception {
    CountDownLatchHolder.hang();
    session.onCommand(new CoordinatorCommand.DumpThreads("a test timed out"));
    String dump = outbox.events(WorkerEvent.ThreadDump.class).get(0).text();
    assertThat(dump)
        .contains("\"hanging-for-dump\" daemon")
        .contains("WAITING")
        .contains("at " + CountDownLatchHolder.class.getName() + ".lambda$hang$0")
        .contains("\"" + Thread.currentThread().getName() + "\"");
    assertThat(logBytes.toString(StandardCharsets.UTF_8))
        .contains("thread dump asked for: a test timed out");
    CountDownLatchHolder.release();
  }

  /** A thread parked on a latch, as a hanging test is. */
  static final class CountDownLatchHolder {
    private static final java.util.concurrent.CountDownLatch LATCH =
        new java.util.concurrent.CountDownLatch(1);
    private static final java.util.concurrent.CountDownLatch PARKED =
        new java.util.concurrent.CountDownLatch(1);

    static void hang() throws InterruptedException {
      Thread t =
          new Thread(
              () -> {
                PARKED.countDown();
                try {
                  LATCH.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "hanging-for-dump");
      t.setDaemon(true);
      t.start();
      PARKED.await();
      while (t.getState() != Thread.State.WAITING) {
        Thread.onSpinWait();
      }
    }

    static void release() {
      LATCH.countDown();
    }
  }

  @Test
  void saysByeWithItsStatsAndEndsWithOk() throws Exception {
    session.start();
    session.onCommand(new CoordinatorCommand.ByeAck());
    session.onCommand(new CoordinatorCommand.Shutdown());
    assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
    assertThat(outbox.events()).containsExactly(new WorkerEvent.Bye(0, 0, 0));
    assertThat(session.plannedExit()).hasValue(ExitCode.OK);
  }

  @Test
  void aRunBeforeDiscoverIsAProtocolError() throws Exception {
    session.start();
    session.onCommand(new CoordinatorCommand.Run(List.of(new Unit(1, List.of(0)))));
    assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(ExitCode.PROTOCOL_ERROR);
    assertThat(outbox.events(WorkerEvent.WorkerFailure.class))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("Run arrived before Discover"));
  }

  @Test
  void aMalformedMessageIsReportedOnce() {
    session.protocolError("CoordinatorMessage with no body");
    session.protocolError("again");
    assertThat(exit).isCompletedWithValue(ExitCode.PROTOCOL_ERROR);
    assertThat(outbox.events(WorkerEvent.WorkerFailure.class))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("no body"));
  }

  @Test
  void theFullPlanComesWithTheClassesThatMustRunWhole() throws Exception {
    session.start();
    session.onCommand(
        new CoordinatorCommand.Configure(
            Suites.classpath(Suites.Line.JUNIT6), Map.of(), Map.of(), true, 0));
    session.onCommand(
        new CoordinatorCommand.Discover(
            List.of(
                new Selector(Selector.Kind.CLASS, "fx.BasicsTest"),
                new Selector(Selector.Kind.CLASS, "fx.ParamsTest")),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            true));
    session.onCommand(new CoordinatorCommand.Shutdown());
    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);

    WorkerEvent.Discovered discovered = outbox.events(WorkerEvent.Discovered.class).get(0);
    assertThat(discovered.nodes()).isNotEmpty();
    assertThat(discovered.indivisibleIds())
        .as("ParamsTest has a @Nested class; BasicsTest may be split")
        .containsExactly("[engine:junit-jupiter]/[class:fx.ParamsTest]");
  }

  @Test
  void warmsTheLauncherUpBeforeItSendsItsPlan() throws Exception {
    String log = discoverBasics(Map.of());

    assertThat(log).contains("warmed the launcher up in");
    // The warm-up's thread logs when it ends; the plan is sent before "discovered" is logged.
    assertThat(log.indexOf("warmed the launcher up")).isLessThan(log.indexOf("discovered 7 tests"));
  }

  @Test
  void theWarmUpIsOffWhenTheRunSaysSo() throws Exception {
    try {
      String log = discoverBasics(Map.of(WorkerSession.WARM_UP_PROPERTY, "false"));

      assertThat(log).contains("discovered 7 tests").doesNotContain("warm");
    } finally {
      System.clearProperty(WorkerSession.WARM_UP_PROPERTY);
    }
  }

  /** Discover BasicsTest, its hash only. */
  private static CoordinatorCommand.Discover basicsDiscover() {
    return new CoordinatorCommand.Discover(
        List.of(new Selector(Selector.Kind.CLASS, "fx.BasicsTest")),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        false);
  }

  /** Configures the JUnit 6 suite with {@code properties}, discovers BasicsTest, shuts down. */
  private String discoverBasics(Map<String, String> properties) throws Exception {
    session.start();
    session.onCommand(
        new CoordinatorCommand.Configure(
            Suites.classpath(Suites.Line.JUNIT6), Map.of(), properties, true, 0));
    session.onCommand(basicsDiscover());
    session.onCommand(new CoordinatorCommand.ByeAck());
    session.onCommand(new CoordinatorCommand.Shutdown());
    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
    assertThat(outbox.events(WorkerEvent.Discovered.class)).hasSize(1);
    return logBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void asksAgainForThePlanItGetsThePlanItFoundWithoutASecondDiscovery() throws Exception {
    session.start();
    session.onCommand(
        new CoordinatorCommand.Configure(
            Suites.classpath(Suites.Line.JUNIT6), Map.of(), Map.of(), true, 0));
    session.onCommand(basicsDiscover());
    session.onCommand(basicsDiscover().withSendPlan(true));
    // Another request than the first is a broken coordinator, not a reason to discover again.
    session.onCommand(
        new CoordinatorCommand.Discover(
            List.of(new Selector(Selector.Kind.CLASS, "fx.ParamsTest")),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            true));
    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCode.PROTOCOL_ERROR);

    List<WorkerEvent.Discovered> answers = outbox.events(WorkerEvent.Discovered.class);
    assertThat(answers).hasSize(2);
    assertThat(answers.get(0).nodes()).isEmpty();
    assertThat(PlanHash.of(answers.get(1).nodes())).isEqualTo(answers.get(0).planHash());
    assertThat(answers.get(1).testCount()).isEqualTo(7);
    assertThat(answers.get(1).durationMs()).as("not discovered again").isZero();
    assertThat(logBytes.toString(StandardCharsets.UTF_8))
        .containsOnlyOnce(", sent its hash")
        .containsOnlyOnce(" in 0 ms, sent the plan");
    assertThat(outbox.events(WorkerEvent.WorkerFailure.class))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("a second Discover that asks for other"));
  }

  @Test
  void rejectsAPlanIndexItNeverDiscoveredAndDropsUnitsOnStop() throws Exception {
    session.start();
    session.onCommand(
        new CoordinatorCommand.Configure(
            Suites.classpath(Suites.Line.JUNIT6), Map.of(), Map.of(), true, 0));
    session.onCommand(basicsDiscover());
    // Stop between two Runs drops the first Run's units but not what comes after.
    session.onCommand(new CoordinatorCommand.Run(List.of(new Unit(1, List.of(0)))));
    session.onCommand(new CoordinatorCommand.Stop("test"));
    session.onCommand(new CoordinatorCommand.Run(List.of(new Unit(2, List.of(999)))));
    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCode.PROTOCOL_ERROR);

    WorkerEvent.Discovered discovered = outbox.events(WorkerEvent.Discovered.class).get(0);
    assertThat(discovered.nodes()).isEmpty();
    assertThat(discovered.testCount()).isEqualTo(7);
    assertThat(outbox.events(WorkerEvent.UnitDone.class)).isEmpty();
    assertThat(outbox.events(WorkerEvent.WorkerFailure.class))
        .singleElement()
        .satisfies(
            f -> assertThat(f.message()).contains("unit 2 names plan node 999 but the plan has"));
    assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("dropped 1 queued units");
  }
}
