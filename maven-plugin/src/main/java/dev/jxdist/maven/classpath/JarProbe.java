package dev.jxdist.maven.classpath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What one classpath element (a jar or a class directory) holds of JUnit: the launcher, the
 * Platform's engine API, JUnit 4; and the version its manifest states.
 *
 * @param version the manifest's Implementation-Version (else Bundle-Version), "" when unknown
 */
record JarProbe(boolean launcher, boolean platformEngine, boolean junit4, String version) {

  static final String LAUNCHER_CLASS = "org/junit/platform/launcher/core/LauncherFactory.class";
  static final String ENGINE_CLASS = "org/junit/platform/engine/TestEngine.class";
  static final String JUNIT4_CLASS = "org/junit/runner/JUnitCore.class";

  private static final JarProbe NOTHING = new JarProbe(false, false, false, "");

  /** Looks into {@code path}; an unreadable file holds nothing. */
  static JarProbe of(Path path) {
    if (Files.isDirectory(path)) {
      return new JarProbe(
          Files.exists(path.resolve(LAUNCHER_CLASS)),
          Files.exists(path.resolve(ENGINE_CLASS)),
          Files.exists(path.resolve(JUNIT4_CLASS)),
          "");
    }
    if (!Files.isRegularFile(path)) {
      return NOTHING;
    }
    try (JarFile jar = new JarFile(path.toFile(), false)) {
      return new JarProbe(
          jar.getEntry(LAUNCHER_CLASS) != null,
          jar.getEntry(ENGINE_CLASS) != null,
          jar.getEntry(JUNIT4_CLASS) != null,
          version(jar.getManifest()));
    } catch (IOException e) {
      return NOTHING;
    }
  }

  private static String version(Manifest manifest) {
    if (manifest == null) {
      return "";
    }
    Attributes main = manifest.getMainAttributes();
    String v = main.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
    if (v == null) {
      v = main.getValue("Bundle-Version");
    }
    return v == null ? "" : v.trim();
  }
}
