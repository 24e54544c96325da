package dev.jxdist.maven.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jxdist.common.files.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The describe goal, for real: the plugin just built is installed into the build's local
 * repository, then a real Maven runs {@code test-compile} and the goal (by its full coordinates) on
 * the multi-module fixture under src/it/describe, and every field of every module-NNN.json is
 * checked. The plugin's own dependencies (jxdist-coordinator, ...) must already be in the local
 * repository: build with {@code mvn install} from the root of jxdist.
 */
class DescribeIT {

  private static final String VERSION = System.getProperty("jxdist.it.version");
  private static final Path REPO = Path.of(System.getProperty("jxdist.it.localRepo"));
  private static Path fixture;
  private static final List<String> files = new ArrayList<>();
  private static final Map<String, JsonObject> modules = new HashMap<>();

  @BeforeAll
  static void describeTheFixture() throws Exception {
    Path coordinator =
        REPO.resolve(
            "dev/jxdist/jxdist-coordinator/" + VERSION + "/jxdist-coordinator-" + VERSION + ".jar");
    assertThat(coordinator)
        .as(
            "the plugin's dependencies must be installed first: run 'mvn install' from jxdist's"
                + " root")
        .exists();

    Path work = Path.of(System.getProperty("jxdist.it.work")).toAbsolutePath().normalize();
    FileTrees.delete(work);
    Files.createDirectories(work);
    maven(
        work,
        work.resolve("install.log"),
        "org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file",
        "-Dfile=" + System.getProperty("jxdist.it.pluginJar"),
        "-DpomFile=" + System.getProperty("jxdist.it.pluginPom"));

    fixture = work.resolve("describe");
    copyTree(Path.of(System.getProperty("jxdist.it.fixtures")).resolve("describe"), fixture);
    Path out = work.resolve("descriptions");
    maven(
        fixture,
        work.resolve("describe.log"),
        "test-compile",
        "dev.jxdist:jxdist-maven-plugin:" + VERSION + ":describe",
        "-Djxdist.describeDir=" + out);

    try (Stream<Path> written = Files.list(out)) {
      for (Path file : written.sorted().toList()) {
        files.add(file.getFileName().toString());
        JsonObject json =
            JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                .getAsJsonObject();
        modules.put(file.getFileName().toString(), json);
      }
    }
  }

  @Test
  void oneFilePerProjectNumberedInReactorOrder() {
    assertThat(files)
        .containsExactly(
            "module-000.json",
            "module-001.json",
            "module-002.json",
            "module-003.json",
            "module-004.json");
    assertThat(files.stream().map(f -> modules.get(f).get("id").getAsString()))
        .containsExactly(
            "it.jxdist:describe-root",
            "it.jxdist:full",
            "it.jxdist:junit4",
            "it.jxdist:own-launcher",
            "it.jxdist:skipped");
  }

  @Test
  void theAggregatorIsSkippedAsAPom() {
    JsonObject root = modules.get("module-000.json");

    assertThat(root.get("version").getAsInt()).isEqualTo(1);
    assertThat(root.get("name").getAsString()).isEqualTo("describe-root");
    assertThat(root.get("basedir").getAsString()).isEqualTo(fixture.toString());
    assertThat(root.get("packaging").getAsString()).isEqualTo("pom");
    assertThat(root.get("skip").getAsBoolean()).isTrue();
    assertThat(root.get("skipReason").getAsString()).isEqualTo("packaging pom");
    assertThat(strings(root, "classpath")).isEmpty();
    assertThat(strings(root, "junitAdded")).isEmpty();
    assertThat(root.get("surefireVersion").getAsString()).isEmpty();
  }

