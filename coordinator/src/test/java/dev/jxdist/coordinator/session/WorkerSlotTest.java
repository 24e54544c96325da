package dev.jxdist.coordinator.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.coordinator.plan.WorkUnit;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerSlotTest {

  final Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
  final SuiteRun suite = Slots.suite("m");

  @Test
  void aWorkerGoesFromStartingToFinishedThroughEveryStateInOrder() {
    WorkerSlot slot = Slots.starting("w1", "w1", suite, t0);
    Slots.Stream stream = Slots.connect(slot, t0);
    assertThat(slot.state()).isEqualTo(WorkerSlot.State.CONNECTED);
    assertThat(slot.pid()).isEqualTo(42);

    slot.ready();
    slot.drain(Optional.of("interrupted"), false, t0.plusSeconds(15));
    assertThat(slot.state()).isEqualTo(WorkerSlot.State.DRAINING);
    assertThat(slot.shutdownSent()).isTrue();
    slot.finished();

    assertThat(slot.state()).isEqualTo(WorkerSlot.State.FINISHED);
    assertThat(slot.reportState()).isEqualTo("finished");
    assertThat(stream.sent)
        .containsExactly(
            Slots.name(new CoordinatorCommand.Stop("interrupted")),
            Slots.name(new CoordinatorCommand.Shutdown()),
            Slots.name(new CoordinatorCommand.ByeAck()),
            "completed");
  }

  /**
   * A worker taken out of the run after it ran tests (the session timed out) is "stopped": it took
   * part; "failed" is for one that never did (reports count it out of the run's workers).
   */
  @Test
  void aWorkerTakenOutAfterItRanTestsIsStoppedNotFailed() {
    WorkerSlot ran = Slots.starting("w1", "w1", suite, t0);
    Slots.connect(ran, t0);
    ran.ready();
    ran.testFinished();
    ran.lost(WorkerSlot.State.FAILED, "stopped at the session timeout");
    WorkerSlot never = Slots.starting("w2", "w2", suite, t0);
    Slots.connect(never, t0);
    never.lost(WorkerSlot.State.FAILED, "cannot run the suite");

    assertThat(ran.reportState()).isEqualTo("stopped");
    assertThat(never.reportState()).isEqualTo("failed");
  }

  /**
   * The classes that shared a lost worker's JVM end with the one it was running: a crash that
   * follows another class points there. A unit only sent is not among them.
   */
  @Test
  void theClassALostWorkerWasRunningIsAmongTheClassesThatSharedItsJvm() {
    WorkerSlot slot = Slots.starting("w1", "w1", suite, t0);
    Slots.connect(slot, t0);
    slot.ready();
    slot.sent(
        List.of(
            new WorkUnit(1, "a.First", List.of(1), 1),
            new WorkUnit(2, "a.Second", List.of(2), 1),
            new WorkUnit(3, "a.Third", List.of(3), 1)));
    slot.startedUnit(1);
    slot.unitDone(1, List.of("[engine:e]/[class:a.First]"));
    slot.startedUnit(2);

    slot.lost(WorkerSlot.State.CRASHED, "its JVM exited");

    assertThat(slot.classesRun()).containsExactly("a.First");
    assertThat(slot.classesInJvm()).containsExactly("a.First", "a.Second");
  }

  @Test
  void eachPlanItSendsAnswersTheOldestDiscoverItWasSentAndWhatThatOneAskedFor() {
    WorkerSlot slot = Slots.starting("w1", "w1", suite, t0);
    Slots.Stream stream = Slots.connect(slot, t0);
    CoordinatorCommand.Discover hashOnly =
        new CoordinatorCommand.Discover(
            List.of(), List.of(), List.of(), List.of(), List.of(), false);
    slot.discover(hashOnly);
    slot.discover(hashOnly.withSendPlan(true));

    assertThat(stream.sent).containsExactly("DISCOVER", "DISCOVER");
    assertThat(slot.answeredDiscover()).isTrue();
    assertThat(slot.answersWithPlan()).as("the first asked for the hash only").isFalse();
    assertThat(slot.answeredDiscover()).isTrue();
    assertThat(slot.answersWithPlan()).isTrue();
    assertThat(slot.answeredDiscover()).as("a third plan answers nothing").isFalse();
  }

  @Test
  void aStateItCannotLeaveIsRefusedNamingTheWorker() {
    WorkerSlot slot = Slots.starting("w3", "w1", suite, t0);

    assertThatThrownBy(slot::ready).hasMessage("worker w3 is STARTING, not CONNECTED");
    Slots.connect(slot, t0);
    assertThatThrownBy(slot::unused).hasMessage("worker w3 is CONNECTED, not STARTING");
    slot.ready();
    slot.drain(Optional.empty(), true, t0);
    assertThatThrownBy(() -> slot.drain(Optional.empty(), true, t0))
        .hasMessage("worker w3 cannot be shut down when DRAINING");
  }

  @Test
  void aLostWorkerKeepsTheFirstReasonAndItsStreamIsAborted() {
    WorkerSlot slot = Slots.starting("w1", "w1", suite, t0);
    Slots.Stream stream = Slots.connect(slot, t0);
    slot.failedWith("cannot load the engine");

    slot.lost(WorkerSlot.State.FAILED, "a later story");

    assertThat(slot.failure()).isEqualTo("cannot load the engine");
    assertThat(stream.sent).containsExactly("aborted");
    assertThatThrownBy(() -> slot.lost(WorkerSlot.State.CRASHED, "again"))
        .hasMessage("worker w1 is already FAILED");
    assertThatThrownBy(() -> slot.lost(WorkerSlot.State.FINISHED, "no"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
