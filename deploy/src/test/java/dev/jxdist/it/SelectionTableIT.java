package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Maven's selection flags on the selection fixture: for every row of the table, {@code jxdist run
 * --project -D...} runs exactly the tests {@code mvn test -D...} runs. What Surefire runs is learnt
 * from Surefire itself, in one Maven call: the fixture's copy gets one Surefire execution per row
 * (the row's flags as its configuration, its own reports directory), and {@code mvn test-compile
 * surefire:test@r01 ... surefire:test@rNN} runs them all; the last one names no class at all, and
 * fails the build as Surefire's failIfNoSpecifiedTests does.
 */
class SelectionTableIT {

  /** The rows: Surefire's syntax, every form, and the groups. */
  static List<Map<String, String>> rows() {
    return List.of(
        Map.of("test", "CartTest"),
        Map.of("test", "shop.OrderTest"),
        Map.of("test", "Order*"),
        Map.of("test", "CartTest#addsItem"),
        Map.of("test", "OrderTest#accepts*"),
        Map.of("test", "#accepts*"),
        Map.of("test", "CartTest, PriceTest"),
        Map.of("test", "!CartTest"),
        Map.of("test", "%regex[.*Price.*]"),
        Map.of("test", "%regex[.*Order.*#cancel.*]"),
        Map.of("test", "shop/pay/**"),
        Map.of("test", "OrderTest#placesOrder+cancelsOrder"),
        Map.of("test", "OuterTest$Inner"),
        Map.of("test", "StockCheck, PaymentIT"),
        Map.of("test", "PriceTest#addsTax"),
        Map.of("groups", "fast"),
        Map.of("excludedGroups", "slow"),
        Map.of("test", "Order*, Payment*", "groups", "slow"));
  }

  private static Path project;
  private static ProcessResult surefire;

  @BeforeAll
  static void runSurefireOnEveryRow() throws IOException {
    project = Fixtures.freshCopy("selection", "selection-table");
    Path pom = project.resolve("pom.xml");
    StringBuilder executions = new StringBuilder();
    List<String> args = new ArrayList<>(List.of("-B", "test-compile"));
    List<Map<String, String>> rows = rows();
    for (int i = 0; i < rows.size(); i++) {
      String id = id(i);
      executions.append("<execution><id>").append(id).append("</id><configuration>");
      rows.get(i).forEach((k, v) -> executions.append(element(k, v)));
      executions
          .append("<failIfNoSpecifiedTests>false</failIfNoSpecifiedTests>")
          .append("<reportsDirectory>${project.build.directory}/table/")
          .append(id)
          .append("</reportsDirectory></configuration></execution>");
      args.add("surefire:test@" + id);
    }
    executions.append(
        "<execution><id>nomatch</id><configuration><test>NoSuchTest</test>"
            + "<reportsDirectory>${project.build.directory}/table/nomatch</reportsDirectory>"
            + "</configuration></execution>");
    args.add("surefire:test@nomatch");
    String text = Files.readString(pom);
    Files.writeString(pom, text.replace("<!-- jxdist-it: executions -->", executions));
    surefire =
        Fixtures.runMaven(
            project, "selection-table-surefire", Map.of(), args.toArray(new String[0]));
  }

  static List<Object[]> table() {
    List<Object[]> out = new ArrayList<>();
    List<Map<String, String>> rows = rows();
    for (int i = 0; i < rows.size(); i++) {
      out.add(new Object[] {i, rows.get(i)});
    }
    return out;
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("table")
  void selectsWhatSurefireSelects(int row, Map<String, String> flags) {
    Set<String> expected = TestCases.surefire(project.resolve("target/table").resolve(id(row)));
    Path json = Fixtures.runsDir().resolve("selection-table-" + id(row) + ".json");
    deleteIfExists(json);
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "-n",
                "1",
                "--project",
                project.toString(),
                "--no-build",
                "--report-json",
                json.toString(),
                "-Dsurefire.failIfNoSpecifiedTests=false"));
    flags.forEach((k, v) -> args.add("-D" + k + "=" + v));
    ProcessResult run = Jxdist.run(Fixtures.runsDir(), args.toArray(new String[0]));

    // Every row selects something under Surefire (an empty directory would compare as nothing).
    assertThat(expected).as("Surefire's selection; %s", surefire.describe()).isNotEmpty();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(TestCases.jxdist(JsonReport.read(json))).as(run.describe()).isEqualTo(expected);
  }

  @Test
  void aPatternNoClassMatchesFailsAsSurefireFails() {
    assertThat(surefire.exitCode()).as(surefire.describe()).isNotZero();
    assertThat(surefire.output())
        .contains("No tests matching pattern \"NoSuchTest\" were executed!");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "1",
            "--project",
            project.toString(),
            "--no-build",
            "-Dtest=NoSuchTest");
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(5);
    assertThat(run.output())
        .contains("No tests matching pattern \"NoSuchTest\" were executed in module fx:selection!")
        .contains("-Dsurefire.failIfNoSpecifiedTests=false");
  }

  @Test
  void selectClassTakesAUniqueSimpleNameAndNamesTheCandidatesOfAnAmbiguousOne() {
    Path json = Fixtures.runsDir().resolve("selection-simple-name.json");
    deleteIfExists(json);
    ProcessResult cart =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "1",
            "--project",
            project.toString(),
            "--no-build",
            "--select-class",
            "CartTest",
            "--report-json",
            json.toString());
    assertThat(cart.exitCode()).as(cart.describe()).isZero();
    assertThat(JsonReport.read(json).tests())
        .hasSize(3)
        .allSatisfy(t -> assertThat(t.className()).isEqualTo("shop.CartTest"));

    ProcessResult order =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "1",
            "--project",
            project.toString(),
            "--no-build",
            "--select-class",
            "OrderTest");
    assertThat(order.exitCode()).as(order.describe()).isEqualTo(4);
    assertThat(order.output())
        .contains("--select-class OrderTest: several test classes have this simple name")
        .contains("shop.OrderTest, shop.pay.OrderTest");
  }

  private static String id(int row) {
    return String.format("r%02d", row + 1);
  }

  private static String element(String name, String value) {
    String escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return "<" + name + ">" + escaped + "</" + name + ">";
  }

  private static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
