package dev.jxdist.worker.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.model.Selector;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.worker.bridge.api.LaunchOptions;
import dev.jxdist.worker.testing.Suites;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which classes must run whole, found on real classes of real JUnit 5, 6 and 4 suites. */
class IndivisibleClassesTest {

  private static final String JUPITER = "[engine:junit-jupiter]/[class:whole.";
  private static final String VINTAGE = "[engine:junit-vintage]/[runner:whole4.";
  private static final List<Selector> WHOLE = List.of(new Selector(Selector.Kind.PACKAGE, "whole"));

  private final ClassLoader workerLoader = IndivisibleClassesTest.class.getClassLoader();

  private static LaunchOptions config(Map<String, String> parameters) {
    return new LaunchOptions(List.of(), List.of(), List.of(), List.of(), parameters);
  }

  private List<String> indivisible(
      List<String> classpath, List<Selector> selectors, LaunchOptions options) throws Exception {
    try (SuiteRuntime suite = SuiteRuntime.open(classpath, workerLoader)) {
      List<TestNode> plan = suite.discover(selectors, options);
      assertThat(plan).isNotEmpty();
      return suite.indivisibleClasses(plan, options);
    }
  }

  @ParameterizedTest
  @EnumSource(Suites.Line.class)
  void jupiterClassesWithPerClassStateOrderedMethodsOrNestedClassesStayWhole(Suites.Line line)
      throws Exception {
    List<String> whole = indivisible(Suites.classpath(line), WHOLE, LaunchOptions.none());

    assertThat(whole)
        .containsExactlyInAnyOrder(
            JUPITER + "PerClassTest]",
            JUPITER + "InheritsPerClassTest]",
            JUPITER + "ComposedPerClassTest]",
            JUPITER + "OrderedTest]",
            JUPITER + "OrderedByInterfaceTest]",
            JUPITER + "WithNestedTest]");
  }

  @ParameterizedTest
  @EnumSource(Suites.Line.class)
  void theConfiguredDefaultLifecycleCountsUnlessAClassSaysOtherwise(Suites.Line line)
      throws Exception {
    List<String> whole =
        indivisible(
            Suites.classpath(line),
            WHOLE,
            config(Map.of(IndivisibleClasses.LIFECYCLE_DEFAULT, "per_class")));

    assertThat(whole).contains(JUPITER + "PlainTest]").doesNotContain(JUPITER + "PerMethodTest]");
  }

  @Test
  void aConfiguredDefaultMethodOrderKeepsEveryClassWhole() throws Exception {
    List<String> whole =
        indivisible(
            Suites.classpath(Suites.Line.JUNIT6),
            WHOLE,
            config(
                Map.of(
                    IndivisibleClasses.METHOD_ORDER_DEFAULT,
                    "org.junit.jupiter.api.MethodOrderer$MethodName")));

    assertThat(whole).contains(JUPITER + "PlainTest]", JUPITER + "PerMethodTest]").hasSize(8);
  }

  @Test
  void junit4ClassesWithAFixedOrderOrARunnerStayWhole() throws Exception {
    List<String> whole =
        indivisible(
            Suites.vintageClasspath(),
            List.of(new Selector(Selector.Kind.PACKAGE, "whole4")),
            LaunchOptions.none());

    assertThat(whole)
        .containsExactlyInAnyOrder(
            VINTAGE + "FixedOrderJUnit4Test]",
            VINTAGE + "ParameterizedJUnit4Test]",
            VINTAGE + "InheritsRunnerJUnit4Test]");
  }
}
