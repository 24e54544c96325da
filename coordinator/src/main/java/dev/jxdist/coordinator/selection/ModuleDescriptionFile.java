package dev.jxdist.coordinator.selection;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import dev.jxdist.coordinator.config.UsageException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code module-NNN.json} format of a {@link ModuleDescription}, both ways: the Maven plugin
 * writes it, {@code jxdist run} reads it, so a field is named here once. Written as UTF-8 with the
 * fields in this order, to a temporary file moved into place (a reader never sees half a file);
 * read strictly: a missing field or another version is a usage error naming the file and the field.
 */
public final class ModuleDescriptionFile {

  private ModuleDescriptionFile() {}

  /** The JSON text of {@code d}. */
  public static String toJson(ModuleDescription d) {
    StringWriter text = new StringWriter();
    try (JsonWriter json = new JsonWriter(text)) {
      json.setIndent("  ");
      json.setHtmlSafe(false);
      json.beginObject();
      json.name("version").value(ModuleDescription.FORMAT_VERSION);
      json.name("id").value(d.id());
      json.name("name").value(d.name());
      json.name("basedir").value(d.basedir());
      json.name("packaging").value(d.packaging());
      json.name("skip").value(d.skip());
      json.name("skipReason").value(d.skipReason());
      json.name("testClassesDirectory").value(d.testClassesDirectory());
      strings(json.name("classpath"), d.classpath());
      strings(json.name("junitAdded"), d.junitAdded());
      json.name("argLine").value(d.argLine());
      strings(json.name("jvmArgs"), d.jvmArgs());
      map(json.name("systemProperties"), d.systemProperties());
      map(json.name("environment"), d.environment());
      json.name("workingDirectory").value(d.workingDirectory());
      strings(json.name("includes"), d.includes());
      strings(json.name("excludes"), d.excludes());
      json.name("groups").value(d.groups());
      json.name("excludedGroups").value(d.excludedGroups());
      map(json.name("configurationParameters"), d.configurationParameters());
      json.name("surefireVersion").value(d.surefireVersion());
      json.name("test").value(d.test());
      strings(json.name("includesFile"), d.includesFile());
      strings(json.name("excludesFile"), d.excludesFile());
      json.name("failIfNoSpecifiedTests").value(d.failIfNoSpecifiedTests());
      strings(json.name("scanDependencies"), d.scanDependencies());
      json.name("reportsDirectory").value(d.reportsDirectory());
      json.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text + "\n";
  }

  /** Writes {@code d} to {@code file} (its directory is created when missing). */
  public static void write(ModuleDescription d, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, toJson(d), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The module-*.json files of {@code dir}, in build order. */
  public static List<ModuleDescription> readAll(Path dir) {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
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
    int version = f.integer("version");
    if (version != ModuleDescription.FORMAT_VERSION) {
      throw new UsageException(
          file
              + " is a module description of version "
              + version
              + "; this jxdist reads version "
              + ModuleDescription.FORMAT_VERSION
              + ": use the jxdist-maven-plugin of the same release");
    }
    return new ModuleDescription(
        f.string("id"),
        f.string("name"),
        f.string("basedir"),
        f.optionalString("packaging"),
        f.bool("skip"),
        f.optionalString("skipReason"),
        f.string("testClassesDirectory"),
        f.strings("classpath"),
        f.strings("junitAdded"),
        f.optionalString("argLine"),
        f.strings("jvmArgs"),
        f.map("systemProperties"),
        f.map("environment"),
        f.string("workingDirectory"),
        f.strings("includes"),
        f.strings("excludes"),
        f.optionalString("groups"),
        f.optionalString("excludedGroups"),
        f.map("configurationParameters"),
        f.optionalString("surefireVersion"),
        f.optionalString("test"),
        f.strings("includesFile"),
        f.strings("excludesFile"),
        f.optionalBool("failIfNoSpecifiedTests", true),
        f.strings("scanDependencies"),
        f.optionalString("reportsDirectory"));
  }

  private static void strings(JsonWriter json, List<String> values) throws IOException {
    json.beginArray();
    for (String v : values) {
      json.value(v);
    }
    json.endArray();
  }

  private static void map(JsonWriter json, Map<String, String> values) throws IOException {
    json.beginObject();
    for (Map.Entry<String, String> e : values.entrySet()) {
      json.name(e.getKey()).value(e.getValue());
    }
    json.endObject();
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
      return (e == null || e.isJsonNull()) ? absent : e.getAsBoolean();
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
