package dev.jxdist.worker.suite;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Configuration parameters as the JUnit Platform launcher finds them for a suite: given with the
 * request, else a system property, else the suite's {@code junit-platform.properties} (the first on
 * its class path).
 */
final class LauncherConfiguration {

  private LauncherConfiguration() {}

  /** The values of {@code keys} that are set, by key; a key set nowhere is absent. */
  static Map<String, String> lookUp(
      ClassLoader loader, Map<String, String> given, Collection<String> keys) {
    Properties file = new Properties();
    URL url = loader.getResource("junit-platform.properties");
    if (url != null) {
      try (InputStream in = url.openStream()) {
        file.load(in);
      } catch (IOException e) {
        // JUnit itself would fail on an unreadable file; the defaults are all that is lost here.
      }
    }
    Map<String, String> out = new HashMap<>();
    for (String key : keys) {
      String value = given.get(key);
      if (value == null) {
        value = System.getProperty(key);
      }
      if (value == null) {
        value = file.getProperty(key);
      }
      if (value != null) {
        out.put(key, value);
      }
    }
    return out;
  }
}
