package dev.jxdist.coordinator.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One suite to run, as its build would run it: for a Maven build, one module's test run as Surefire
 * would configure it.
 *
 * @param id what reports call it: the module's {@code groupId:artifactId}, or {@code classpath}
 * @param name what to call it in messages (the module's artifactId, or "classpath")
 * @param classpath the test classpath in order, every entry existing; it includes a JUnit Platform
 *     launcher that matches the suite's Platform version
 * @param scanRoots class directories (or jars) scanned for test classes
 * @param workingDirectory the directory tests run in
 * @param jvmArgs arguments for each worker JVM of this suite
 * @param systemProperties system properties set in each worker before the suite loads
 * @param environment extra environment variables for each worker JVM
 * @param filters which of the scanned classes and tests belong to the suite (its includes,
 *     excludes, groups), before the command line's selection narrows them further
 * @param configurationParameters JUnit Platform configuration parameters
 * @param reportsDir where its Surefire-format XML goes
 * @param surefireReports where an earlier {@code mvn test} of the module left Surefire's own
 *     reports, whose class times order a run that has no durations history yet; empty for a {@code
 *     --classpath} run
 */
public record SuiteSpec(
    String id,
    String name,
    List<Path> classpath,
    List<Path> scanRoots,
    Path workingDirectory,
    List<String> jvmArgs,
    Map<String, String> systemProperties,
    Map<String, String> environment,
    SuiteFilters filters,
    Map<String, String> configurationParameters,
    Path reportsDir,
    Optional<Path> surefireReports) {

  /** The id of the one suite of a {@code --classpath} run. */
  public static final String CLASSPATH_ID = "classpath";

  public SuiteSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    classpath = List.copyOf(classpath);
    scanRoots = List.copyOf(scanRoots);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    jvmArgs = List.copyOf(jvmArgs);
    systemProperties = Map.copyOf(systemProperties);
    environment = Map.copyOf(environment);
    Objects.requireNonNull(filters, "filters");
    configurationParameters = Map.copyOf(configurationParameters);
    Objects.requireNonNull(reportsDir, "reportsDir");
    Objects.requireNonNull(surefireReports, "surefireReports");
  }

  /**
   * The same suite with {@code jvmArgs} and {@code systemProperties} added (the command line's).
   */
  public SuiteSpec plus(List<String> moreJvmArgs, Map<String, String> moreProperties) {
    List<String> args = new java.util.ArrayList<>(jvmArgs);
    args.addAll(moreJvmArgs);
    Map<String, String> props = new java.util.LinkedHashMap<>(systemProperties);
    props.putAll(moreProperties);
    return new SuiteSpec(
        id,
        name,
        classpath,
        scanRoots,
        workingDirectory,
        args,
        props,
        environment,
        filters,
        configurationParameters,
        reportsDir,
        surefireReports);
  }

  /** Whether this is the suite of a {@code --classpath} run, which has no project directory. */
  public boolean fromClasspath() {
    return id.equals(CLASSPATH_ID);
  }
}
