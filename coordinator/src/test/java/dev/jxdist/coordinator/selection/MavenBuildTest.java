package dev.jxdist.coordinator.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When jxdist asks Maven again, with a real process in Maven's place: a script that logs its
 * arguments and "compiles" (touches a class file) and "describes" (writes a module description) as
 * the real plugin would.
 */
class MavenBuildTest {

  @TempDir Path project;
  @TempDir Path tools;
  private Path calls;
  private MavenCommand maven;

  @BeforeEach
  void fakeMaven() throws IOException {
    calls = tools.resolve("calls.log");
    Path script = tools.resolve("mvn");
    Files.writeString(
        script,
        String.join(
            "\n",
            "#!/bin/sh",
            "echo \"$*\" >> '" + calls + "'",
            "out=''",
            "for a in \"$@\"; do case \"$a\" in -Djxdist.describeDir=*) out=\"${a#*=}\";; esac; done",
            "mkdir -p \"$out\" target/test-classes/fx",
            "case \"$*\" in *process-test-classes*)"
                + " cp src/test/java/fx/ATest.java target/test-classes/fx/ATest.class;; esac",
            "cat > \"$out/module-000.json\" <<EOF",
            "{\"version\": 1, \"id\": \"fx:a\", \"name\": \"a\", \"basedir\": \"$PWD\","
                + " \"packaging\": \"jar\", \"skip\": false,"
                + " \"testClassesDirectory\": \"$PWD/target/test-classes\","
                + " \"classpath\": [\"$PWD/target/test-classes\"], \"jvmArgs\": [],"
                + " \"systemProperties\": {}, \"environment\": {}, \"workingDirectory\": \"$PWD\","
                + " \"includes\": [], \"excludes\": [], \"groups\": \"\", \"excludedGroups\": \"\","
                + " \"configurationParameters\": {}}",
            "EOF",
            ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    maven = new MavenCommand(script.toString());
    Files.writeString(project.resolve("pom.xml"), "<project/>");
    Files.createDirectories(project.resolve("src/test/java/fx"));
    Files.writeString(project.resolve("src/test/java/fx/ATest.java"), "class ATest {}");
    Files.createDirectories(project.resolve("src/test/resources"));
    Files.writeString(project.resolve("src/test/resources/data.txt"), "one");
  }

  private List<String> run(MavenInvocation invocation, boolean build) throws IOException {
    new MavenBuild(project, maven, invocation, build).modules();
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  private List<String> run() throws IOException {
    return run(MavenInvocation.none(), true);
  }

  @Test
  void mavenRunsAgainOnlyWhenSomethingItBuildsFromOrLeftBehindChanged() throws IOException {
    assertThat(run()).hasSize(1).allMatch(c -> c.startsWith("-B -q process-test-classes "));
    assertThat(run()).as("nothing changed").hasSize(1);

    Path source = project.resolve("src/test/java/fx/ATest.java");
    Files.writeString(source, "class ATest { void more() {} }");
    assertThat(run()).as("a test's source changed").hasSize(2);

    Path resource = project.resolve("src/test/resources/data.txt");
    Files.setLastModifiedTime(resource, FileTime.fromMillis(0));
    assertThat(run()).as("only a time stamp changed").hasSize(2);
    Files.writeString(resource, "two");
    Files.setLastModifiedTime(resource, FileTime.fromMillis(0));
    assertThat(run()).as("a resource changed, its time stamp did not").hasSize(3);

    Files.writeString(project.resolve("src/test/java/fx/BTest.java"), "class BTest {}");
    assertThat(run()).as("a test class was added").hasSize(4);

    Files.delete(project.resolve("target/test-classes/fx/ATest.class"));
    assertThat(run()).as("the compiled classes changed behind Maven's back").hasSize(5);

    Files.writeString(project.resolve("target/ignored.txt"), "build output is not a source");
    assertThat(run()).hasSize(5);
  }

  @Test
  void theInvocationAndThePomsAreTheKey() throws IOException {
    run();
    MavenInvocation selected = new MavenInvocation(Map.of("test", "ATest#x"), List.of("ci"));
    assertThat(run(selected, true))
        .hasSize(2)
        .last()
        .satisfies(c -> assertThat(c).contains("-Dtest=ATest#x").contains("-Pci"));
    assertThat(run(selected, true)).hasSize(2);
    assertThat(run()).as("back to no -D: another answer").hasSize(3);

    Files.writeString(project.resolve("pom.xml"), "<project><!-- changed --></project>");
    assertThat(run()).hasSize(4);
    Files.createDirectories(project.resolve(".mvn"));
    Files.writeString(project.resolve(".mvn/maven.config"), "-Pci");
    assertThat(run()).hasSize(5);
  }

  @Test
  void withoutBuildingTheKeptAnswerServesAndMavenOnlyDescribes() throws IOException {
    run();
    Files.writeString(project.resolve("src/test/java/fx/ATest.java"), "class ATest { int x; }");
    assertThat(run(MavenInvocation.none(), false)).as("kept answer, nothing built").hasSize(1);

    MavenInvocation other = new MavenInvocation(Map.of("groups", "fast"), List.of());
    assertThat(run(other, false))
        .hasSize(2)
        .last()
        .satisfies(c -> assertThat(c).doesNotContain("process-test-classes").contains(":describe"));
    assertThat(run(other, true)).as("described without a build: build now").hasSize(3);
    assertThat(Files.readAllLines(calls).get(2)).startsWith("-B -q process-test-classes ");
  }
}
