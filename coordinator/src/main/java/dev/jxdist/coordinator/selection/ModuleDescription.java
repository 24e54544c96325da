package dev.jxdist.coordinator.selection;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.jxdist.coordinator.config.SuiteFilters;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.config.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One module's test run as jxdist's Maven plugin described it ({@code module-NNN.json}, version 1):
 * Surefire's configuration after Maven resolved and interpolated it.
 *
 * @param file the file it was read from
 * @param id {@code groupId:artifactId}
 * @param name the artifactId
 * @param basedir the module directory
 * @param skip whether Surefire would skip the module
 * @param skipReason why
 * @param testClassesDirectory {@code target/test-classes}
 * @param classpath the test classpath in Surefire's order, JUnit pieces included
 * @param jvmArgs Surefire's argLine as arguments
 * @param systemProperties {@code systemPropertyVariables}
 * @param environment {@code environmentVariables}
 * @param workingDirectory Surefire's {@code workingDirectory}
 * @param includes Surefire's includes as configured; empty: its defaults
 * @param excludes Surefire's excludes as configured
 * @param groups Surefire's {@code groups}
 * @param excludedGroups Surefire's {@code excludedGroups}
 * @param configurationParameters the JUnit Platform configuration parameters
 * @param test Surefire's {@code test} ({@code -Dtest}), "" when not given
 * @param includesFile the patterns of Surefire's {@code includesFile}
 * @param excludesFile the patterns of Surefire's {@code excludesFile}
 * @param failIfNoSpecifiedTests Surefire's {@code failIfNoSpecifiedTests}
 * @param scanDependencies jars of {@code dependenciesToScan}, scanned for test classes too
 */
public record ModuleDescription(
    Path file,
    String id,
    String name,
    Path basedir,
    boolean skip,
    String skipReason,
    Path testClassesDirectory,
    List<Path> classpath,
    List<String> jvmArgs,
    Map<String, String> systemProperties,
    Map<String, String> environment,
    Path workingDirectory,
    List<String> includes,
    List<String> excludes,
    String groups,
    String excludedGroups,
    Map<String, String> configurationParameters,
    String test,
    List<String> includesFile,
    List<String> excludesFile,
    boolean failIfNoSpecifiedTests,
    List<Path> scanDependencies) {

  /** The module-*.json files of {@code dir}, in build order. */
  public static List<ModuleDescription> readAll(Path dir) {
    List<Path> files;
    try (var list = Files.list(dir)) {
      files =
          list.filter(p -> p.getFileName().toString().matches("module-\\d+\\.json"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UsageException("cannot read module descriptions in " + dir + ": " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new UsageException("no module descriptions (module-NNN.json) in " + dir);
    }
    List<ModuleDescription> out = new ArrayList<>();
    for (Path f : files) {
      out.add(read(f));
    }
    return out;
  }

  /** Reads one description; a malformed file is a usage error naming it and the field. */
  public static ModuleDescription read(Path file) {
    JsonObject o;
    try {
      o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException | JsonParseException | IllegalStateException e) {
      throw new UsageException(
          "cannot read the module description " + file + ": " + e.getMessage());
    }
    Fields f = new Fields(file, o);
    if (f.integer("version") != 1) {
      throw new UsageException(
          file
              + " is a module description of version "
              + f.integer("version")
              + "; this jxdist reads version 1: use the jxdist-maven-plugin of the same release");
    }
    return new ModuleDescription(
        file,
        f.string("id"),
        f.string("name"),
        f.path("basedir"),
        f.bool("skip"),
        f.optionalString("skipReason"),
        f.path("testClassesDirectory"),
        f.strings("classpath").stream().map(Path::of).toList(),
        f.strings("jvmArgs"),
        f.map("systemProperties"),
        f.map("environment"),
        f.path("workingDirectory"),
        f.strings("includes"),
        f.strings("excludes"),
        f.optionalString("groups"),
        f.optionalString("excludedGroups"),
        f.map("configurationParameters"),
        f.optionalString("test"),
        f.strings("includesFile"),
        f.strings("excludesFile"),
        f.optionalBool("failIfNoSpecifiedTests", true),
        f.strings("scanDependencies").stream().map(Path::of).toList());
  }

  /**
   * The suite jxdist runs for this module, filtered as Surefire would filter it.
   *
   * @throws UsageException if Surefire would refuse its includes or excludes
   */
  public SuiteSpec toSuite() {
    SurefireParameters surefire =
        new SurefireParameters(includes, excludes, test, includesFile, excludesFile);
    SuiteFilters filters =
        SuiteFilters.surefire(
            surefire.selection("module " + id),
            test,
            failIfNoSpecifiedTests && surefire.specified(),
            SurefirePatterns.toTagExpressions(groups),
            SurefirePatterns.toTagExpressions(excludedGroups));
    List<Path> scanRoots = new ArrayList<>();
    scanRoots.add(testClassesDirectory);
    scanRoots.addAll(scanDependencies);
    return new SuiteSpec(
        id,
        name,
        classpath,
        scanRoots,
        workingDirectory,
        jvmArgs,
        systemProperties,
        environment,
        filters,
        configurationParameters,
        basedir.resolve("target").resolve("jxdist-reports"));
  }

  /** Strict field access that names the file and the field at fault. */
  private record Fields(Path file, JsonObject o) {
    JsonElement field(String name) {
      JsonElement e = o.get(name);
      if (e == null || e.isJsonNull()) {
        throw new UsageException("the module description " + file + " has no '" + name + "'");
      }
      return e;
    }

    String string(String name) {
      return field(name).getAsString();
    }

    String optionalString(String name) {
      JsonElement e = o.get(name);
      return e == null || e.isJsonNull() ? "" : e.getAsString();
    }

    int integer(String name) {
      return field(name).getAsInt();
    }

    boolean bool(String name) {
      return field(name).getAsBoolean();
    }

    boolean optionalBool(String name, boolean absent) {
      JsonElement e = o.get(name);
      return e == null || e.isJsonNull() ? absent : e.getAsBoolean();
    }

    Path path(String name) {
      return Path.of(string(name));
    }

    List<String> strings(String name) {
      JsonElement e = o.get(name);
      if (e == null || e.isJsonNull()) {
        return List.of();
      }
      JsonArray a = e.getAsJsonArray();
      List<String> out = new ArrayList<>();
      a.forEach(x -> out.add(x.getAsString()));
      return out;
    }

    Map<String, String> map(String name) {
      JsonElement e = o.get(name);
      Map<String, String> out = new LinkedHashMap<>();
      if (e != null && !e.isJsonNull()) {
        e.getAsJsonObject()
            .entrySet()
            .forEach(en -> out.put(en.getKey(), en.getValue().getAsString()));
      }
      return out;
    }
  }
}