  @Test
  void everySurefireParameterOfTheFullModule() {
    JsonObject full = modules.get("module-001.json");
    Path base = fixture.resolve("full");
    Path launcher = jar("org/junit/platform", "junit-platform-launcher", "1.14.4");

    assertThat(full.get("version").getAsInt()).isEqualTo(1);
    assertThat(full.get("id").getAsString()).isEqualTo("it.jxdist:full");
    assertThat(full.get("name").getAsString()).isEqualTo("full");
    assertThat(full.get("basedir").getAsString()).isEqualTo(base.toString());
    assertThat(full.get("packaging").getAsString()).isEqualTo("jar");
    assertThat(full.get("skip").getAsBoolean()).isFalse();
    assertThat(full.get("skipReason").getAsString()).isEmpty();
    assertThat(full.get("testClassesDirectory").getAsString())
        .isEqualTo(base.resolve("target/test-classes").toString());

    // Surefire's order; apiguardian-api left out by classpathDependencyExcludes; does-not-exist
    // dropped; the comma-joined additional element split; the launcher jxdist added last.
    assertThat(strings(full, "classpath"))
        .containsExactly(
            base.resolve("target/test-classes").toString(),
            base.resolve("target/classes").toString(),
            jar("org/junit/jupiter", "junit-jupiter", "5.14.4").toString(),
            jar("org/junit/jupiter", "junit-jupiter-api", "5.14.4").toString(),
            jar("org/opentest4j", "opentest4j", "1.3.0").toString(),
            jar("org/junit/platform", "junit-platform-commons", "1.14.4").toString(),
            jar("org/junit/jupiter", "junit-jupiter-params", "5.14.4").toString(),
            jar("org/junit/jupiter", "junit-jupiter-engine", "5.14.4").toString(),
            jar("org/junit/platform", "junit-platform-engine", "1.14.4").toString(),
            base.resolve("extra-classes").toString(),
            base.resolve("extra-a").toString(),
            base.resolve("extra-b").toString(),
            launcher.toString());
    assertThat(strings(full, "junitAdded")).containsExactly(launcher.toString());

    // ${opens.args} from the JDK-activated profile, @{late.prop} replaced, @{missing.prop} gone.
    String argLine = full.get("argLine").getAsString();
    assertThat(argLine.replaceAll(" +", " "))
        .isEqualTo(
            "-Xmx256m --add-opens java.base/java.lang=ALL-UNNAMED -Dlate=yes \"-Dquoted=a b\""
                + " -Dsingle='c d'");
    assertThat(argLine).doesNotContain("\n");
    // Surefire's default enableAssertions: -ea first, as its fork has it.
    assertThat(strings(full, "jvmArgs"))
        .containsExactly(
            "-ea",
            "-Xmx256m",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "-Dlate=yes",
            "-Dquoted=a b",
            "-Dsingle=c d");

    // The configured ones, then every -D Maven was given (as Surefire sets them): here the
    // repository this build runs with; never jxdist's own describe directory.
    assertThat(map(full, "systemProperties"))
        .containsOnly(
            entry("it.prop", "value of full"),
            entry("empty.prop", ""),
            entry("execution.prop", "from the execution"),
            entry("maven.repo.local", REPO.toString()));
    assertThat(map(full, "environment")).containsOnly(entry("IT_ENV", "env value"));
    assertThat(full.get("workingDirectory").getAsString())
        .isEqualTo(base.resolve("target/work").toString());
    assertThat(full.get("reportsDirectory").getAsString())
        .isEqualTo(base.resolve("build/test-results").toString());
    assertThat(strings(full, "includes")).containsExactly("**/*Check.java");
    assertThat(strings(full, "excludes")).containsExactly("**/Slow*.java");
    assertThat(full.get("groups").getAsString()).isEqualTo("fast | medium");
    assertThat(full.get("excludedGroups").getAsString()).isEqualTo("slow");
    assertThat(map(full, "configurationParameters"))
        .containsOnly(
            entry("junit.jupiter.execution.parallel.enabled", "false"),
            entry("junit.jupiter.testinstance.lifecycle.default", "per_class"));
    assertThat(full.get("surefireVersion").getAsString()).isEqualTo("3.5.4");
  }

