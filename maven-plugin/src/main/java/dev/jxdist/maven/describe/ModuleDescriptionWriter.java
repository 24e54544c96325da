package dev.jxdist.maven.describe;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ModuleDescription} as the JSON the coordinator reads: UTF-8, the fields in the
 * contract's order, written to a temporary file and moved into place so a reader never sees half a
 * file.
 */
public final class ModuleDescriptionWriter {

  private ModuleDescriptionWriter() {}

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
}
