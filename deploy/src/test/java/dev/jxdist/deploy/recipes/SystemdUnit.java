package dev.jxdist.deploy.recipes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file's settings: each section's keys with their values in order (a key may be
 * given more than once), comments dropped and lines joined at a trailing backslash.
 */
final class SystemdUnit {

  private final Map<String, Map<String, List<String>>> sections;

  private SystemdUnit(Map<String, Map<String, List<String>>> sections) {
    this.sections = sections;
  }

  /** Parses {@code text}. */
  static SystemdUnit parse(String text) {
    Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
    Map<String, List<String>> current = null;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      while (line.endsWith("\\") && i + 1 < lines.length) {
        line = line.substring(0, line.length() - 1) + " " + lines[++i].strip();
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current =
            sections.computeIfAbsent(
                line.substring(1, line.length() - 1), s -> new LinkedHashMap<>());
      } else if (current == null || !line.contains("=")) {
        throw new AssertionError("not a setting in a section, line " + (i + 1) + ": " + line);
      } else {
        String[] kv = line.split("=", 2);
        current.computeIfAbsent(kv[0].strip(), k -> new ArrayList<>()).add(kv[1].strip());
      }
    }
    return new SystemdUnit(sections);
  }

  /** The one value of {@code key} in {@code section}; fails if it is missing or given twice. */
  String value(String section, String key) {
    List<String> values = sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
    if (values.size() != 1) {
      throw new AssertionError(
          "[" + section + "] " + key + "= is given " + values.size() + " times, not once");
    }
    return values.get(0);
  }
}
