package dev.jxdist.worker.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.model.NodeType;
import dev.jxdist.common.model.Outcome;
import dev.jxdist.common.model.ReportEntry;
import dev.jxdist.common.model.Selector;
import dev.jxdist.common.model.SurefireSelection;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.model.ThrowableInfo;
import dev.jxdist.worker.bridge.api.ExecutionSink;
import dev.jxdist.worker.bridge.api.LaunchOptions;
import dev.jxdist.worker.testing.Suites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The real bridge on real JUnit 5.14 (Platform 1.14) and JUnit 6.1 (Platform 6.1) suites. */
class JUnitPlatformBridgeTest {

  private static final String ENGINE = "[engine:junit-jupiter]";
  private static final String BASICS = ENGINE + "/[class:fx.BasicsTest]";
  private static final String PARAMS = ENGINE + "/[class:fx.ParamsTest]";

  private final ClassLoader workerLoader = JUnitPlatformBridgeTest.class.getClassLoader();

  @ParameterizedTest
  @EnumSource(Suites.Line.class)
  void discoversThePlanDepthFirst(Suites.Line line) throws Exception {
    try (SuiteRuntime suite = SuiteRuntime.open(Suites.classpath(line), workerLoader)) {
      List<TestNode> plan =
          suite.discover(
              List.of(
                  new Selector(Selector.Kind.CLASS, "fx.BasicsTest"),
                  new Selector(Selector.Kind.CLASS, "fx.ParamsTest")),
              LaunchOptions.none());
      Map<String, TestNode> byId = byId(plan);

      assertThat(plan.get(0).uniqueId()).isEqualTo(ENGINE);
      assertThat(plan.get(0).isRoot()).isTrue();
      assertDepthFirst(plan);

      TestNode passes = byId.get(BASICS + "/[method:passes()]");
      assertThat(passes.type()).isEqualTo(NodeType.TEST);
      assertThat(passes.parentId()).isEqualTo(BASICS);
      assertThat(passes.className()).isEqualTo("fx.BasicsTest");
      assertThat(passes.methodName()).isEqualTo("passes");
      assertThat(passes.legacyReportingName()).isEqualTo("passes()");
      assertThat(byId.get(BASICS + "/[method:tagged()]").tags()).containsExactly("db", "slow");

      TestNode basics = byId.get(BASICS);
      assertThat(basics.type()).isEqualTo(NodeType.CONTAINER);
      assertThat(basics.className()).isEqualTo("fx.BasicsTest");
      assertThat(basics.methodName()).isEmpty();

      TestNode template = byId.get(PARAMS + "/[test-template:positive(int)]");
      assertThat(template.type()).isEqualTo(NodeType.CONTAINER);
      assertThat(plan).noneMatch(n -> n.uniqueId().contains("test-template-invocation"));

      TestNode nested = byId.get(PARAMS + "/[nested-class:Inner]");
      assertThat(nested.className()).isEqualTo("fx.ParamsTest$Inner");
      TestNode inside = byId.get(PARAMS + "/[nested-class:Inner]/[method:inside()]");
      assertThat(inside.className()).isEqualTo("fx.ParamsTest$Inner");

      assertThat(plan.stream().filter(n -> n.type().isTest()).count()).isEqualTo(8);
    }
  }

  @ParameterizedTest
  @EnumSource(Suites.Line.class)
  void appliesTagAndClassNameFilters(Suites.Line line) throws Exception {
    try (SuiteRuntime suite = SuiteRuntime.open(Suites.classpath(line), workerLoader)) {
      List<Selector> pkg = List.of(new Selector(Selector.Kind.PACKAGE, "fx"));
      LaunchOptions slowOnly =
          new LaunchOptions(
              List.of(".*BasicsTest"), List.of(), List.of("slow"), List.of(), Map.of());
      assertThat(tests(suite.discover(pkg, slowOnly)))
          .containsExactly(BASICS + "/[method:tagged()]");

      LaunchOptions noBasics =
          new LaunchOptions(List.of(), List.of(".*BasicsTest"), List.of(), List.of(), Map.of());
      List<String> rest = tests(suite.discover(pkg, noBasics));
      assertThat(rest).isNotEmpty().noneMatch(id -> id.startsWith(BASICS));
      assertThat(rest).contains(PARAMS + "/[nested-class:Inner]/[method:inside()]");
    }
  }

