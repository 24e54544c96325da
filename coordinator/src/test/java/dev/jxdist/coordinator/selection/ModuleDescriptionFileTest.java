package dev.jxdist.coordinator.selection;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The module-NNN.json format as the Maven plugin writes it. */
class ModuleDescriptionFileTest {

  @TempDir Path dir;

  private static ModuleDescription sample(String awkward) {
    Map<String, String> sys = new LinkedHashMap<>();
    sys.put("z.first", awkward);
    sys.put("a.second", "");
    return new ModuleDescription(
        "g:a",
        "a",
        "/m",
        "jar",
        false,
        "",
        "/m/target/test-classes",
        List.of("/m/target/test-classes", "/m/target/classes", "/r/l.jar"),
        List.of("/r/l.jar"),
        "-Da=" + awkward,
        List.of("-Da=" + awkward),
        sys,
        Map.of("ENV", awkward),
        "/m",
        List.of("**/*Test.java"),
        List.of(),
        "fast",
        "",
        Map.of("k", "v"),
        "3.5.4",
        "FooTest#bar*",
        List.of("**/In*"),
        List.of(),
        true,
        List.of("/r/tests.jar"),
        "/m/target/own-reports");
  }

  @Test
  void writesEveryFieldInTheContractsOrder() {
    JsonObject json =
        JsonParser.parseString(ModuleDescriptionFile.toJson(sample("x"))).getAsJsonObject();

    assertThat(new ArrayList<>(json.keySet()))
        .containsExactly(
            "version",
            "id",
            "name",
            "basedir",
            "packaging",
            "skip",
            "skipReason",
            "testClassesDirectory",
            "classpath",
            "junitAdded",
            "argLine",
            "jvmArgs",
            "systemProperties",
            "environment",
            "workingDirectory",
            "includes",
            "excludes",
            "groups",
            "excludedGroups",
            "configurationParameters",
            "surefireVersion",
            "test",
            "includesFile",
            "excludesFile",
            "failIfNoSpecifiedTests",
            "scanDependencies",
            "reportsDirectory");
    assertThat(json.get("version").getAsInt()).isEqualTo(1);
    assertThat(json.get("skip").getAsBoolean()).isFalse();
    assertThat(json.get("id").getAsString()).isEqualTo("g:a");
    JsonArray cp = json.getAsJsonArray("classpath");
    assertThat(cp.size()).isEqualTo(3);
    assertThat(cp.get(2).getAsString()).isEqualTo("/r/l.jar");
    assertThat(json.getAsJsonArray("excludes").size()).isZero();
    assertThat(new ArrayList<>(json.getAsJsonObject("systemProperties").keySet()))
        .containsExactly("z.first", "a.second");
    assertThat(json.getAsJsonObject("configurationParameters").get("k").getAsString())
        .isEqualTo("v");
    assertThat(json.get("surefireVersion").getAsString()).isEqualTo("3.5.4");
  }

  @Test
  void escapesWhatJsonMustEscapeAndKeepsTheRest() {
    String awkward = "quote\" backslash\\ tab\t newline\n nul\u0000 <html>&'amp' é 日本 \uD83D\uDE00";

    String text = ModuleDescriptionFile.toJson(sample(awkward));
    JsonObject json = JsonParser.parseString(text).getAsJsonObject();

    assertThat(json.getAsJsonObject("systemProperties").get("z.first").getAsString())
        .isEqualTo(awkward);
    assertThat(json.get("argLine").getAsString()).isEqualTo("-Da=" + awkward);
    assertThat(json.getAsJsonObject("environment").get("ENV").getAsString()).isEqualTo(awkward);
    // Readable as written: no HTML escaping of <, >, &, ', and non-ASCII kept as is.
    assertThat(text).contains("<html>&'amp' é 日本");
  }

  @Test
  void writesUtf8FilesAndReplacesAnEarlierOne() throws IOException {
    Path file = dir.resolve("sub/module-003.json");

    ModuleDescriptionFile.write(sample("first"), file);
    ModuleDescriptionFile.write(sample("é second"), file);

    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(JsonParser.parseString(text).getAsJsonObject().get("argLine").getAsString())
        .isEqualTo("-Da=é second");
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactly("module-003.json");
    }
  }

  @Test
  void fileNamesCarryTheReactorIndexInThreeDigits() {
    assertThat(ModuleDescription.fileName(0)).isEqualTo("module-000.json");
    assertThat(ModuleDescription.fileName(42)).isEqualTo("module-042.json");
    assertThat(ModuleDescription.fileName(1234)).isEqualTo("module-1234.json");
  }

  @Test
  void whatIsWrittenReadsBackTheSame() throws IOException {
    ModuleDescription written = sample("é \" x");
    Path file = dir.resolve("module-000.json");
    ModuleDescriptionFile.write(written, file);

    assertThat(ModuleDescriptionFile.read(file)).isEqualTo(written);
  }
}
