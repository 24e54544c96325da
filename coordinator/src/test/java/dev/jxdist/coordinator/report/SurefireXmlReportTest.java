package dev.jxdist.coordinator.report;

import static dev.jxdist.coordinator.report.SampleRuns.ERROR_TRACE;
import static dev.jxdist.coordinator.report.SampleRuns.FAIL_TRACE;
import static dev.jxdist.coordinator.report.SampleRuns.result;
import static dev.jxdist.coordinator.report.SampleRuns.withOutput;
import static dev.jxdist.coordinator.report.SampleRuns.withProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.model.ThrowableInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class SurefireXmlReportTest {

  /** The order of a testcase's children in surefire-test-report-3.0.xsd. */
  private static final List<String> CHILD_ORDER =
      List.of(
          "failure",
          "rerunFailure",
          "flakyFailure",
          "skipped",
          "error",
          "rerunError",
          "flakyError",
          "system-out",
          "system-err");

  /** SUREFIRE_TIME of the schema. */
  private static final Pattern SUREFIRE_TIME =
      Pattern.compile("(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\\.[0-9]{0,3})?");

  @TempDir Path dir;

  @Test
  void writesOneFilePerTopLevelClassWithItsNestedClassesInside() throws Exception {
    Path reports = dir.resolve("target/jxdist-reports");
    List<Path> written = new SurefireXmlReport(reports, "17.0.9").write(SampleRuns.mixed());

    assertThat(written)
        .containsExactly(
            reports.resolve("TEST-fx.CalcTest.xml"),
            reports.resolve("TEST-fx.Outer.xml"),
            reports.resolve("TEST-fx.Other.xml"));
    try (Stream<Path> files = Files.list(reports)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary file is left behind")
          .containsExactlyInAnyOrder(
              "TEST-fx.CalcTest.xml", "TEST-fx.Outer.xml", "TEST-fx.Other.xml");
    }
    assertThat(new SurefireXmlReport(reports).fileFor("fx.Outer"))
        .isEqualTo(reports.resolve("TEST-fx.Outer.xml"));
  }

  @Test
  void eachJunit4SuiteHasAFileOfItsOwnWithItsTestsInside() throws Exception {
    // Two suite() classes that run the same tester class: Surefire files each under its suite.
    List<TestResult> tests = new ArrayList<>();
    for (String suite : List.of("fx.ListsTest", "fx.SetsTest")) {
      for (String method : List.of("testSize", "testAdd")) {
        TestResult r = result("fx.SizeTester", method, TestStatus.PASSED);
        tests.add(SampleRuns.named(r, new SurefireName(suite, suite, method)));
      }
    }
    new SurefireXmlReport(dir, "17").write(report(tests));

    for (String suite : List.of("fx.ListsTest", "fx.SetsTest")) {
      Element file = parse(dir.resolve("TEST-" + suite + ".xml"));
      assertThat(file.getAttribute("name")).isEqualTo(suite);
      assertThat(file.getAttribute("tests")).isEqualTo("2");
      assertThat(children(file, "testcase"))
          .extracting(c -> c.getAttribute("classname") + "#" + c.getAttribute("name"))
          .containsExactly(suite + "#testSize", suite + "#testAdd");
    }
    assertThat(dir.resolve("TEST-fx.SizeTester.xml")).doesNotExist();
  }

  @Test
  void aClassThatRanWithoutAResultGetsAnEmptySuite() throws Exception {
    RunReport run = SampleRuns.mixed();
    new SurefireXmlReport(dir, "17")
        .write(
            new RunReport(
                run.summary(),
                run.workers(),
                run.hosts(),
                run.tests(),
                run.units(),
                List.of(new ClassRun("", "fx.CalcTest"), new ClassRun("", "fx.AssumesDocker"))));

    Element empty = parse(dir.resolve("TEST-fx.AssumesDocker.xml"));
    assertThat(empty.getAttribute("name")).isEqualTo("fx.AssumesDocker");
    assertThat(empty.getAttribute("tests")).isEqualTo("0");
    assertThat(children(empty, "testcase")).isEmpty();
    assertThat(children(parse(dir.resolve("TEST-fx.CalcTest.xml")), "testcase")).hasSize(4);
  }

  @Test
  void suiteCarriesTheSchemaAndTheCountsOfItsClass() throws Exception {
    new SurefireXmlReport(dir, "17.0.9").write(SampleRuns.mixed());

    Element calc = parse(dir.resolve("TEST-fx.CalcTest.xml"));
    assertThat(calc.getTagName()).isEqualTo("testsuite");
    assertThat(calc.getAttribute("xmlns:xsi"))
        .isEqualTo("http://www.w3.org/2001/XMLSchema-instance");
    assertThat(calc.getAttribute("xsi:noNamespaceSchemaLocation"))
        .isEqualTo(
            "https://maven.apache.org/surefire/maven-surefire-plugin/xsd/"
                + "surefire-test-report.xsd");
    assertThat(calc.getAttribute("version")).isEqualTo("3.0.2");
    assertThat(calc.getAttribute("name")).isEqualTo("fx.CalcTest");
    assertThat(calc.getAttribute("tests")).isEqualTo("4");
    assertThat(calc.getAttribute("failures")).isEqualTo("1");
    assertThat(calc.getAttribute("errors")).isEqualTo("1");
    assertThat(calc.getAttribute("skipped")).isEqualTo("1");
    // 0.012 + 0.02 + 0.003 + 0
    assertThat(calc.getAttribute("time")).isEqualTo("0.035");

    Element inner = parse(dir.resolve("TEST-fx.Outer.xml"));
    assertThat(inner.getAttribute("name")).isEqualTo("fx.Outer");
    assertThat(inner.getAttribute("tests")).isEqualTo("3");
    assertThat(inner.getAttribute("failures")).as("flaky counts as passed").isEqualTo("0");
    assertThat(inner.getAttribute("errors")).as("crashed counts as an error").isEqualTo("1");
    assertThat(inner.getAttribute("skipped")).isEqualTo("0");
    assertThat(inner.getAttribute("time")).isEqualTo("1.1");

    Element other = parse(dir.resolve("TEST-fx.Other.xml"));
    assertThat(other.getAttribute("tests")).isEqualTo("2");
    assertThat(other.getAttribute("skipped")).as("aborted counts as skipped").isEqualTo("1");
    assertThat(other.getAttribute("failures")).isEqualTo("0");
    assertThat(other.getAttribute("errors")).isEqualTo("0");
  }

  @Test
  void propertiesNameTheJavaVersionWorkersAndHosts() throws Exception {
    RunReport run = SampleRuns.mixed();
    List<TestResult> tests = new ArrayList<>(run.tests());
    tests.add(
        SampleRuns.on(result("fx.CalcTest", "more()", TestStatus.PASSED), "w10", "build3", 1, 2));
    tests.add(
        SampleRuns.on(result("fx.CalcTest", "again()", TestStatus.PASSED), "w2", "build3", 1, 2));
    new SurefireXmlReport(dir, "17.0.9")
        .write(new RunReport(run.summary(), run.workers(), run.hosts(), tests));

    Element suite = parse(dir.resolve("TEST-fx.CalcTest.xml"));
    List<Element> properties = children(suite, "properties");
    assertThat(properties).hasSize(1);
    assertThat(children(properties.get(0), "property"))
        .extracting(p -> p.getAttribute("name") + "=" + p.getAttribute("value"))
        .containsExactly(
            "java.version=17.0.9", "jxdist.workers=w1,w2,w10", "jxdist.hosts=build3,localhost");
    assertThat(children(suite).get(0).getTagName())
        .as("properties come before the test cases")
        .isEqualTo("properties");
  }

  @Test
  void testCasesHaveSurefiresNamesClassNamesAndTimes() throws Exception {
    new SurefireXmlReport(dir, "17").write(SampleRuns.mixed());

    List<Element> cases = children(parse(dir.resolve("TEST-fx.CalcTest.xml")), "testcase");
    assertThat(cases)
        .extracting(c -> c.getAttribute("name"))
        .containsExactly("passes", "fails", "add(int)[2]", "skipped");
    assertThat(cases).extracting(c -> c.getAttribute("classname")).containsOnly("fx.CalcTest");
    assertThat(cases)
        .extracting(c -> c.getAttribute("time"))
        .containsExactly("0.012", "0.02", "0.003", "0");

    List<Element> nested = children(parse(dir.resolve("TEST-fx.Outer.xml")), "testcase");
    assertThat(nested).extracting(c -> c.getAttribute("classname")).containsOnly("fx.Outer$Inner");
  }

  @Test
  void eachStatusGetsItsElement() throws Exception {
    new SurefireXmlReport(dir, "17").write(SampleRuns.mixed());
    List<Element> calc = children(parse(dir.resolve("TEST-fx.CalcTest.xml")), "testcase");
    List<Element> inner = children(parse(dir.resolve("TEST-fx.Outer.xml")), "testcase");
    List<Element> other = children(parse(dir.resolve("TEST-fx.Other.xml")), "testcase");

    Element passes = calc.get(0);
    assertThat(names(children(passes))).containsExactly("system-out");
    assertThat(children(passes, "system-out").get(0).getTextContent()).isEqualTo("hello\n");
    assertThat(children(inner.get(0))).as("a quiet passed test is empty").isEmpty();

    Element failure = only(calc.get(1), "failure");
    assertThat(failure.getAttribute("type")).isEqualTo("org.opentest4j.AssertionFailedError");
    assertThat(failure.getAttribute("message")).isEqualTo("expected: <2> but was: <3>");
    assertThat(failure.getTextContent()).isEqualTo(FAIL_TRACE);
    assertThat(names(children(calc.get(1)))).containsExactly("failure", "system-out", "system-err");

    Element error = only(calc.get(2), "error");
    assertThat(error.getAttribute("type")).isEqualTo("java.lang.IllegalStateException");
    assertThat(error.getAttribute("message")).isEqualTo("boom");
    assertThat(error.getTextContent()).isEqualTo(ERROR_TRACE);

    Element skipped = only(calc.get(3), "skipped");
    assertThat(skipped.getAttribute("message")).isEqualTo("not today");
    assertThat(only(other.get(1), "skipped").getAttribute("message"))
        .isEqualTo("Assumption failed: not on CI");

    Element flaky = inner.get(1);
    assertThat(names(children(flaky))).containsExactly("flakyFailure");
    Element flakyFailure = only(flaky, "flakyFailure");
    assertThat(flakyFailure.getAttribute("type")).isEqualTo("org.opentest4j.AssertionFailedError");
    assertThat(flakyFailure.getAttribute("message")).isEqualTo("expected: <2> but was: <3>");
    assertThat(names(children(flakyFailure))).containsExactly("stackTrace");
    assertThat(only(flakyFailure, "stackTrace").getTextContent()).isEqualTo(FAIL_TRACE);

    Element flakyError = only(other.get(0), "flakyError");
    assertThat(flakyError.getAttribute("type")).isEqualTo("java.lang.IllegalStateException");
    assertThat(only(flakyError, "stackTrace").getTextContent()).isEqualTo(ERROR_TRACE);

    Element crashed = inner.get(2);
    assertThat(names(children(crashed))).containsExactly("error", "system-err");
    Element crash = only(crashed, "error");
    assertThat(crash.getAttribute("type")).isEqualTo("jxdist.WorkerCrash");
    assertThat(crash.getAttribute("message")).isEqualTo("worker w2 crashed: exit 137");
    assertThat(crash.getTextContent()).isEqualTo("worker w2 crashed: exit 137");
    assertThat(only(crashed, "system-err").getTextContent()).isEqualTo("Killed\n");
  }

  @Test
  void aTimedOutTestIsAnErrorWhoseMessageIsOneLineAndWhoseSystemErrHoldsTheDump() throws Exception {
    String dump = "\"main\" TIMED_WAITING\n\tat fx.HangTest.sleeps(HangTest.java:9)\n";
    ThrowableInfo timeout =
        new ThrowableInfo(
            "java.util.concurrent.TimeoutException",
            "timed out after 5s",
            "java.util.concurrent.TimeoutException: timed out after 5s\n"
                + "\tat fx.HangTest.sleeps(HangTest.java:9)\n",
            false);
    TestResult hung =
        withOutput(
            withProblem(
                result("fx.HangTest", "sleeps()", TestStatus.ERROR),
                "timed out after 5s\n" + dump,
                timeout,
                1),
            "",
            dump);
    new SurefireXmlReport(dir, "17")
        .write(
            new RunReport(
                new RunSummary(1, 0, 0, 1, 0, 0, 0, 5, 1), List.of(), List.of(), List.of(hung)));

    Element testCase = children(parse(dir.resolve("TEST-fx.HangTest.xml")), "testcase").get(0);
    Element error = only(testCase, "error");
    assertThat(error.getAttribute("type")).isEqualTo("java.util.concurrent.TimeoutException");
    assertThat(error.getAttribute("message")).isEqualTo("timed out after 5s");
    assertThat(error.getTextContent()).contains("at fx.HangTest.sleeps(HangTest.java:9)");
    assertThat(only(testCase, "system-err").getTextContent()).isEqualTo(dump);
  }

  @Test
  void everyFileFollowsTheSchemasOrderAndTimeFormat() throws Exception {
    for (Path file : new SurefireXmlReport(dir, "17").write(SampleRuns.mixed())) {
      Element suite = parse(file);
      assertThat(SUREFIRE_TIME.matcher(suite.getAttribute("time")).matches()).isTrue();
      for (Element testCase : children(suite, "testcase")) {
        assertThat(testCase.getAttribute("name")).isNotEmpty();
        assertThat(SUREFIRE_TIME.matcher(testCase.getAttribute("time")).matches())
            .as(testCase.getAttribute("time"))
            .isTrue();
        int last = -1;
        for (Element child : children(testCase)) {
          int at = CHILD_ORDER.indexOf(child.getTagName());
          assertThat(at).as(child.getTagName() + " in " + file).isGreaterThanOrEqualTo(last);
          last = at;
          if (!child.getTagName().startsWith("system-") && !child.getTagName().equals("skipped")) {
            assertThat(child.hasAttribute("type")).as("type is required").isTrue();
          }
        }
      }
    }
  }

  @Test
  void hostileTextSurvivesAndIllegalCharactersArePrintable() throws Exception {
    String message = "line 1\nline 2\t\"quoted\" <&> ]]>\r end";
    ThrowableInfo thrown =
        new ThrowableInfo("fx.Weird", message, "fx.Weird: " + message + "\n\tat x\r\n", false);
    TestResult weird =
        withOutput(
            withProblem(result("fx.Weird", "odd(String)[1]", TestStatus.ERROR), "", thrown, 1),
            "ok \uD83D\uDE00 <&]]> \u0001 \u0008 lone \uD800 and \uFFFF\r\n",
            "tab\tend");
    Path file = new SurefireXmlReport(dir, "17").write(report(List.of(weird))).get(0);

    Element error = only(only(parse(file), "testcase"), "error");
    assertThat(error.getAttribute("message")).as("attribute round trip").isEqualTo(message);
    assertThat(error.getTextContent()).isEqualTo("fx.Weird: " + message + "\n\tat x\r\n");
    Element testCase = only(parse(file), "testcase");
    assertThat(only(testCase, "system-out").getTextContent())
        .isEqualTo("ok \uD83D\uDE00 <&]]> &#1; &#8; lone &#55296; and &#65535;\r\n");
    assertThat(only(testCase, "system-err").getTextContent()).isEqualTo("tab\tend");

    String raw = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(raw).doesNotContain("\u0001").doesNotContain("<![CDATA[").contains("&amp;#1;");
    assertThat(raw).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  }

  @Test
  void aFailureWithoutAnExceptionStillHasAType() throws Exception {
    TestResult bare = withProblem(result("fx.Bare", "gone()", TestStatus.FAILED), "", null, 1);
    TestResult bareFlaky =
        withProblem(result("fx.Bare", "wobbly()", TestStatus.FLAKY), "first run failed", null, 2);
    Path file = new SurefireXmlReport(dir, "17").write(report(List.of(bare, bareFlaky))).get(0);

    List<Element> cases = children(parse(file), "testcase");
    Element failure = only(cases.get(0), "failure");
    assertThat(failure.getAttribute("type")).isEqualTo(SurefireXmlReport.UNKNOWN_TYPE);
    assertThat(failure.hasAttribute("message")).as("no empty message attribute").isFalse();
    Element flaky = only(cases.get(1), "flakyFailure");
    assertThat(flaky.getAttribute("type")).isEqualTo(SurefireXmlReport.UNKNOWN_TYPE);
    assertThat(only(flaky, "stackTrace").getTextContent()).isEqualTo("first run failed");
  }

  @Test
  void rewritingReplacesTheFile() throws Exception {
    SurefireXmlReport xml = new SurefireXmlReport(dir, "17");
    xml.write(report(List.of(result("fx.A", "one()", TestStatus.PASSED))));
    xml.write(
        report(
            List.of(
                result("fx.A", "one()", TestStatus.PASSED),
                result("fx.A", "two()", TestStatus.SKIPPED))));

    Element suite = parse(dir.resolve("TEST-fx.A.xml"));
    assertThat(suite.getAttribute("tests")).isEqualTo("2");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void anEmptyRunWritesNothing() throws IOException {
    assertThat(new SurefireXmlReport(dir.resolve("none"), "17").write(report(List.of()))).isEmpty();
  }

  @Test
  void testCaseNameDropsOnlyTheParenthesesOfANoArgumentMethod() {
    assertThat(SurefireName.testCaseName("passes()")).isEqualTo("passes");
    assertThat(SurefireName.testCaseName("add(int)[2]")).isEqualTo("add(int)[2]");
    assertThat(SurefireName.testCaseName("add(int, String)")).isEqualTo("add(int, String)");
    assertThat(SurefireName.testCaseName("dynamic test 1")).isEqualTo("dynamic test 1");
    assertThat(SurefireName.testCaseName("()")).isEqualTo("");
  }

  @Test
  void secondsHaveAtMostThreeDecimalsAndNoGrouping() {
    assertThat(SurefireXmlReport.seconds(0)).isEqualTo("0");
    assertThat(SurefireXmlReport.seconds(-1)).isEqualTo("0");
    assertThat(SurefireXmlReport.seconds(Double.NaN)).isEqualTo("0");
    assertThat(SurefireXmlReport.seconds(0.0125)).isEqualTo("0.013");
    assertThat(SurefireXmlReport.seconds(0.0004)).isEqualTo("0");
    assertThat(SurefireXmlReport.seconds(2.0)).isEqualTo("2");
    assertThat(SurefireXmlReport.seconds(20.0)).isEqualTo("20");
    assertThat(SurefireXmlReport.seconds(1234.5678)).isEqualTo("1234.568");
    assertThat(SUREFIRE_TIME.matcher("1234.568").matches()).isTrue();
  }

  @Test
  void aTestWithoutAClassGoesToANamedFile() throws Exception {
    Path file =
        new SurefireXmlReport(dir, "17")
            .write(report(List.of(result("", "engine failure", TestStatus.ERROR))))
            .get(0);
    assertThat(file.getFileName().toString()).isEqualTo("TEST-jxdist.NoClass.xml");
    assertThat(parse(file).getAttribute("name")).isEqualTo("jxdist.NoClass");
  }

  private static RunReport report(List<TestResult> tests) {
    return new RunReport(
        new RunSummary(tests.size(), 0, 0, 0, 0, 0, 0, 1.0, 0), List.of(), List.of(), tests);
  }

  static Element parse(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(file.toFile());
    return document.getDocumentElement();
  }

  static List<Element> children(Element parent) {
    List<Element> elements = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element) {
        elements.add((Element) node);
      } else if (node.getNodeType() == Node.TEXT_NODE) {
        assertThat(node.getTextContent().isBlank() || parent.getChildNodes().getLength() == 1)
            .as("text in <%s> is only whitespace between elements", parent.getTagName())
            .isTrue();
      }
    }
    return elements;
  }

  static List<Element> children(Element parent, String name) {
    List<Element> named = new ArrayList<>();
    for (Element child : children(parent)) {
      if (child.getTagName().equals(name)) {
        named.add(child);
      }
    }
    return named;
  }

  private static Element only(Element parent, String name) {
    List<Element> named = children(parent, name);
    assertThat(named).as("<%s> in <%s>", name, parent.getTagName()).hasSize(1);
    return named.get(0);
  }

  private static List<String> names(List<Element> elements) {
    List<String> names = new ArrayList<>();
    for (Element element : elements) {
      names.add(element.getTagName());
    }
    return names;
  }
}
