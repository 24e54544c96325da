package dev.jxdist.maven.describe;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The files Surefire reads its selection and properties from, read as Surefire reads them: an
 * {@code includesFile} or {@code excludesFile} is one pattern a line (trimmed; empty lines and
 * {@code #} comments skipped); a {@code systemPropertiesFile} is in properties format.
 */
final class PatternFiles {

  private PatternFiles() {}

  /** The patterns of a list file. */
  static List<String> lines(Path file) throws IOException {
    List<String> patterns = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String pattern = line.trim();
      if (!pattern.isEmpty() && !pattern.startsWith("#")) {
        patterns.add(pattern);
      }
    }
    return patterns;
  }

  /** The properties of a properties file, by name. */
  static Map<String, String> properties(Path file) throws IOException {
    Properties loaded = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      loaded.load(in);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : new TreeSet<>(loaded.stringPropertyNames())) {
      out.put(key, loaded.getProperty(key));
    }
    return out;
  }
}
