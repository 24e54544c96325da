package dev.jxdist.coordinator.session;

import static dev.jxdist.coordinator.plan.PlanFixture.classId;
import static dev.jxdist.coordinator.plan.PlanFixture.methodId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.model.Outcome;
import dev.jxdist.common.model.ThrowableInfo;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.plan.PlanFixture;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.report.TestResult;
import dev.jxdist.coordinator.report.TestStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResultBookTest {

  static final ThrowableInfo ASSERTION =
      new ThrowableInfo("org.opentest4j.AssertionFailedError", "expected 1", "trace", true);
  static final ThrowableInfo BOOM =
      new ThrowableInfo("java.lang.IllegalStateException", "boom", "trace", false);

  static WorkerEvent.TestFinished finished(String id, Outcome outcome, ThrowableInfo t) {
    return new WorkerEvent.TestFinished(
        id,
        0,
        outcome,
        outcome == Outcome.SKIPPED ? "disabled" : "",
        Optional.ofNullable(t),
        1_000_000,
        "out",
        "",
        List.of(),
        0);
  }

  @Test
  void mapsOutcomesTheWaySurefireCountsThem() {
    TestPlanIndex plan =
        new PlanFixture().cls("a.C", "ok", "fails", "errs", "off", "aborted").index();
    ResultBook book = new ResultBook(plan, "fx:mod");

    book.finished(finished(methodId("a.C", "ok"), Outcome.SUCCESSFUL, null), "w1", "localhost", 1);
    book.finished(
        finished(methodId("a.C", "fails"), Outcome.FAILED, ASSERTION), "w1", "localhost", 1);
    book.finished(finished(methodId("a.C", "errs"), Outcome.FAILED, BOOM), "w1", "localhost", 1);
    book.finished(finished(methodId("a.C", "off"), Outcome.SKIPPED, null), "w1", "localhost", 1);
    book.finished(
        finished(methodId("a.C", "aborted"), Outcome.ABORTED, BOOM), "w1", "localhost", 1);

    assertThat(book.results())
        .extracting(TestResult::status)
        .containsExactly(
            TestStatus.PASSED,
            TestStatus.FAILED,
            TestStatus.ERROR,
            TestStatus.SKIPPED,
            TestStatus.SKIPPED);
    assertThat(book.results().get(4).aborted()).isTrue();
    assertThat(book.results())
        .extracting(TestResult::junitStatus)
        .containsExactly("successful", "failed", "failed", "skipped", "aborted");
    assertThat(book.results()).extracting(TestResult::module).containsOnly("fx:mod");
    assertThat(book.results().get(1).message()).isEqualTo("expected 1");
    assertThat(book.results().get(0).stdout()).isEqualTo("out");
  }

  @Test
  void aRepeatedResultIsIgnored() {
    TestPlanIndex plan = new PlanFixture().cls("a.C", "ok").index();
    ResultBook book = new ResultBook(plan, "fx:mod");

    assertThat(
            book.finished(finished(methodId("a.C", "ok"), Outcome.SUCCESSFUL, null), "w1", "h", 1))
        .hasSize(1);
    assertThat(book.finished(finished(methodId("a.C", "ok"), Outcome.FAILED, BOOM), "w2", "h", 2))
        .isEmpty();
    assertThat(book.results())
        .singleElement()
        .extracting(TestResult::status)
        .isEqualTo(TestStatus.PASSED);
  }

  @Test
  void aFailingClassGivesItsUnfinishedTestsItsErrorAndAnAfterAllFailureIsNotLost() {
    TestPlanIndex plan = new PlanFixture().cls("a.Before", "x", "y").cls("a.After", "z").index();
    ResultBook book = new ResultBook(plan, "fx:mod");

    List<TestResult> before =
        book.finished(finished(classId("a.Before"), Outcome.FAILED, BOOM), "w1", "h", 1);
    book.finished(finished(methodId("a.After", "z"), Outcome.SUCCESSFUL, null), "w1", "h", 1);
    List<TestResult> after =
        book.finished(finished(classId("a.After"), Outcome.FAILED, BOOM), "w1", "h", 2);

    assertThat(before)
        .extracting(TestResult::status)
        .containsExactly(TestStatus.ERROR, TestStatus.ERROR);
    assertThat(before.get(0).message()).contains("a.Before failed: boom");
    assertThat(after)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.uniqueId()).isEqualTo(classId("a.After"));
              assertThat(r.status()).isEqualTo(TestStatus.ERROR);
            });
    assertThat(book.expected()).isEqualTo(4);
    assertThat(book.results()).hasSize(4);
  }

  @Test
  void aDisabledTemplateCountsAsOneSkippedTestAndInvocationsCountWhenRegistered() {
    TestPlanIndex plan =
        new PlanFixture().cls("a.P").template("a.P", "off").template("a.P", "on").index();
    ResultBook book = new ResultBook(plan, "fx:mod");

    book.finished(
        finished(PlanFixture.templateId("a.P", "off"), Outcome.SKIPPED, null), "w1", "h", 1);
    var inv = PlanFixture.invocation("a.P", "on", 1);
    plan.addDynamic(inv);
    book.registered(inv);
    book.finished(finished(inv.uniqueId(), Outcome.SUCCESSFUL, null), "w1", "h", 1);
    book.finished(
        finished(PlanFixture.templateId("a.P", "on"), Outcome.SUCCESSFUL, null), "w1", "h", 1);

    assertThat(book.results())
        .extracting(TestResult::status)
        .containsExactly(TestStatus.SKIPPED, TestStatus.PASSED);
    assertThat(book.expected()).isEqualTo(2);
  }

  @Test
  void aCrashMarksTheRunningTestAndLeavesTheRestOfTheUnitToRunElsewhere() {
    TestPlanIndex plan = new PlanFixture().cls("a.C", "done", "dies", "later").index();
    ResultBook book = new ResultBook(plan, "fx:mod");
    WorkUnit unit = plan.unitsByTopLevelClass().get(0);

    book.finished(finished(methodId("a.C", "done"), Outcome.SUCCESSFUL, null), "w1", "h", 1);
    book.started(methodId("a.C", "dies"), "w1", "h", 1.5);
    List<TestResult> crashed = book.crashed("w1", "worker w1 crashed: exit code 3", 2);

    assertThat(crashed)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.uniqueId()).isEqualTo(methodId("a.C", "dies"));
              assertThat(r.status()).isEqualTo(TestStatus.CRASHED);
              assertThat(r.message()).contains("exit code 3");
            });
    assertThat(book.remainingOf(unit))
        .extracting(i -> plan.planNodes().get(i).uniqueId())
        .containsExactly(methodId("a.C", "later"));
  }

  @Test
  void aTemplateThatNeverRanStandsForItsTestsWhenTheRunEndsEarly() {
    TestPlanIndex plan =
        new PlanFixture().cls("a.P").template("a.P", "ran").template("a.P", "never").index();
    ResultBook book = new ResultBook(plan, "fx:mod");
    var inv = PlanFixture.invocation("a.P", "ran", 1);
    plan.addDynamic(inv);
    book.registered(inv);
    book.finished(finished(inv.uniqueId(), Outcome.SUCCESSFUL, null), "w1", "h", 1);

    List<TestResult> rest = book.notRun(TestStatus.SKIPPED, "not run: interrupted", 2);

    assertThat(rest)
        .extracting(TestResult::uniqueId)
        .containsExactly(PlanFixture.templateId("a.P", "never"));
    assertThat(book.results()).hasSize(2);
    assertThat(book.expected()).isEqualTo(2);
  }

  @Test
  void notRunGivesEveryTestWithoutAResultExactlyOne() {
    TestPlanIndex plan = new PlanFixture().cls("a.C", "x", "y").index();
    ResultBook book = new ResultBook(plan, "fx:mod");
    book.finished(finished(methodId("a.C", "x"), Outcome.SUCCESSFUL, null), "w1", "h", 1);

    List<TestResult> rest = book.notRun(TestStatus.SKIPPED, "not run: interrupted", 3);

    assertThat(rest).extracting(TestResult::uniqueId).containsExactly(methodId("a.C", "y"));
    assertThat(book.results()).hasSize(2);
    assertThat(book.notRun(TestStatus.CRASHED, "again", 4)).isEmpty();
  }
}