  @Test
  void aJUnit4OnlyModuleGetsTheVintageEngineAndLauncherButNoSecondJUnit() {
    JsonObject junit4 = modules.get("module-002.json");
    Path base = fixture.resolve("junit4");
    List<String> added =
        List.of(
            jar("org/junit/vintage", "junit-vintage-engine", "5.14.4").toString(),
            jar("org/junit/platform", "junit-platform-engine", "1.14.4").toString(),
            jar("org/opentest4j", "opentest4j", "1.3.0").toString(),
            jar("org/junit/platform", "junit-platform-commons", "1.14.4").toString(),
            jar("org/apiguardian", "apiguardian-api", "1.1.2").toString(),
            jar("org/junit/platform", "junit-platform-launcher", "1.14.4").toString());

    assertThat(junit4.get("skip").getAsBoolean()).isFalse();
    assertThat(strings(junit4, "junitAdded")).containsExactlyInAnyOrderElementsOf(added);
    List<String> expected = new ArrayList<>();
    expected.add(
        base.resolve("target/test-classes").toString()); // no main classes: no target/classes
    expected.add(jar("junit", "junit", "4.13.2").toString());
    expected.add(jar("org/hamcrest", "hamcrest-core", "1.3").toString());
    expected.addAll(strings(junit4, "junitAdded"));
    assertThat(strings(junit4, "classpath")).containsExactlyElementsOf(expected);
    // No <argLine> element: Surefire takes the argLine property, and so does the description.
    assertThat(junit4.get("argLine").getAsString()).isEqualTo("-Dfrom.property=yes");
    assertThat(strings(junit4, "jvmArgs")).containsExactly("-ea", "-Dfrom.property=yes");
    assertThat(junit4.get("workingDirectory").getAsString()).isEqualTo(base.toString());
    assertThat(junit4.get("reportsDirectory").getAsString())
        .isEqualTo(base.resolve("target/surefire-reports").toString());
    assertThat(strings(junit4, "includes")).isEmpty();
    assertThat(strings(junit4, "excludes")).isEmpty();
    assertThat(map(junit4, "systemProperties"))
        .containsOnly(entry("maven.repo.local", REPO.toString()));
  }

  @Test
  void aModuleWithItsOwnLauncherGetsNothingAddedAndSeesItsReactorDependency() {
    JsonObject own = modules.get("module-003.json");
    Path base = fixture.resolve("own-launcher");

    assertThat(strings(own, "junitAdded")).isEmpty();
    List<String> classpath = strings(own, "classpath");
    assertThat(classpath.subList(0, 2))
        .containsExactly(
            base.resolve("target/test-classes").toString(),
            fixture.resolve("full/target/classes").toString());
    assertThat(classpath)
        .contains(jar("org/junit/platform", "junit-platform-launcher", "1.13.4").toString())
        .contains(jar("org/junit/platform", "junit-platform-engine", "1.13.4").toString())
        .noneMatch(p -> p.contains("1.14.4"));
    assertThat(own.get("argLine").getAsString()).isEmpty();
    assertThat(strings(own, "jvmArgs")).containsExactly("-ea");
  }

  @Test
  void skipTestsSetAsAPropertySkipsTheModule() {
    JsonObject skipped = modules.get("module-004.json");

    assertThat(skipped.get("skip").getAsBoolean()).isTrue();
    assertThat(skipped.get("skipReason").getAsString()).isEqualTo("skipTests is set");
    assertThat(strings(skipped, "junitAdded")).isEmpty();
    assertThat(strings(skipped, "classpath"))
        .startsWith(fixture.resolve("skipped/target/test-classes").toString());
  }

  private static Path jar(String groupPath, String artifactId, String version) {
    return REPO.resolve(groupPath)
        .resolve(artifactId)
        .resolve(version)
        .resolve(artifactId + "-" + version + ".jar");
  }

  private static List<String> strings(JsonObject json, String field) {
    List<String> values = new ArrayList<>();
    JsonArray array = json.getAsJsonArray(field);
    for (JsonElement e : array) {
      values.add(e.getAsString());
    }
    return values;
  }

  private static Map<String, String> map(JsonObject json, String field) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : json.getAsJsonObject(field).entrySet()) {
      values.put(e.getKey(), e.getValue().getAsString());
    }
    return values;
  }

  /** Runs Maven (the one running this build) in {@code dir} on the build's local repository. */
  private static void maven(Path dir, Path log, String... args) throws Exception {
    Path home = Path.of(System.getProperty("jxdist.it.mavenHome", ""));
    Path mvn = home.resolve("bin/mvn");
    List<String> command = new ArrayList<>();
    command.add(Files.isExecutable(mvn) ? mvn.toString() : "mvn");
    command.add("-B");
    command.add("-Dmaven.repo.local=" + REPO);
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(
          String.join(" ", command) + " did not finish in 5 minutes; see " + log);
    }
    if (process.exitValue() != 0) {
      List<String> lines = Files.readAllLines(log);
      throw new AssertionError(
          String.join(" ", command)
              + " failed with exit code "
              + process.exitValue()
              + ":\n"
              + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