  @ParameterizedTest
  @EnumSource(Suites.Line.class)
  void selectsClassesAndMethodsAsSurefiresPatternsSay(Suites.Line line) throws Exception {
    try (SuiteRuntime suite = SuiteRuntime.open(Suites.classpath(line), workerLoader)) {
      List<Selector> pkg = List.of(new Selector(Selector.Kind.PACKAGE, "fx"));
      // -Dtest=BasicsTest#pass*+fails,Params*#inside: the same list picks classes, then methods.
      List<String> test = List.of("BasicsTest#pass*+fails", "Params*#inside");
      SurefireSelection selection = new SurefireSelection(test, List.of(), test, List.of());
      LaunchOptions options =
          new LaunchOptions(
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              Map.of(),
              Optional.of(SurefireTestFilter.classes(selection)),
              SurefireTestFilter.methods(selection));
      assertThat(tests(suite.discover(pkg, options)))
          .containsExactlyInAnyOrder(
              BASICS + "/[method:passes()]",
              BASICS + "/[method:fails()]",
              PARAMS + "/[nested-class:Inner]/[method:inside()]");

      // The scan of a class directory selects class by class, as Surefire does: a nested class
      // named on its own comes with its enclosing class.
      List<String> nested = List.of("ParamsTest$Inner");
      SurefireSelection inner = new SurefireSelection(nested, List.of(), nested, List.of());
      List<Selector> scanned =
          SurefireTestFilter.scan(
              List.of(new Selector(Selector.Kind.CLASSPATH_ROOT, Suites.classes(line).toString())),
              inner);
      assertThat(scanned).containsExactly(new Selector(Selector.Kind.CLASS, "fx.ParamsTest$Inner"));
      assertThat(
              tests(
                  suite.discover(
                      scanned,
                      new LaunchOptions(
                          List.of(),
                          List.of(),
                          List.of(),
                          List.of(),
                          Map.of(),
                          Optional.empty(),
                          SurefireTestFilter.methods(inner)))))
          .containsExactly(PARAMS + "/[nested-class:Inner]/[method:inside()]");

      // Surefire's defaults: the classes named like tests, no method filter at all.
      SurefireSelection defaults =
          new SurefireSelection(
              List.of("**/Test*.java", "**/*Test.java", "**/*Tests.java", "**/*TestCase.java"),
              List.of("**/*$*"),
              List.of(),
              List.of());
      assertThat(SurefireTestFilter.methods(defaults)).isEmpty();
      assertThat(SurefireTestFilter.classes(defaults))
          .accepts("fx.BasicsTest", "TestThis", "a.b.CTests")
          .rejects("fx.Basics", "fx.BasicsTest$Inner");
    }
  }

