package dev.jxdist.it;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Each test of a run as {@code class name status}, comparable between Surefire's XML reports and
 * jxdist's JSON report: Surefire names a Jupiter method without its parentheses ({@code addsItem},
 * {@code addsTax(int)[1]}); status is passed, failed, error or skipped.
 */
final class TestCases {

  private TestCases() {}

  /** The tests of Surefire's {@code TEST-*.xml} files in {@code dir}. */
  static Set<String> surefire(Path dir) {
    Set<String> cases = new TreeSet<>();
    for (Path file : ReportTotals.reportFiles(dir)) {
      NodeList testcases = ReportTotals.parse(file).getElementsByTagName("testcase");
      for (int i = 0; i < testcases.getLength(); i++) {
        Element tc = (Element) testcases.item(i);
        cases.add(tc.getAttribute("classname") + " " + tc.getAttribute("name") + " " + status(tc));
      }
    }
    return cases;
  }

  /** The tests of a jxdist JSON report. */
  static Set<String> jxdist(JsonReport report) {
    return report.tests().stream()
        .map(
            t ->
                t.className()
                    + " "
                    + (t.name().endsWith("()")
                        ? t.name().substring(0, t.name().length() - 2)
                        : t.name())
                    + " "
                    + t.status())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String status(Element testcase) {
    for (Node c = testcase.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c.getNodeType() != Node.ELEMENT_NODE) {
        continue;
      }
      switch (c.getNodeName()) {
        case "failure":
          return "failed";
        case "error":
          return "error";
        case "skipped":
          return "skipped";
        default:
          break;
      }
    }
    return "passed";
  }
}
