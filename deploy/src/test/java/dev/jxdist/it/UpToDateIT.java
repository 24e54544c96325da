package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code jxdist run --project} gives the verdict {@code mvn test} gives for the code as it is now,
 * on the like-mvn-test fixture (a build step bound to process-test-classes rewrites a test class;
 * tests check the thread they run on and leave it interrupted; one reads a resource): on an unbuilt
 * copy it builds what {@code mvn test} builds and reports each test as Surefire does; then each run
 * sees a failing test class added, a test's source changed, a resource changed; {@code --no-build}
 * takes the compiled state as it is and asks Maven for nothing.
 */
class UpToDateIT {

  private static final String ADDED = "src/test/java/fx/AddedTest.java";

  @Test
  void everyRunSeesTheBuildAsMvnTestWouldLeaveIt() throws IOException {
    Path surefireCopy = Fixtures.freshCopy("like-mvn-test", "like-mvn-test-surefire");
    ProcessResult mvn =
        Fixtures.runMaven(
            surefireCopy,
            "like-mvn-test-surefire",
            Map.of(),
            "-B",
            "-q",
            "test",
            "-Dmaven.test.failure.ignore=true");
    assertThat(mvn.exitCode()).as(mvn.describe()).isZero();
    Set<String> surefire = TestCases.surefire(surefireCopy.resolve("target/surefire-reports"));
    // The fixture: every test passes under mvn test, the processed class and the thread's ones.
    assertThat(surefire)
        .hasSize(8)
        .allSatisfy(t -> assertThat(t).endsWith(" passed"))
        .contains(
            "fx.ProcessedTest runsTheClassAsTheBuildProcessedIt passed",
            "fx.TestThreadTest a_runsOnTheMainThread passed",
            "fx.TestThreadTest b_isNotADaemonAndNeitherAreItsThreads passed",
            "fx.TestThreadTest c_leavesTheInterruptFlagSet passed",
            "fx.TestThreadTest d_interruptsItselfThenFinishes passed",
            "fx.TestThreadTest f_seesTheFlagAsTheLauncherLeavesIt passed");

    Path project = Fixtures.freshCopy("like-mvn-test", "like-mvn-test-jxdist");
    Run first = run(project, "first");
    assertThat(first.result.exitCode()).as(first.result.describe()).isZero();
    assertThat(first.tests).as(first.result.describe()).isEqualTo(surefire);

    // A failing test class added to the compiled project.
    Files.writeString(
        project.resolve(ADDED),
        "package fx;\n"
            + "import static org.junit.jupiter.api.Assertions.fail;\n"
            + "import org.junit.jupiter.api.Test;\n"
            + "class AddedTest {\n"
            + "  @Test void one() { fail(\"added and failing\"); }\n"
            + "  @Test void two() { fail(\"added and failing\"); }\n"
            + "}\n");
    Run added = run(project, "added");
    assertThat(added.result.exitCode()).as(added.result.describe()).isEqualTo(1);
    assertThat(added.tests)
        .as(added.result.describe())
        .isEqualTo(with(surefire, "fx.AddedTest one failed", "fx.AddedTest two failed"));

    // The new test's source changed: it passes now.
    Files.writeString(
        project.resolve(ADDED),
        Files.readString(project.resolve(ADDED)).replace("fail(\"added and failing\");", ""));
    Run changed = run(project, "changed");
    assertThat(changed.result.exitCode()).as(changed.result.describe()).isZero();
    assertThat(changed.tests)
        .isEqualTo(with(surefire, "fx.AddedTest one passed", "fx.AddedTest two passed"));

    // A resource changed.
    Path greeting = project.resolve("src/test/resources/greeting.txt");
    Files.writeString(greeting, "howdy\n");
    Run resource = run(project, "resource");
    assertThat(resource.result.exitCode()).as(resource.result.describe()).isEqualTo(1);
    assertThat(resource.tests)
        .contains("fx.GreetingTest greetsAsTheResourceSays failed")
        .filteredOn(t -> !t.endsWith(" passed"))
        .hasSize(1);

    // --no-build: the compiled state as it is (the old resource), and Maven is not asked.
    Files.writeString(greeting, "hello\n");
    Path state = project.resolve("target/jxdist/modules/state.properties");
    String before = Files.readString(state);
    FileTime keptAt = Files.getLastModifiedTime(state);
    Run noBuild = run(project, "no-build", "--no-build");
    assertThat(noBuild.result.exitCode()).as(noBuild.result.describe()).isEqualTo(1);
    assertThat(noBuild.tests).contains("fx.GreetingTest greetsAsTheResourceSays failed");
    assertThat(Files.readString(state)).isEqualTo(before);
    assertThat(Files.getLastModifiedTime(state)).isEqualTo(keptAt);

    Run rebuilt = run(project, "rebuilt");
    assertThat(rebuilt.result.exitCode()).as(rebuilt.result.describe()).isZero();
    assertThat(Files.readString(state)).isNotEqualTo(before);

    // Nothing changed since: Maven is not asked again.
    String upToDate = Files.readString(state);
    FileTime upToDateAt = Files.getLastModifiedTime(state);
    Run again = run(project, "again");
    assertThat(again.result.exitCode()).as(again.result.describe()).isZero();
    assertThat(again.tests).isEqualTo(rebuilt.tests);
    assertThat(Files.readString(state)).isEqualTo(upToDate);
    assertThat(Files.getLastModifiedTime(state)).isEqualTo(upToDateAt);
  }

  /** One jxdist run on two workers, with its tests as {@link TestCases} gives them. */
  private record Run(ProcessResult result, Set<String> tests) {}

  private static Run run(Path project, String name, String... more) {
    Path json = Fixtures.runsDir().resolve("up-to-date-" + name + ".json");
    String[] args = {
      "run", "-n", "2", "--project", project.toString(), "--report-json", json.toString()
    };
    String[] all = Stream.concat(Arrays.stream(args), Arrays.stream(more)).toArray(String[]::new);
    try {
      Files.deleteIfExists(json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ProcessResult result = Jxdist.run(Fixtures.runsDir(), all);
    assertThat(json).as(result.describe()).isRegularFile();
    return new Run(result, TestCases.jxdist(JsonReport.read(json)));
  }

  private static Set<String> with(Set<String> tests, String... more) {
    Set<String> out = new TreeSet<>(tests);
    out.addAll(List.of(more));
    return out;
  }
}
