package dev.jxdist.coordinator.session;

import static dev.jxdist.coordinator.plan.PlanFixture.classId;
import static dev.jxdist.coordinator.plan.PlanFixture.methodId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.model.NodeType;
import dev.jxdist.common.model.Outcome;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.model.ThrowableInfo;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.plan.PlanFixture;
import dev.jxdist.coordinator.plan.TestPlanIndex;
import dev.jxdist.coordinator.plan.WorkUnit;
import dev.jxdist.coordinator.report.SurefireName;
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
  void aFailingClassIsOneErrorOfItsOwnAndItsTestsWithoutAResultGetNone() {
    TestPlanIndex plan =
        new PlanFixture()
            .cls("a.Before", "x", "y")
            .nested("a.Before", "Inner", "z")
            .cls("a.After", "w")
            .index();
    ResultBook book = new ResultBook(plan, "fx:mod");

    // @BeforeAll fails: JUnit runs none of the tests; Surefire reports the class, once.
    List<TestResult> before =
        book.finished(finished(classId("a.Before"), Outcome.FAILED, BOOM), "w1", "h", 1);
    // @AfterAll fails: the tests ran and keep their results; the class is one more.
    book.finished(finished(methodId("a.After", "w"), Outcome.SUCCESSFUL, null), "w1", "h", 1);
    List<TestResult> after =
        book.finished(finished(classId("a.After"), Outcome.FAILED, BOOM), "w1", "h", 2);

    assertThat(before)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.uniqueId()).isEqualTo(classId("a.Before"));
              assertThat(r.status()).isEqualTo(TestStatus.ERROR);
              assertThat(r.message()).isEqualTo("boom");
              assertThat(r.surefire()).isEqualTo(new SurefireName("a.Before", "a.Before", ""));
            });
    assertThat(after).extracting(TestResult::uniqueId).containsExactly(classId("a.After"));
    assertThat(book.results())
        .extracting(TestResult::uniqueId)
        .containsExactly(classId("a.Before"), classId("a.After"), methodId("a.After", "w"));
    // The tests that got no result are settled all the same: none is lost, none is counted.
    assertThat(book.testsKnown()).isEqualTo(4);
    assertThat(book.testsSettled()).isEqualTo(4);
    assertThat(book.notRun(TestStatus.CRASHED, "not run", 3)).isEmpty();
    assertThat(
            book.finished(
                finished(methodId("a.Before", "x"), Outcome.SUCCESSFUL, null), "w2", "h", 4))
        .as("a late result for an absorbed test")
        .isEmpty();
  }

  @Test
  void aSkippedClassSkipsEachOfItsDirectChildrenOnceAsSurefireDoes() {
    TestPlanIndex plan =
        new PlanFixture()
            .cls("a.Off", "x")
            .template("a.Off", "values")
            .nested("a.Off", "Inner", "y", "z")
            .index();
    ResultBook book = new ResultBook(plan, "fx:mod");
    assertThat(book.discoveryComplete()).isFalse();

    List<TestResult> skipped =
        book.finished(finished(classId("a.Off"), Outcome.SKIPPED, null), "w1", "h", 1);

    assertThat(skipped)
        .extracting(TestResult::uniqueId)
        .containsExactly(
            methodId("a.Off", "x"),
            PlanFixture.templateId("a.Off", "values"),
            PlanFixture.nestedId("a.Off", "Inner"));
    assertThat(skipped).extracting(TestResult::status).containsOnly(TestStatus.SKIPPED);
    assertThat(skipped).extracting(TestResult::message).containsOnly("disabled");
    assertThat(skipped)
        .extracting(TestResult::surefire)
        .containsExactly(
            new SurefireName("a.Off", "a.Off", "x"),
            new SurefireName("a.Off", "a.Off", "values(int)"),
            new SurefireName("a.Off", "a.Off$Inner", ""));
    assertThat(book.discoveryComplete()).as("the template will never run").isTrue();
    assertThat(book.testsKnown()).isEqualTo(3);
    assertThat(book.testsSettled()).isEqualTo(3);
    assertThat(book.notRun(TestStatus.CRASHED, "not run", 2)).isEmpty();
  }

  @Test
  void aClassAbortedByAnAssumptionInBeforeAllLeavesNoResultButItsReport() {
    TestPlanIndex plan = new PlanFixture().cls("a.Docker", "x", "y").index();
    ResultBook book = new ResultBook(plan, "fx:mod");

    book.started(classId("a.Docker"), "w1", "h", 1);
    assertThat(book.finished(finished(classId("a.Docker"), Outcome.ABORTED, BOOM), "w1", "h", 2))
        .isEmpty();

    assertThat(book.results()).isEmpty();
    assertThat(book.classesRun()).containsExactly("a.Docker");
    assertThat(book.testsSettled()).isEqualTo(book.testsKnown()).isEqualTo(2);
    assertThat(book.unitDone(plan.unitsByTopLevelClass().get(0), "w1", "h", 3)).isEmpty();
  }

  /**
   * A class that started and never said how it ended (its @AfterAll failure could not be sent) is
   * an error when its unit is done: the run cannot pass on a failure nobody heard.
   */
  @Test
  void aClassThatNeverSaidHowItEndedIsAnErrorWhenItsUnitIsDone() {
    TestPlanIndex plan = new PlanFixture().cls("a.Lost", "x").cls("a.Fine", "y").index();
    ResultBook book = new ResultBook(plan, "fx:mod");
    book.started(PlanFixture.ENGINE, "w1", "h", 0.5);
    book.started(classId("a.Lost"), "w1", "h", 1);
    book.finished(finished(methodId("a.Lost", "x"), Outcome.SUCCESSFUL, null), "w1", "h", 1);
    book.started(classId("a.Fine"), "w1", "h", 2);
    book.finished(finished(methodId("a.Fine", "y"), Outcome.SUCCESSFUL, null), "w1", "h", 2);
    book.finished(finished(classId("a.Fine"), Outcome.SUCCESSFUL, null), "w1", "h", 2);

    assertThat(book.unitDone(plan.unitsByTopLevelClass().get(0), "w1", "h", 3))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.uniqueId()).isEqualTo(classId("a.Lost"));
              assertThat(r.status()).isEqualTo(TestStatus.ERROR);
              assertThat(r.message()).contains("without reporting how this ended");
            });
    assertThat(book.unitDone(plan.unitsByTopLevelClass().get(1), "w1", "h", 3)).isEmpty();
  }

  /**
   * A class split across workers whose tear-down fails: the failure is the class's one result, and
   * the tests of its other unit, run later elsewhere, still report theirs (they were lost).
   */
  @Test
  void aSplitClassesFailingTearDownLeavesTheTestsOfItsOtherUnitTheirResults() {
    SplitClass c = new SplitClass();

    c.book.started(classId("a.C"), "w1", "h", 1);
    c.fail(methodId("a.C", "t1"), c.first, "w1");
    assertThat(c.fail(classId("a.C"), c.first, "w1"))
        .extracting(TestResult::uniqueId)
        .containsExactly(classId("a.C"));
    c.book.started(classId("a.C"), "w2", "h", 2);
    assertThat(c.fail(methodId("a.C", "t2"), c.second, "w2"))
        .extracting(TestResult::uniqueId)
        .containsExactly(methodId("a.C", "t2"));
    assertThat(c.fail(classId("a.C"), c.second, "w2")).isEmpty();
    assertThat(c.book.unitDone(c.second, "w2", "h", 4)).isEmpty();

    assertThat(c.book.results())
        .extracting(TestResult::uniqueId)
        .containsExactlyInAnyOrder(methodId("a.C", "t1"), classId("a.C"), methodId("a.C", "t2"));
  }

  /** The same split class failing in its set-up: one error, which stands for every test of it. */
  @Test
  void aSplitClassesFailingSetUpStandsForTheTestsOfEachOfItsUnits() {
    SplitClass c = new SplitClass();

    c.book.started(classId("a.C"), "w1", "h", 1);
    c.fail(classId("a.C"), c.first, "w1");
    assertThat(c.book.unitDone(c.first, "w1", "h", 2)).isEmpty();
    c.book.started(classId("a.C"), "w2", "h", 2);
    c.fail(classId("a.C"), c.second, "w2");
    assertThat(c.book.unitDone(c.second, "w2", "h", 4)).isEmpty();

    assertThat(c.book.results()).extracting(TestResult::uniqueId).containsExactly(classId("a.C"));
    assertThat(c.book.testsSettled()).isEqualTo(c.book.testsKnown()).isEqualTo(2);
  }

  /** The class a.C (t1, t2) cut into two units, one test each, and its book. */
  private static final class SplitClass {
    final TestPlanIndex plan = new PlanFixture().cls("a.C", "t1", "t2").index();
    final ResultBook book = new ResultBook(plan, "fx:mod");
    final WorkUnit first = unitOf(1, methodId("a.C", "t1"));
    final WorkUnit second = unitOf(2, methodId("a.C", "t2"));

    /** {@code id} failed in {@code unit} on {@code worker}: the results that became final. */
    List<TestResult> fail(String id, WorkUnit unit, String worker) {
      return book.finished(finished(id, Outcome.FAILED, BOOM), Optional.of(unit), worker, "h", 3);
    }

    private WorkUnit unitOf(int id, String test) {
      int index = plan.planNodes().indexOf(plan.node(test).orElseThrow());
      return new WorkUnit(id, "a.C", List.of(index), 1);
    }
  }

  @Test
  void aTemplateOrFactoryThatMadeNoTestHasNoResultAndIsNoCrash() {
    TestPlanIndex plan = new PlanFixture().cls("a.F", "x").template("a.F", "none").index();
    ResultBook book = new ResultBook(plan, "fx:mod");

    book.finished(finished(methodId("a.F", "x"), Outcome.SUCCESSFUL, null), "w1", "h", 1);
    book.finished(
        finished(PlanFixture.templateId("a.F", "none"), Outcome.SUCCESSFUL, null), "w1", "h", 1);
    book.finished(finished(classId("a.F"), Outcome.SUCCESSFUL, null), "w1", "h", 1);

    assertThat(book.unitDone(plan.unitsByTopLevelClass().get(0), "w1", "h", 2)).isEmpty();
    assertThat(book.notRun(TestStatus.CRASHED, "not run: no worker was left", 3)).isEmpty();
    assertThat(book.results())
        .extracting(TestResult::uniqueId)
        .containsExactly(methodId("a.F", "x"));
    assertThat(book.discoveryComplete()).isTrue();
  }

  @Test
  void discoveryIsCompleteOnceNoTemplateCanRegisterMoreTests() {
    TestPlanIndex plan =
        new PlanFixture().cls("a.P", "plain").template("a.P", "one").template("a.P", "two").index();
    ResultBook book = new ResultBook(plan, "fx:mod");
    assertThat(book.testsKnown()).isEqualTo(1);
    assertThat(book.discoveryComplete()).isFalse();

    for (int i = 1; i <= 3; i++) {
      var inv = PlanFixture.invocation("a.P", "one", i);
      plan.addDynamic(inv);
      book.registered(inv);
      book.registered(inv);
      book.finished(finished(inv.uniqueId(), Outcome.SUCCESSFUL, null), "w1", "h", 1);
    }
    book.finished(
        finished(PlanFixture.templateId("a.P", "one"), Outcome.SUCCESSFUL, null), "w1", "h", 1);
    assertThat(book.testsKnown()).as("each invocation once").isEqualTo(4);
    assertThat(book.testsSettled()).isEqualTo(3);
    assertThat(book.discoveryComplete()).as("two may still register tests").isFalse();

    book.finished(
        finished(PlanFixture.templateId("a.P", "two"), Outcome.FAILED, BOOM), "w1", "h", 2);
    assertThat(book.discoveryComplete()).isTrue();
    assertThat(book.results())
        .extracting(r -> r.surefire().name())
        .containsExactly("one(int)[1]", "one(int)[2]", "one(int)[3]", "two(int)");
  }

  @Test
  void anEngineFailureIsOneResultAndTheOtherUnitsStillRun() {
    TestPlanIndex plan = new PlanFixture().cls("a.A", "x").cls("a.B", "y").index();
    ResultBook book = new ResultBook(plan, "fx:mod");

    List<TestResult> engine =
        book.finished(finished(PlanFixture.ENGINE, Outcome.FAILED, BOOM), "w1", "h", 1);
    List<TestResult> unitA = book.unitDone(plan.unitsByTopLevelClass().get(0), "w1", "h", 1);
    book.finished(finished(methodId("a.B", "y"), Outcome.SUCCESSFUL, null), "w2", "h", 2);

    assertThat(engine).extracting(TestResult::status).containsExactly(TestStatus.ERROR);
    assertThat(unitA)
        .singleElement()
        .satisfies(r -> assertThat(r.message()).contains("without reporting this test"));
    assertThat(book.results())
        .extracting(TestResult::status)
        .containsExactly(TestStatus.ERROR, TestStatus.ERROR, TestStatus.PASSED);
  }

  @Test
  void namesFollowSurefireForNestedClassesAndJunit4Suites() {
    TestPlanIndex jupiter =
        new PlanFixture().cls("a.Outer", "own").nested("a.Outer", "In", "t").index();
    ResultBook book = new ResultBook(jupiter, "fx:mod");
    book.finished(finished(methodId("a.Outer", "own"), Outcome.SUCCESSFUL, null), "w1", "h", 1);
    book.finished(
        finished(PlanFixture.nestedId("a.Outer", "In") + "/[method:t()]", Outcome.SUCCESSFUL, null),
        "w1",
        "h",
        1);
    assertThat(book.results())
        .extracting(TestResult::surefire)
        .containsExactly(
            new SurefireName("a.Outer", "a.Outer", "own"),
            new SurefireName("a.Outer", "a.Outer$In", "t"));

    // A JUnit 4 suite() (a runner whose TestSuite has no class) and a @RunWith(Suite.class).
    String engine = "[engine:junit-vintage]";
    String lists = engine + "/[runner:a.ListsTest]";
    String size = lists + "/[test:size]";
    String all = engine + "/[runner:a.AllTests]";
    String stack = all + "/[test:a.StackCheck]";
    TestPlanIndex vintage =
        TestPlanIndex.of(
            List.of(
                node(engine, "", "JUnit Vintage", NodeType.CONTAINER, "", ""),
                node(lists, engine, "a.ListsTest", NodeType.CONTAINER, "a.ListsTest", ""),
                node(size, lists, "size", NodeType.CONTAINER, "", ""),
                node(
                    size + "/[test:testSize(a.SizeTester)]",
                    size,
                    "testSize",
                    NodeType.TEST,
                    "a.SizeTester",
                    "testSize"),
                node(all, engine, "a.AllTests", NodeType.CONTAINER, "a.AllTests", ""),
                node(stack, all, "a.StackCheck", NodeType.CONTAINER, "a.StackCheck", ""),
                node(
                    stack + "/[test:empty(a.StackCheck)]",
                    stack,
                    "empty",
                    NodeType.TEST,
                    "a.StackCheck",
                    "empty")));
    ResultBook legacy = new ResultBook(vintage, "fx:mod");
    legacy.finished(
        finished(size + "/[test:testSize(a.SizeTester)]", Outcome.SUCCESSFUL, null), "w1", "h", 1);
    legacy.finished(
        finished(stack + "/[test:empty(a.StackCheck)]", Outcome.SUCCESSFUL, null), "w1", "h", 1);
    assertThat(legacy.results())
        .extracting(TestResult::surefire)
        .containsExactly(
            new SurefireName("a.ListsTest", "a.ListsTest", "testSize"),
            new SurefireName("a.AllTests", "a.StackCheck", "empty"));
    assertThat(legacy.results())
        .extracting(TestResult::className)
        .as("the code is still in the tester class")
        .containsExactly("a.SizeTester", "a.StackCheck");
    assertThat(SurefireNames.reportCount(vintage)).isEqualTo(2);
  }

  private static TestNode node(
      String id, String parent, String name, NodeType type, String cls, String method) {
    return new TestNode(id, parent, name, name, type, cls, method, List.of());
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
    // The progress line counts tests: the invocation, not the template that stands for its own.
    assertThat(book.testsKnown()).isEqualTo(1);
  }

  @Test
  void inEachModeAWorkersBookOwesNoResultForTestsOnlyAnotherWorkersFactoryMade() {
    TestPlanIndex plan = new PlanFixture().cls("a.P").template("a.P", "made").index();
    ResultBook w1 = new ResultBook(plan, "fx:mod");
    ResultBook w2 = new ResultBook(plan, "fx:mod");
    WorkUnit unit = plan.unitsByTopLevelClass().get(0);
    var both = PlanFixture.invocation("a.P", "made", 1);
    var onlyW2 = PlanFixture.invocation("a.P", "made", 2);
    plan.addDynamic(both);
    w1.registered(both);
    w2.registered(both);
    plan.addDynamic(onlyW2);
    w2.registered(onlyW2);
    w1.finished(finished(both.uniqueId(), Outcome.SUCCESSFUL, null), "w1", "h", 1);
    w1.finished(
        finished(PlanFixture.templateId("a.P", "made"), Outcome.SUCCESSFUL, null), "w1", "h", 1);

    assertThat(w1.unitDone(unit, "w1", "h", 2)).isEmpty();
    assertThat(w1.remainingOf(unit)).isEmpty();
    assertThat(w1.notRun(TestStatus.CRASHED, "lost", 3)).isEmpty();
    assertThat(w1.results()).extracting(TestResult::uniqueId).containsExactly(both.uniqueId());
    // The worker that made it owes it.
    assertThat(w2.unitDone(unit, "w2", "h", 2))
        .extracting(TestResult::uniqueId)
        .containsExactlyInAnyOrder(both.uniqueId(), onlyW2.uniqueId());
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
  void aWorkerThatEndsInAClassesTearDownAfterItsTestsPassedFailsThatClass() {
    TestPlanIndex plan =
        new PlanFixture().cls("a.C", "one", "two").nested("a.C", "Inner", "three").index();
    ResultBook book = new ResultBook(plan, "fx:mod");
    WorkUnit unit = plan.unitsByTopLevelClass().get(0);
    String inner = PlanFixture.nestedId("a.C", "Inner");
    book.started(PlanFixture.ENGINE, "w1", "h", 0.5);
    book.started(classId("a.C"), "w1", "h", 1);
    for (String test :
        List.of(methodId("a.C", "one"), methodId("a.C", "two"), inner + "/[method:three()]")) {
      book.started(test, "w1", "h", 1);
      book.finished(finished(test, Outcome.SUCCESSFUL, null), "w1", "h", 1);
    }
    book.started(inner, "w1", "h", 1.5);
    ThrowableInfo crash = new ThrowableInfo("jxdist.WorkerCrash", "exit 7", "exit 7", false);

    // Nothing is running but containers: the end came in the deepest one's tear-down.
    assertThat(book.endOf(unit, "w1")).hasValue(ResultBook.UnitEnd.TEAR_DOWN);
    Optional<TestResult> ended =
        book.endedIn(
            unit,
            ResultBook.UnitEnd.TEAR_DOWN,
            "w1",
            "h",
            TestStatus.CRASHED,
            "in its tear-down",
            "exit 7, in its tear-down",
            crash,
            "",
            2);

    assertThat(ended)
        .hasValueSatisfying(
            r -> {
              assertThat(r.uniqueId()).isEqualTo(inner);
              assertThat(r.status()).isEqualTo(TestStatus.CRASHED);
            });
    assertThat(book.crashed("w1", "worker w1 crashed", 2)).isEmpty();
    assertThat(book.results()).extracting(TestResult::status).contains(TestStatus.CRASHED);
    // The crash report keeps where the end came; the container has its one result.
    assertThat(book.amended(List.of(ended.get()), "worker w1 crashed (exit code 7)\nlog: bye"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.message())
                    .isEqualTo("worker w1 crashed (exit code 7), in its tear-down\nlog: bye"));
    assertThat(
            book.endedIn(
                unit,
                ResultBook.UnitEnd.TEAR_DOWN,
                "w1",
                "h",
                TestStatus.ERROR,
                "again",
                "again",
                crash,
                "",
                3))
        .isEmpty();
  }

  @Test
  void anEndWhileATestRunsIsThatTestsInASetUpItsClasssAndOtherwiseTheFirstTestWithoutAResults() {
    TestPlanIndex plan =
        new PlanFixture()
            .cls("a.C", "done", "unrun")
            .cls("b.D", "x", "y")
            .cls("c.E", "p", "q")
            .index();
    ResultBook book = new ResultBook(plan, "fx:mod");
    ThrowableInfo crash = new ThrowableInfo("jxdist.WorkerCrash", "exit 7", "exit 7", false);
    WorkUnit c = plan.unitsByTopLevelClass().get(0);
    book.started(classId("a.C"), "w1", "h", 1);
    book.finished(finished(methodId("a.C", "done"), Outcome.SUCCESSFUL, null), "w1", "h", 1);
    book.started(methodId("a.C", "unrun"), "w1", "h", 1);

    // A test is known to run: the crash is that test's.
    assertThat(book.endOf(c, "w1")).isEmpty();

    // A worker halted before it sent any event of b.D: its first test is crashed (the one it most
    // likely ran), and counts the loss; the other, without a result, runs again.
    WorkUnit d = plan.unitsByTopLevelClass().get(1);
    assertThat(book.endOf(d, "w2")).hasValue(ResultBook.UnitEnd.LOST_EVENTS);
    assertThat(endedIn(book, d, ResultBook.UnitEnd.LOST_EVENTS, "w2", crash))
        .hasValueSatisfying(r -> assertThat(r.uniqueId()).isEqualTo(methodId("b.D", "x")));
    assertThat(book.lostWith(methodId("b.D", "x"))).containsExactly("w2");
    assertThat(book.remainingOf(d))
        .extracting(i -> plan.planNodes().get(i).uniqueId())
        .containsExactly(methodId("b.D", "y"));
    // An end is told once per unit and worker.
    assertThat(endedIn(book, d, ResultBook.UnitEnd.LOST_EVENTS, "w2", crash)).isEmpty();

    // c.E started, none of its tests had a result: its set-up ended the worker. The class is
    // crashed and its tests do not run again (to end the next worker the same way).
    WorkUnit e = plan.unitsByTopLevelClass().get(2);
    book.started(classId("c.E"), "w3", "h", 3);
    assertThat(book.endOf(e, "w3")).hasValue(ResultBook.UnitEnd.SET_UP);
    assertThat(endedIn(book, e, ResultBook.UnitEnd.SET_UP, "w3", crash))
        .hasValueSatisfying(r -> assertThat(r.uniqueId()).isEqualTo(classId("c.E")));
    assertThat(book.remainingOf(e)).isEmpty();
    assertThat(book.notRun(TestStatus.CRASHED, "not run", 5))
        .extracting(TestResult::uniqueId)
        .containsExactly(methodId("a.C", "unrun"), methodId("b.D", "y"));
  }

  private static Optional<TestResult> endedIn(
      ResultBook book, WorkUnit unit, ResultBook.UnitEnd where, String worker, ThrowableInfo t) {
    return book.endedIn(unit, where, worker, "h", TestStatus.CRASHED, "c", "m", t, "", 2);
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
    assertThat(book.testsKnown()).isEqualTo(1);
    assertThat(book.discoveryComplete()).isTrue();
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

  @Test
  void aTestOnTwoLostWorkersIsTheCauseWhicheverWayTheyWereLost() {
    TestPlanIndex plan = new PlanFixture().cls("a.C", "silent", "exits").index();
    ResultBook book = new ResultBook(plan, "fx:mod");
    String silent = methodId("a.C", "silent");
    String exits = methodId("a.C", "exits");

    // w1 falls silent with both running: no fault of theirs, both run again without a result.
    book.started(silent, "w1", "h", 1);
    book.started(exits, "w1", "h", 1);
    assertThat(book.released("w1", "worker w1 was silent", 2)).isEmpty();
    assertThat(book.causedTwoLosses(silent)).isFalse();
    assertThat(book.isFinal(silent)).isFalse();

    // w2 falls silent with "silent" again: the second loss makes it the cause, crashed.
    book.started(silent, "w2", "h", 3);
    assertThat(book.released("w2", "worker w2 was silent", 4))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.uniqueId()).isEqualTo(silent);
              assertThat(r.status()).isEqualTo(TestStatus.CRASHED);
            });
    assertThat(book.causedTwoLosses(silent)).isTrue();
    assertThat(book.lostWith(silent)).containsExactlyInAnyOrder("w1", "w2");

    // "exits" was released once, then crashes w3 (System.exit): the same rule, the same count.
    book.started(exits, "w3", "h", 5);
    TestResult crashed = book.crashed("w3", "worker w3 crashed", 6).get(0);
    assertThat(crashed.status()).isEqualTo(TestStatus.CRASHED);
    assertThat(book.causedTwoLosses(exits)).isTrue();
    assertThat(book.testsSettled()).isEqualTo(2);
  }

  @Test
  void aRetractedResultIsAnEarlierAttemptAndAPassAfterItIsFlaky() {
    TestPlanIndex plan = new PlanFixture().cls("a.C", "flaky", "broken", "fine").index();
    ResultBook book = new ResultBook(plan, "fx:mod");
    WorkUnit unit = plan.unitsByTopLevelClass().get(0);
    String flaky = methodId("a.C", "flaky");
    String broken = methodId("a.C", "broken");

    book.started(flaky, "w1", "h1", 1);
    TestResult first =
        book.finished(finished(flaky, Outcome.FAILED, ASSERTION), "w1", "h1", 1.5).get(0);
    book.retract(first);
    book.started(broken, "w1", "h1", 2);
    book.retract(book.finished(finished(broken, Outcome.FAILED, BOOM), "w1", "h1", 2.5).get(0));
    assertThat(book.testsSettled()).as("taken back: no longer settled").isZero();

    // w1 ends the class: what was taken back for a rerun is not its to report, nor to run again.
    assertThat(book.unitDone(unit, "w1", "h1", 3))
        .extracting(TestResult::uniqueId)
        .containsExactly(methodId("a.C", "fine"));
    assertThat(book.remainingOf(unit)).isEmpty();

    book.started(flaky, "w2", "h2", 4);
    TestResult second =
        book.finished(finished(flaky, Outcome.SUCCESSFUL, null), "w2", "h2", 4.25).get(0);
    assertThat(second.status()).isEqualTo(TestStatus.FLAKY);
    assertThat(second.attempts()).isEqualTo(2);
    assertThat(second.allAttempts())
        .extracting(a -> a.worker() + "@" + a.host() + ":" + a.status())
        .containsExactly("w1@h1:FAILED", "w2@h2:PASSED");

    // The run ends before broken's rerun: its last attempt is its result, as it was.
    List<TestResult> rest = book.notRun(TestStatus.SKIPPED, "not run: interrupted", 5);
    assertThat(rest)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.uniqueId()).isEqualTo(broken);
              assertThat(r.status()).isEqualTo(TestStatus.ERROR);
              assertThat(r.attempts()).isEqualTo(1);
            });
    assertThat(book.testsSettled()).isEqualTo(3);
    assertThat(book.results()).hasSize(3);
  }

  @Test
  void aCrashReportAmendsAResultTakenBackForARerunWithoutTellingIt() {
    TestPlanIndex plan = new PlanFixture().cls("a.C", "dies", "stays").index();
    ResultBook book = new ResultBook(plan, "fx:mod");
    book.started(methodId("a.C", "dies"), "w1", "h", 1);
    book.started(methodId("a.C", "stays"), "w1", "h", 1);
    List<TestResult> crashed = book.crashed("w1", "worker w1 crashed", 2);
    book.retract(crashed.get(0));

    List<TestResult> told = book.amended(crashed, "worker w1 crashed\nlast lines: bye");

    assertThat(told)
        .singleElement()
        .extracting(TestResult::uniqueId)
        .isEqualTo(crashed.get(1).uniqueId());
    book.started(crashed.get(0).uniqueId(), "w2", "h", 3);
    TestResult rerun =
        book.finished(finished(crashed.get(0).uniqueId(), Outcome.SUCCESSFUL, null), "w2", "h", 4)
            .get(0);
    assertThat(rerun.earlierAttempts())
        .singleElement()
        .satisfies(a -> assertThat(a.message()).endsWith("last lines: bye"));
  }
}
