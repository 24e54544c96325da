package dev.jxdist.coordinator.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.model.SurefireSelection;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.config.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleDescriptionTest {

  @TempDir Path dir;

  static String json(String id, String extra) {
    return "{\"version\": 1, \"id\": \""
        + id
        + "\", \"name\": \""
        + id.substring(id.indexOf(':') + 1)
        + "\", \"basedir\": \"/b/"
        + id
        + "\", \"packaging\": \"jar\", \"skip\": false,"
        + " \"testClassesDirectory\": \"/b/tc\", \"classpath\": [\"/b/tc\", \"/b/c\", \"/r/x.jar\"],"
        + " \"jvmArgs\": [\"-Xmx384m\", \"--add-opens\", \"java.base/java.lang=ALL-UNNAMED\"],"
        + " \"systemProperties\": {\"k\": \"v\"}, \"environment\": {\"E\": \"1\"},"
        + " \"workingDirectory\": \"/b/wd\", \"includes\": [], \"excludes\": [\"**/Slow*\"],"
        + " \"groups\": \"fast\", \"excludedGroups\": \"\","
        + " \"configurationParameters\": {\"junit.x\": \"y\"}"
        + extra
        + "}";
  }

  @Test
  void aDescriptionBecomesTheSuiteSurefireWouldRun() throws IOException {
    Files.writeString(dir.resolve("module-001.json"), json("fx:beta", ""));
    Files.writeString(dir.resolve("module-000.json"), json("fx:alpha", ""));
    Files.writeString(dir.resolve("key.txt"), "not a module");

    List<ModuleDescription> modules = ModuleDescriptionFile.readAll(dir);

    assertThat(modules).extracting(ModuleDescription::id).containsExactly("fx:alpha", "fx:beta");
    SuiteSpec suite = modules.get(0).toSuite();
    assertThat(suite.id()).isEqualTo("fx:alpha");
    assertThat(suite.classpath())
        .containsExactly(Path.of("/b/tc"), Path.of("/b/c"), Path.of("/r/x.jar"));
    assertThat(suite.scanRoots()).containsExactly(Path.of("/b/tc"));
    assertThat(suite.jvmArgs())
        .containsExactly("-Xmx384m", "--add-opens", "java.base/java.lang=ALL-UNNAMED");
    assertThat(suite.systemProperties()).containsEntry("k", "v");
    assertThat(suite.environment()).containsEntry("E", "1");
    assertThat(suite.workingDirectory()).isEqualTo(Path.of("/b/wd"));
    assertThat(suite.configurationParameters()).containsEntry("junit.x", "y");
    // Surefire's own patterns go to the workers: its default includes, the configured excludes.
    assertThat(suite.filters().includeClassNamePatterns()).isEmpty();
    assertThat(suite.filters().surefire())
        .hasValue(
            new SurefireSelection(
                SurefireParameters.DEFAULT_INCLUDES, List.of("**/Slow*"), List.of(), List.of()));
    assertThat(suite.filters().requiredTests()).isEmpty();
    assertThat(suite.filters().includeTags()).containsExactly("fast");
    assertThat(suite.reportsDir()).isEqualTo(Path.of("/b/fx:alpha/target/jxdist-reports"));
    // Written before the description had Surefire's reportsDirectory: Surefire's default.
    assertThat(suite.surefireReports()).hasValue(Path.of("/b/surefire-reports"));
  }

  @Test
  void surefiresOwnReportsAreWhereItsReportsDirectorySays() throws IOException {
    Path file = dir.resolve("module-000.json");
    Files.writeString(file, json("fx:alpha", ", \"reportsDirectory\": \"/b/build/test-results\""));

    assertThat(ModuleDescriptionFile.read(file).toSuite().surefireReports())
        .hasValue(Path.of("/b/build/test-results"));
  }

  @Test
  void dashDTestSelectsAndMustMatchWhileTheFilesAndDependenciesToScanAddTheirShare()
      throws IOException {
    Path file = dir.resolve("module-000.json");
    Files.writeString(
        file,
        json(
            "fx:alpha",
            ", \"test\": \"CartTest#adds*, !Slow*\", \"includesFile\": [\"**/In*\"],"
                + " \"scanDependencies\": [\"/r/tests.jar\"]"));
    SuiteSpec suite = ModuleDescriptionFile.read(file).toSuite();
    List<String> test = List.of("CartTest#adds*", "!Slow*");
    assertThat(suite.filters().surefire())
        .hasValue(new SurefireSelection(test, List.of(), test, List.of()));
    assertThat(suite.filters().requiredTests()).isEqualTo("CartTest#adds*, !Slow*");
    assertThat(suite.scanRoots()).containsExactly(Path.of("/b/tc"), Path.of("/r/tests.jar"));

    Files.writeString(
        file,
        json("fx:alpha", ", \"includesFile\": [\"**/In*\"], \"excludesFile\": [\"**/Out*\"]"));
    assertThat(ModuleDescriptionFile.read(file).toSuite().filters().surefire())
        .hasValue(
            new SurefireSelection(
                List.of("**/In*"),
                List.of("**/Slow*", "**/Out*"),
                List.of("**/In*"),
                List.of("**/Out*")));

    Files.writeString(
        file,
        json("fx:alpha", "").replace("\"excludes\": [\"**/Slow*\"]", "\"excludes\": [\"A#b\"]"));
    assertThatThrownBy(() -> ModuleDescriptionFile.read(file).toSuite())
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("module fx:alpha")
        .hasMessageContaining("'A#b'");
  }

  @Test
  void anotherVersionOrAMissingFieldIsNamed() throws IOException {
    Path newer = dir.resolve("module-000.json");
    Files.writeString(newer, json("fx:a", "").replace("\"version\": 1", "\"version\": 2"));
    assertThatThrownBy(() -> ModuleDescriptionFile.read(newer))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("version 2")
        .hasMessageContaining("jxdist-maven-plugin of the same release");

    Path broken = dir.resolve("module-001.json");
    Files.writeString(broken, "{\"version\": 1, \"id\": \"fx:a\"}");
    assertThatThrownBy(() -> ModuleDescriptionFile.read(broken))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(broken.toString())
        .hasMessageContaining("'name'");
  }
}
