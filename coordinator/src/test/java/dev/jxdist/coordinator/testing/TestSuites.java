package dev.jxdist.coordinator.testing;

import dev.jxdist.coordinator.config.SuiteFilters;
import dev.jxdist.coordinator.config.SuiteSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Suites as tests need them: a class directory, a working directory, Surefire's defaults. */
public final class TestSuites {

  private TestSuites() {}

  /**
   * A suite named {@code name} that scans {@code classes}, whose classpath is {@code classpath},
   * running in {@code workingDirectory}, its XML in {@code workingDirectory/target/jxdist-reports},
   * and whose earlier {@code mvn test} left {@code surefireReports}.
   */
  public static SuiteSpec of(
      String name,
      List<Path> classpath,
      Path classes,
      Path workingDirectory,
      Optional<Path> surefireReports) {
    return new SuiteSpec(
        name,
        name,
        classpath,
        List.of(classes),
        workingDirectory,
        List.of(),
        Map.of(),
        Map.of(),
        SuiteFilters.SUREFIRE_DEFAULTS,
        Map.of(),
        workingDirectory.resolve("target/jxdist-reports"),
        surefireReports);
  }
}
