package dev.jxdist.coordinator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.jxdist.common.model.NodeType;
import dev.jxdist.common.model.PlanHash;
import dev.jxdist.common.model.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestPlanIndexTest {

  @Test
  void cutsOneUnitPerTopLevelClassWithItsNestedClasses() {
    PlanFixture f = new PlanFixture().cls("a.One", "x", "y").cls("a.Two", "z");
    List<TestNode> nodes = new ArrayList<>(f.nodes());
    String nested = PlanFixture.classId("a.Two") + "/[nested-class:Inner]";
    nodes.add(
        new TestNode(
            nested,
            PlanFixture.classId("a.Two"),
            "Inner",
            "Inner",
            NodeType.CONTAINER,
            "a.Two$Inner",
            "",
            List.of()));
    nodes.add(
        new TestNode(
            nested + "/[method:w()]",
            nested,
            "w()",
            "w()",
            NodeType.TEST,
            "a.Two$Inner",
            "w",
            List.of()));
    TestPlanIndex index = TestPlanIndex.of(nodes);

    List<WorkUnit> units = index.unitsByTopLevelClass();

    assertThat(units).extracting(WorkUnit::label).containsExactly("a.One", "a.Two");
    assertThat(units).extracting(WorkUnit::testCount).containsExactly(2, 2);
    assertThat(index.planNodes().get(units.get(1).nodeIndices().get(0)).uniqueId())
        .isEqualTo(PlanFixture.classId("a.Two"));
    assertThat(index.topLevelOf(nested + "/[method:w()]"))
        .map(TestNode::className)
        .contains("a.Two");
    assertThat(index.hash()).isEqualTo(PlanHash.of(nodes));
  }

  @Test
  void aClassUnitNamesItsTopLevelClassOtherUnitsDoNot() {
    TestPlanIndex index = new PlanFixture().cls("a.One", "x", "y").cls("a.Two", "z").index();
    WorkUnit two = index.unitsByTopLevelClass().get(1);
    int x = index.indexOf(PlanFixture.methodId("a.One", "x"));
    int y = index.indexOf(PlanFixture.methodId("a.One", "y"));

    assertThat(index.classOf(two)).map(TestNode::uniqueId).contains(PlanFixture.classId("a.Two"));
    assertThat(index.classOf(new WorkUnit(7, "a.One", List.of(x), 1))).isEmpty();
    assertThat(index.classOf(new WorkUnit(8, "a.One", List.of(x, y), 2))).isEmpty();
    assertThat(index.classOf(new WorkUnit(9, "engine", List.of(0), 3))).isEmpty();
    assertThat(index.classOf(new WorkUnit(10, "far", List.of(99), 1))).isEmpty();
  }

  @Test
  void aClassWithOnlyATemplateIsStillAUnit() {
    TestPlanIndex index = new PlanFixture().cls("a.P").template("a.P", "add").index();
    assertThat(index.unitsByTopLevelClass()).extracting(WorkUnit::label).containsExactly("a.P");
  }

  @Test
  void aClassTemplateIsAUnitAndCountsAsOneTestUntilItRuns() {
    // @ParameterizedClass: no test is discovered below it. Left out, it would never run, and the
    // run would pass without its tests.
    TestPlanIndex index = new PlanFixture().cls("a.A", "x").classTemplate("a.Colors").index();
    TestNode template = index.node(PlanFixture.classTemplateId("a.Colors")).orElseThrow();

    assertThat(TestPlanIndex.isTemplate(template)).isTrue();
    assertThat(TestPlanIndex.isTemplate(index.node(PlanFixture.classId("a.A")).orElseThrow()))
        .isFalse();
    assertThat(index.unitsByTopLevelClass())
        .extracting(WorkUnit::label, WorkUnit::testCount)
        .containsExactly(tuple("a.A", 1), tuple("a.Colors", 1));
    assertThat(index.unitsByTest())
        .map(units -> units.stream().map(WorkUnit::label).toList())
        .containsExactly(List.of("a.A"), List.of("a.Colors"));
    assertThat(index.templateCount()).isEqualTo(1);
  }

  @Test
  void aTopLevelContainerWithNoTestYetIsAUnitWhateverTheCut() {
    // Another engine's container whose tests only come as it runs (the launcher prunes those that
    // cannot bring any): never left out, or a run would pass without its tests.
    String spec = "[engine:spock]/[spec:a.S]";
    List<TestNode> nodes =
        List.of(
            new TestNode(
                "[engine:spock]", "", "Spock", "Spock", NodeType.CONTAINER, "", "", List.of()),
            new TestNode(
                spec, "[engine:spock]", "S", "a.S", NodeType.CONTAINER, "a.S", "", List.of()));
    TestPlanIndex index = TestPlanIndex.of(nodes, Set.of());

    assertThat(index.unitsByTopLevelClass()).extracting(WorkUnit::label).containsExactly("a.S");
    assertThat(index.unitsByTest())
        .map(units -> units.stream().map(WorkUnit::label).toList())
        .containsExactly(List.of("a.S"));
    assertThat(index.unitsByGroup()).extracting(WorkUnit::label).containsExactly("a.S");
  }

  @Test
  void dynamicNodesNeedAKnownParentAndANewId() {
    TestPlanIndex index = new PlanFixture().cls("a.P").template("a.P", "add").index();
    TestNode inv = PlanFixture.invocation("a.P", "add", 1);

    assertThat(index.addDynamic(inv)).isTrue();
    assertThat(index.addDynamic(inv)).isFalse();
    assertThat(
            index.addDynamic(new TestNode("x", "nope", "x", "x", NodeType.TEST, "", "", List.of())))
        .isFalse();
    assertThat(index.descendantTests(PlanFixture.classId("a.P"))).containsExactly(inv);
    assertThat(index.indexOf(inv.uniqueId())).isEqualTo(-1);
  }

  @Test
  void rejectsAPlanWithAChildBeforeItsParent() {
    List<TestNode> nodes = new ArrayList<>(new PlanFixture().cls("a.One", "x").nodes());
    nodes.add(1, nodes.remove(2));
    assertThatThrownBy(() -> TestPlanIndex.of(nodes)).hasMessageContaining("before its parent");
  }

  static List<String> ids(TestPlanIndex index, WorkUnit unit) {
    return index.uniqueIds(unit);
  }

  @Test
  void unitIdsArePlanIndicesOfTheFirstNodeSoCutsNeverCollideWithTheSessionsOwn() {
    TestPlanIndex index = new PlanFixture().cls("a.One", "x", "y").cls("a.Two", "z").index();

    List<WorkUnit> classes = index.unitsByTopLevelClass();
    assertThat(classes).extracting(WorkUnit::unitId).containsExactly(1, 4);
    assertThat(index.unitsByTest().stream().flatMap(List::stream).map(WorkUnit::unitId))
        .containsExactly(2, 3, 5);
    assertThat(index.firstFreeUnitId()).isEqualTo(6);
  }

  @Test
  void byTestCutsSingleTestsAndTemplatesButKeepsWholeWhatMustStayWhole() {
    PlanFixture f =
        new PlanFixture()
            .cls("a.Split", "x", "y")
            .template("a.Split", "p")
            .cls("a.Ordered", "o1", "o2")
            .cls("a.Outer", "t")
            .nested("a.Outer", "Inner", "i1", "i2")
            .cls("a.Empty");
    TestPlanIndex index = f.index("a.Ordered");

    List<List<WorkUnit>> classes = index.unitsByTest();

    assertThat(classes).hasSize(4);
    assertThat(classes.get(0))
        .extracting(u -> ids(index, u))
        .containsExactly(
            List.of(PlanFixture.methodId("a.Split", "x")),
            List.of(PlanFixture.methodId("a.Split", "y")),
            List.of(PlanFixture.templateId("a.Split", "p")));
    assertThat(classes.get(0)).extracting(WorkUnit::testCount).containsExactly(1, 1, 1);
    assertThat(classes.get(0)).extracting(WorkUnit::label).containsOnly("a.Split");
    assertThat(classes.get(1))
        .singleElement()
        .satisfies(
            u -> {
              assertThat(ids(index, u)).containsExactly(PlanFixture.classId("a.Ordered"));
              assertThat(u.testCount()).isEqualTo(2);
            });
    assertThat(classes.get(2))
        .singleElement()
        .satisfies(
            u -> {
              assertThat(ids(index, u)).containsExactly(PlanFixture.classId("a.Outer"));
              assertThat(u.testCount()).isEqualTo(3);
            });
    // No test discovered below it, yet not pruned by the launcher: its tests may come as it runs.
    assertThat(classes.get(3))
        .singleElement()
        .satisfies(
            u -> {
              assertThat(ids(index, u)).containsExactly(PlanFixture.classId("a.Empty"));
              assertThat(u.testCount()).isZero();
            });
  }

  @Test
  void byGroupPutsAGroupsTestsTogetherAcrossClassesAndTheRestByClass() {
    String db = TestPlanIndex.GROUP_TAG + "db";
    PlanFixture f =
        new PlanFixture()
            .cls("a.Plain", "p1")
            .cls("a.Mixed")
            .test("a.Mixed", "m1", db)
            .test("a.Mixed", "m2")
            .test("a.Mixed", "m3", "slow")
            .taggedCls("a.AllDb", db, "d1", "d2")
            .cls("a.Ordered")
            .test("a.Ordered", "o1")
            .test("a.Ordered", "o2", TestPlanIndex.GROUP_TAG + "io")
            .cls("a.Own")
            .test("a.Own", "n1", TestPlanIndex.GROUP_TAG + "io");
    TestPlanIndex index = f.index("a.Ordered");

    List<WorkUnit> units = index.unitsByGroup();

    assertThat(units)
        .extracting(WorkUnit::label, u -> ids(index, u))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a.Plain", List.of(PlanFixture.classId("a.Plain"))),
            org.assertj.core.groups.Tuple.tuple(
                "group db",
                List.of(
                    PlanFixture.methodId("a.Mixed", "m1"),
                    PlanFixture.methodId("a.AllDb", "d1"),
                    PlanFixture.methodId("a.AllDb", "d2"))),
            org.assertj.core.groups.Tuple.tuple(
                "a.Mixed",
                List.of(
                    PlanFixture.methodId("a.Mixed", "m2"), PlanFixture.methodId("a.Mixed", "m3"))),
            org.assertj.core.groups.Tuple.tuple(
                "group io",
                List.of(PlanFixture.classId("a.Ordered"), PlanFixture.methodId("a.Own", "n1"))));
    assertThat(units).extracting(WorkUnit::testCount).containsExactly(1, 3, 2, 3);
  }

  @Test
  void unitOfRoundTripsAndNamesWhatThePlanDoesNotHave() {
    TestPlanIndex index = new PlanFixture().cls("a.One", "x", "y").cls("a.Two", "z").index();
    WorkUnit merged =
        index.unitOf(
            List.of(PlanFixture.methodId("a.One", "y"), PlanFixture.methodId("a.Two", "z")));

    assertThat(merged.unitId()).isEqualTo(3);
    assertThat(merged.nodeIndices()).containsExactly(3, 5);
    assertThat(merged.testCount()).isEqualTo(2);
    assertThat(merged.label()).isEqualTo("a.One and 1 more");
    assertThat(index.unitOf(index.uniqueIds(merged))).isEqualTo(merged);
    WorkUnit cls = index.unitsByTopLevelClass().get(0);
    assertThat(index.unitOf(index.uniqueIds(cls))).isEqualTo(cls);

    assertThatThrownBy(
            () ->
                index.unitOf(
                    List.of(PlanFixture.methodId("a.One", "x"), "[engine:x]/[class:Gone]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the test plan has no node [engine:x]/[class:Gone]");
  }

  @Test
  void indivisibleIdsMustNameTopLevelNodes() {
    List<TestNode> nodes = new PlanFixture().cls("a.One", "x").nodes();
    assertThat(
            TestPlanIndex.of(nodes, Set.of(PlanFixture.classId("a.One")))
                .isIndivisible(PlanFixture.classId("a.One")))
        .isTrue();
    assertThatThrownBy(() -> TestPlanIndex.of(nodes, Set.of(PlanFixture.methodId("a.One", "x"))))
        .hasMessageContaining("not a top-level node");
  }
}
