package dev.jxdist.coordinator.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This release's version, as the build stamped it: it names the matching Maven plugin too. */
public final class JxdistVersion {

  private static final String RESOURCE = "/dev/jxdist/coordinator/version.properties";

  private JxdistVersion() {}

  /** The version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String get() {
    try (InputStream in = JxdistVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("jxdist's " + RESOURCE + " is missing; rebuild jxdist");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