  @ParameterizedTest
  @EnumSource(Suites.Line.class)
  void executesOneClassAndReportsEveryEvent(Suites.Line line) throws Exception {
    try (SuiteRuntime suite = SuiteRuntime.open(Suites.classpath(line), workerLoader)) {
      RecordingSink sink = new RecordingSink();
      suite.execute(List.of(BASICS), LaunchOptions.none(), sink);

      assertThat(sink.log.get(0)).isEqualTo("started " + ENGINE);
      assertThat(sink.log.get(1)).isEqualTo("started " + BASICS);
      assertThat(sink.log.get(sink.log.size() - 2)).isEqualTo("finished " + BASICS + " SUCCESSFUL");
      assertThat(sink.log.get(sink.log.size() - 1)).isEqualTo("finished " + ENGINE + " SUCCESSFUL");
      assertThat(sink.log)
          .contains(
              "finished " + BASICS + "/[method:passes()] SUCCESSFUL",
              "finished " + BASICS + "/[method:fails()] FAILED",
              "finished " + BASICS + "/[method:errors()] FAILED",
              "finished " + BASICS + "/[method:aborted()] ABORTED",
              "skipped " + BASICS + "/[method:disabled()] not today")
          .doesNotContain("started " + BASICS + "/[method:disabled()]");
      assertThat(sink.log)
          .containsSubsequence(
              "started " + BASICS + "/[method:passes()]",
              "finished " + BASICS + "/[method:passes()] SUCCESSFUL");

      ThrowableInfo failure = sink.throwables.get(BASICS + "/[method:fails()]");
      assertThat(failure.assertion()).isTrue();
      assertThat(failure.className()).isEqualTo("org.opentest4j.AssertionFailedError");
      assertThat(failure.message()).contains("one is not two");
      assertThat(failure.stackTrace()).contains("fx.BasicsTest.fails(");
      ThrowableInfo error = sink.throwables.get(BASICS + "/[method:errors()]");
      assertThat(error.assertion()).isFalse();
      assertThat(error.className()).isEqualTo("java.lang.IllegalStateException");
      assertThat(error.message()).isEqualTo("boom");
      assertThat(sink.throwables.get(BASICS + "/[method:aborted()]").className())
          .isEqualTo("org.opentest4j.TestAbortedException");

      ReportEntry entry =
          sink.entries.get(BASICS + "/[method:reports(org.junit.jupiter.api.TestReporter)]");
      assertThat(entry.values()).containsEntry("answer", "42");
      assertThat(entry.timestampMs()).isPositive();
    }
  }

