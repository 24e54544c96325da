package dev.jxdist.coordinator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.model.TestNode;
import dev.jxdist.coordinator.plan.PlanFixture;
import dev.jxdist.coordinator.report.ExitCode;
import dev.jxdist.coordinator.report.RunListener;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.report.TestStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionOutcomeTest {

  final List<String> notices = new ArrayList<>();
  final RunListener listener =
      new RunListener() {
        @Override
        public void notice(String message) {
          notices.add(message);
        }
      };

  static TestResult result(TestStatus status) {
    return new TestResult(
        "[engine:x]/[class:A]/[method:m]",
        "A",
        "m",
        status,
        false,
        0,
        "w1",
        "h",
        0,
        0,
        1,
        "",
        Optional.empty(),
        "",
        "");
  }

  @Test
  void theExitCodeSaysWhatHappenedFirstAbortedOrInterruptedThenTheResults() {
    SessionOutcome outcome = new SessionOutcome(listener, 0, false);
    assertThat(outcome.exitCode(List.of())).isEqualTo(ExitCode.NO_TESTS);
    assertThat(outcome.exitCode(List.of(result(TestStatus.PASSED), result(TestStatus.SKIPPED))))
        .isEqualTo(ExitCode.PASSED);
    assertThat(outcome.exitCode(List.of(result(TestStatus.PASSED), result(TestStatus.CRASHED))))
        .isEqualTo(ExitCode.TESTS_FAILED);

    outcome.abort("plans differ");
    assertThat(outcome.exitCode(List.of(result(TestStatus.PASSED))))
        .isEqualTo(ExitCode.INTERNAL_ERROR);
    outcome.interrupt();
    assertThat(outcome.exitCode(List.of(result(TestStatus.PASSED))))
        .isEqualTo(ExitCode.INTERRUPTED);
  }

  @Test
  void maxfailStopsTheRunOnceAndSaysWhyToWorkersAndInTheReports() {
    SessionOutcome outcome = new SessionOutcome(listener, 2, false);

    outcome.counted(TestStatus.FAILED);
    outcome.counted(TestStatus.PASSED);
    assertThat(outcome.decide(false, false)).isFalse();
    outcome.counted(TestStatus.ERROR);
    outcome.counted(TestStatus.CRASHED);

    assertThat(outcome.decide(false, false)).isTrue();
    assertThat(notices)
        .containsExactly(
            "stopped after 2 failures (--maxfail 2): the tests in progress finish, the rest is"
                + " not run");
    assertThat(outcome.stopReason()).hasValue("stopped after 2 failures");
    assertThat(outcome.notRunReason()).hasValue("not run: stopped after 2 failures");
  }

  @Test
  void aRunThatEndsOnItsOwnStaysOverAndTellsWorkersNoReason() {
    SessionOutcome outcome = new SessionOutcome(listener, 0, false);

    assertThat(outcome.decide(true, false)).isTrue();
    assertThat(outcome.decide(false, false)).isTrue();
    assertThat(outcome.stopReason()).isEmpty();
    assertThat(outcome.notRunReason()).isEmpty();
    assertThat(new SessionOutcome(listener, 0, true).notRunReason())
        .hasValue("not run: the replayed run did not run it here");
  }

  @Test
  void aSessionTimeoutEndsTheRunWithExitOneEvenIfAllThatRanPassed() {
    SessionOutcome outcome = new SessionOutcome(listener, 0, false);
    assertThat(outcome.decide(false, false)).isFalse();

    outcome.sessionTimedOut(java.time.Duration.ofMinutes(2));
    outcome.sessionTimedOut(java.time.Duration.ofMinutes(2));

    assertThat(outcome.decide(false, false)).isTrue();
    assertThat(notices)
        .containsExactly(
            "session timeout: the run took 2m (--session-timeout); it ends here, with what it has");
    assertThat(outcome.stopReason()).hasValue("session timeout");
    assertThat(outcome.notRunReason()).hasValue("not run: session timeout");
    assertThat(outcome.exitCode(List.of(result(TestStatus.PASSED))))
        .isEqualTo(ExitCode.TESTS_FAILED);
  }

  @Test
  void anInterruptIsSaidOnceAndStopsWorkersAsInterrupted() {
    SessionOutcome outcome = new SessionOutcome(listener, 0, false);

    outcome.interrupt();
    outcome.interrupt();

    assertThat(notices).containsExactly("interrupted: stopping after the tests in progress");
    assertThat(outcome.stopReason()).hasValue("interrupted");
    assertThat(outcome.notRunReason()).hasValue("not run: the run was interrupted");
  }

  @Test
  void thePlanDifferenceNamesTheTestsOnlyOneSideHas() {
    List<TestNode> agreed = new PlanFixture().cls("a.A", "x").cls("a.B", "y").nodes();
    List<TestNode> other = new PlanFixture().cls("a.A", "x").cls("a.C", "z").nodes();

    String text = SessionOutcome.planDifference("w1", agreed, "w2", other, false);

    assertThat(text)
        .startsWith("Different tests were collected between w1 and w2; nothing was run.")
        .contains("only on w1: " + PlanFixture.classId("a.B"))
        .contains("only on w2: " + PlanFixture.classId("a.C"))
        .doesNotContain(PlanFixture.classId("a.A") + "\n");
    assertThat(SessionOutcome.planDifference("w1", agreed, "w2", agreed, false))
        .endsWith("the same tests, in a different order or shape");
    // A worker that came after the collection wait: work had begun, and the message says so.
    assertThat(SessionOutcome.planDifference("w1", agreed, "w2", other, true))
        .startsWith(
            "Different tests were collected between w1 and w2; the run stops: the tests that ran"
                + " keep their results, the rest is not run.");
  }
}
