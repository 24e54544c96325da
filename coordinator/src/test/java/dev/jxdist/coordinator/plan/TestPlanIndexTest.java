package dev.jxdist.coordinator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.model.NodeType;
import dev.jxdist.common.model.PlanHash;
import dev.jxdist.common.model.TestNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestPlanIndexTest {

  @Test
  void cutsOneUnitPerTopLevelClassWithItsNestedClasses() {
    PlanFixture f = new PlanFixture().cls("a.One", "x", "y").cls("a.Two", "z");
    List<TestNode> nodes = new ArrayList<>(f.nodes());
    String nested = PlanFixture.classId("a.Two") + "/[nested-class:Inner]";
    nodes.add(new TestNode(nested, PlanFixture.classId("a.Two"), "Inner", "Inner", NodeType.CONTAINER, "a.Two$Inner", "", List.of()));
    nodes.add(new TestNode(nested + "/[method:w()]", nested, "w()", "w()", NodeType.TEST, "a.Two$Inner", "w", List.of()));
    TestPlanIndex index = TestPlanIndex.of(nodes);

    List<WorkUnit> units = index.unitsByTopLevelClass();

    assertThat(units).extracting(WorkUnit::label).containsExactly("a.One", "a.Two");
    assertThat(units).extracting(WorkUnit::testCount).containsExactly(2, 2);
    assertThat(index.planNodes().get(units.get(1).nodeIndices().get(0)).uniqueId())
        .isEqualTo(PlanFixture.classId("a.Two"));
    assertThat(index.topLevelOf(nested + "/[method:w()]")).map(TestNode::className).contains("a.Two");
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
  void dynamicNodesNeedAKnownParentAndANewId() {
    TestPlanIndex index = new PlanFixture().cls("a.P").template("a.P", "add").index();
    TestNode inv = PlanFixture.invocation("a.P", "add", 1);

    assertThat(index.addDynamic(inv)).isTrue();
    assertThat(index.addDynamic(inv)).isFalse();
    assertThat(index.addDynamic(new TestNode("x", "nope", "x", "x", NodeType.TEST, "", "", List.of()))).isFalse();
    assertThat(index.descendantTests(PlanFixture.classId("a.P"))).containsExactly(inv);
    assertThat(index.indexOf(inv.uniqueId())).isEqualTo(-1);
  }

  @Test
  void rejectsAPlanWithAChildBeforeItsParent() {
    List<TestNode> nodes = new ArrayList<>(new PlanFixture().cls("a.One", "x").nodes());
    nodes.add(1, nodes.remove(2));
    assertThatThrownBy(() -> TestPlanIndex.of(nodes)).hasMessageContaining("before its parent");
  }
}