  @ParameterizedTest
  @EnumSource(Suites.Line.class)
  void warmsUpOnATestOfItsOwnThatNeitherUnitsNorTheSuitesListenersSee(
      Suites.Line line, @TempDir Path services) throws Exception {
    // The suite registers a listener of its own (fx.SeenListener) through the ServiceLoader.
    Path file =
        services.resolve("META-INF/services/org.junit.platform.launcher.TestExecutionListener");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "fx.SeenListener\n");
    List<String> classpath = new ArrayList<>(Suites.classpath(line));
    classpath.add(services.toString());
    System.clearProperty("fx.seen");
    try (SuiteRuntime suite = SuiteRuntime.open(classpath, workerLoader)) {
      assertThat(suite.warmUp()).isTrue();
      assertThat(System.getProperty("fx.seen")).isNull();

      RecordingSink sink = new RecordingSink();
      suite.execute(List.of(BASICS), LaunchOptions.none(), sink);
      assertThat(sink.log.get(0)).isEqualTo("started " + ENGINE);
      assertThat(sink.log.get(1)).isEqualTo("started " + BASICS);
      assertThat(sink.log).noneMatch(event -> event.contains("LauncherWarmUp"));
      assertThat(sink.log.get(sink.log.size() - 1)).isEqualTo("finished " + ENGINE + " SUCCESSFUL");
      assertThat(System.getProperty("fx.seen"))
          .as("the suite's listener is registered, and sees the unit")
          .contains(BASICS + "/[method:passes()]")
          .doesNotContain("LauncherWarmUp");
    } finally {
      System.clearProperty("fx.seen");
    }
  }

  @Test
  void leavesASuiteWithoutJupiterAlone() throws Exception {
    try (SuiteRuntime suite = SuiteRuntime.open(Suites.vintageClasspath(), workerLoader)) {
      assertThat(suite.warmUp()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Suites.Line.class)
  void registersParameterizedInvocationsAsTheyRun(Suites.Line line) throws Exception {
    try (SuiteRuntime suite = SuiteRuntime.open(Suites.classpath(line), workerLoader)) {
      RecordingSink sink = new RecordingSink();
      String template = PARAMS + "/[test-template:positive(int)]";
      suite.execute(List.of(template), LaunchOptions.none(), sink);

      String first = template + "/[test-template-invocation:#1]";
      assertThat(sink.log)
          .containsSubsequence(
              "started " + template,
              "registered " + first,
              "started " + first,
              "finished " + first + " SUCCESSFUL",
              "registered " + template + "/[test-template-invocation:#3]",
              "finished " + template + " SUCCESSFUL");
      TestNode invocation = sink.registered.get(first);
      assertThat(invocation.parentId()).isEqualTo(template);
      assertThat(invocation.type()).isEqualTo(NodeType.TEST);
      assertThat(invocation.className()).isEqualTo("fx.ParamsTest");
      assertThat(invocation.methodName()).isEqualTo("positive");
      assertThat(invocation.legacyReportingName()).isEqualTo("positive(int)[1]");
      assertThat(invocation.displayName()).isEqualTo("[1] 1");
      // Only what was selected ran: not the nested class.
      assertThat(sink.log).noneMatch(s -> s.contains("nested-class"));
    }
  }

  @ParameterizedTest
  @EnumSource(Suites.Line.class)
  void runsTheSuiteIsolatedFromTheWorker(Suites.Line line) throws Exception {
    try (SuiteRuntime suite = SuiteRuntime.open(Suites.classpath(line), workerLoader)) {
      RecordingSink sink = new RecordingSink();
      suite.execute(List.of(ENGINE + "/[class:fx.IsolationTest]"), LaunchOptions.none(), sink);
      assertThat(sink.log)
          .filteredOn(s -> s.startsWith("finished"))
          .hasSize(4)
          .allMatch(s -> s.endsWith("SUCCESSFUL"), "all successful: " + sink.throwables);
    }
  }

  private static List<String> tests(List<TestNode> plan) {
    return plan.stream().filter(n -> n.type().isTest()).map(TestNode::uniqueId).toList();
  }

  private static Map<String, TestNode> byId(List<TestNode> plan) {
    return plan.stream().collect(Collectors.toMap(TestNode::uniqueId, n -> n));
  }

  /** Each node's parent is the previous node or one of its ancestors. */
  private static void assertDepthFirst(List<TestNode> plan) {
    List<String> path = new ArrayList<>();
    for (TestNode node : plan) {
      if (node.isRoot()) {
        path.clear();
      } else {
        int parent = path.lastIndexOf(node.parentId());
        assertThat(parent).as("parent of %s on the current path", node.uniqueId()).isNotNegative();
        path.subList(parent + 1, path.size()).clear();
      }
      path.add(node.uniqueId());
    }
  }

  /** Keeps the sink's calls as lines, plus the details worth checking. */
  static final class RecordingSink implements ExecutionSink {
    final List<String> log = new ArrayList<>();
    final Map<String, ThrowableInfo> throwables = new HashMap<>();
    final Map<String, ReportEntry> entries = new HashMap<>();
    final Map<String, TestNode> registered = new HashMap<>();

    @Override
    public synchronized void started(String uniqueId) {
      log.add("started " + uniqueId);
    }

    @Override
    public synchronized void registered(TestNode node) {
      log.add("registered " + node.uniqueId());
      registered.put(node.uniqueId(), node);
    }

    @Override
    public synchronized void skipped(String uniqueId, String reason) {
      log.add("skipped " + uniqueId + " " + reason);
    }

    @Override
    public synchronized void finished(
        String uniqueId, Outcome outcome, Optional<ThrowableInfo> throwable) {
      log.add("finished " + uniqueId + " " + outcome);
      throwable.ifPresent(t -> throwables.put(uniqueId, t));
    }

    @Override
    public synchronized void reportEntry(String uniqueId, ReportEntry entry) {
      entries.put(uniqueId, entry);
    }
  }
}
