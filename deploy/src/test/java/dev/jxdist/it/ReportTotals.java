package dev.jxdist.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Test totals summed over the {@code TEST-*.xml} files of a Surefire-format report directory.
 *
 * <p>Counts {@code <testcase>} elements and their {@code <failure>}, {@code <error>} and {@code
 * <skipped>} children rather than the {@code <testsuite>} attributes: Surefire 3.5.4 writes {@code
 * tests="0"} on the suite of a class whose tests all sit in {@code @Nested} classes' testcases.
 *
 * @param tests all test cases
 * @param failures test cases with a {@code <failure>}
 * @param errors test cases with an {@code <error>}
 * @param skipped test cases with a {@code <skipped>}
 */
record ReportTotals(int tests, int failures, int errors, int skipped) {

  /** Reads every {@code TEST-*.xml} file in {@code dir}; fails if there is none. */
  static ReportTotals read(Path dir) {
    List<Path> files = reportFiles(dir);
    if (files.isEmpty()) {
      throw new IllegalStateException("no TEST-*.xml report in " + dir);
    }
    ReportTotals sum = new ReportTotals(0, 0, 0, 0);
    for (Path file : files) {
      sum = sum.plus(readFile(file));
    }
    return sum;
  }

  /**
   * The totals of each {@code TEST-*.xml} file in {@code dir} by file name, sorted by name; empty
   * if there is none.
   */
  static Map<String, ReportTotals> perFile(Path dir) {
    Map<String, ReportTotals> out = new TreeMap<>();
    for (Path file : reportFiles(dir)) {
      out.put(file.getFileName().toString(), readFile(file));
    }
    return out;
  }

  /** The totals of one report file, counted from its test cases. */
  static ReportTotals readFile(Path file) {
    int tests = 0;
    int failures = 0;
    int errors = 0;
    int skipped = 0;
    NodeList cases = parse(file).getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element testCase = (Element) cases.item(i);
      tests++;
      if (hasChild(testCase, "failure")) {
        failures++;
      } else if (hasChild(testCase, "error")) {
        errors++;
      } else if (hasChild(testCase, "skipped")) {
        skipped++;
      }
    }
    return new ReportTotals(tests, failures, errors, skipped);
  }

  /** The totals one report file's {@code testsuite} element states in its attributes. */
  static ReportTotals stated(Path file) {
    Element suite = parse(file).getDocumentElement();
    return new ReportTotals(
        Integer.parseInt(suite.getAttribute("tests")),
        Integer.parseInt(suite.getAttribute("failures")),
        Integer.parseInt(suite.getAttribute("errors")),
        Integer.parseInt(suite.getAttribute("skipped")));
  }

  /**
   * Sums the reports in {@code <module>/<reportsDir>} over the project at {@code root} and every
   * module below it (see {@link #moduleDirs}); a module without reports adds nothing. Fails if no
   * module has a report. For a single-module project this is {@code
   * read(root.resolve(reportsDir))}.
   */
  static ReportTotals readModules(Path root, String reportsDir) {
    ReportTotals sum = new ReportTotals(0, 0, 0, 0);
    boolean found = false;
    for (Path module : moduleDirs(root)) {
      Path dir = module.resolve(reportsDir);
      if (!reportFiles(dir).isEmpty()) {
        sum = sum.plus(read(dir));
        found = true;
      }
    }
    if (!found) {
      throw new IllegalStateException("no TEST-*.xml report in " + reportsDir + " of " + root);
    }
    return sum;
  }

  /**
   * The Maven projects at and below {@code root}: every directory holding a {@code pom.xml},
   * outside {@code target} and hidden directories, sorted.
   */
  static List<Path> moduleDirs(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> Files.isRegularFile(p.resolve("pom.xml")))
          .filter(p -> !isBuildOrHidden(root.relativize(p)))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isBuildOrHidden(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.equals("target") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** These totals and {@code other}'s, added up. */
  ReportTotals plus(ReportTotals other) {
    return new ReportTotals(
        tests + other.tests,
        failures + other.failures,
        errors + other.errors,
        skipped + other.skipped);
  }

  /** The {@code TEST-*.xml} files in {@code dir}, sorted; empty if the directory does not exist. */
  static List<Path> reportFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses one XML report file. */
  static Document parse(Path file) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(file.toFile());
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("cannot parse " + file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean hasChild(Element element, String name) {
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child.getNodeType() == Node.ELEMENT_NODE && name.equals(child.getNodeName())) {
        return true;
      }
    }
    return false;
  }
}
