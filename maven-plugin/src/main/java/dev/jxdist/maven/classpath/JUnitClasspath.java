package dev.jxdist.maven.classpath;

import java.util.List;
import java.util.Objects;

/**
 * Decides which JUnit Platform pieces a test classpath lacks, as Surefire's JUnit Platform provider
 * does: a classpath with a launcher gets nothing (its own launcher runs it); one with {@code
 * junit-platform-engine} V but no launcher gets {@code junit-platform-launcher} V; a JUnit 4.12+
 * classpath without the Platform gets the vintage engine and its launcher; anything else gets
 * nothing.
 */
public final class JUnitClasspath {

  /** The vintage engine added to a JUnit 4 classpath. */
  public static final String VINTAGE_ENGINE_VERSION = "5.14.4";

  /** The Platform version of that vintage engine (its launcher). */
  public static final String VINTAGE_PLATFORM_VERSION = "1.14.4";

  /** What to add. */
  public enum Kind {
    /** Nothing: the classpath has a launcher, or has no JUnit the Platform can run. */
    NOTHING,
    /** {@code org.junit.platform:junit-platform-launcher:<version>}, alone. */
    LAUNCHER,
    /** The vintage engine and launcher, with their transitive dependencies but JUnit 4. */
    VINTAGE
  }

  /**
   * A decision.
   *
   * @param version the launcher version (LAUNCHER) or the vintage engine version (VINTAGE), else ""
   * @param reason one phrase saying why, for the build log
   */
  public record Decision(Kind kind, String version, String reason) {
    /** Checks the fields. */
    public Decision {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(reason, "reason");
    }
  }

  private JUnitClasspath() {}

  /** Decides for {@code classpath} (entries as on the test classpath, artifacts where known). */
  public static Decision decide(List<ClasspathEntry> classpath) {
    ClasspathEntry engine = null;
    String engineVersion = "";
    ClasspathEntry junit4 = null;
    String junit4Version = "";
    for (ClasspathEntry entry : classpath) {
      if (entry.is("org.junit.platform", "junit-platform-launcher")) {
        return nothing("the classpath has its own launcher (" + entry.artifact().version() + ")");
      }
      JarProbe probe = JarProbe.of(entry.path());
      if (probe.launcher()) {
        return nothing("the classpath has its own launcher (" + entry.path() + ")");
      }
      // The Maven artifact says its version best; a jar that merely holds the classes (a
      // repackaged copy) counts only when no artifact does.
      if (entry.is("org.junit.platform", "junit-platform-engine")
          && (engine == null || engine.artifact() == null)) {
        engine = entry;
        engineVersion = entry.artifact().version();
      } else if (engine == null && probe.platformEngine()) {
        engine = entry;
        engineVersion = probe.version();
      }
      if (entry.is("junit", "junit") && (junit4 == null || junit4.artifact() == null)) {
        junit4 = entry;
        junit4Version = entry.artifact().version();
      } else if (junit4 == null && probe.junit4()) {
        junit4 = entry;
        junit4Version = probe.version();
      }
    }
    if (engine != null) {
      if (engineVersion.isEmpty()) {
        return nothing("junit-platform-engine of an unknown version (" + engine.path() + ")");
      }
      return new Decision(
          Kind.LAUNCHER,
          engineVersion,
          "junit-platform-engine " + engineVersion + " has no launcher");
    }
    if (junit4 != null) {
      if (!atLeast412(junit4Version)) {
        return nothing(
            "JUnit "
                + (junit4Version.isEmpty() ? "of an unknown version" : junit4Version)
                + " is older than 4.12, which the vintage engine needs");
      }
      return new Decision(
          Kind.VINTAGE, VINTAGE_ENGINE_VERSION, "JUnit " + junit4Version + " without the Platform");
    }
    return nothing("no JUnit Platform engine and no JUnit 4 on the classpath");
  }

  private static Decision nothing(String reason) {
    return new Decision(Kind.NOTHING, "", reason);
  }

  /** Whether a JUnit 4 version string is 4.12 or newer. */
  static boolean atLeast412(String version) {
    String[] parts = version.split("[.\\-]");
    if (parts.length < 2) {
      return false;
    }
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = Integer.parseInt(parts[1]);
      return major > 4 || (major == 4 && minor >= 12);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
