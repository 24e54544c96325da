package dev.jxdist.coordinator.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One suite to run, as its build would run it.
 *
 * @param name what to call it in messages (the project directory's name, or "classpath")
 * @param classpath the test classpath in order, every entry existing; it includes a JUnit Platform
 *     launcher that matches the suite's Platform version
 * @param scanRoots class directories (or jars) scanned for test classes
 * @param workingDirectory the directory tests run in
 * @param jvmArgs extra arguments for each worker JVM
 * @param systemProperties system properties set in each worker before the suite loads
 * @param environment extra environment variables for each worker JVM
 */
public record SuiteSpec(
    String name,
    List<Path> classpath,
    List<Path> scanRoots,
    Path workingDirectory,
    List<String> jvmArgs,
    Map<String, String> systemProperties,
    Map<String, String> environment) {

  public SuiteSpec {
    classpath = List.copyOf(classpath);
    scanRoots = List.copyOf(scanRoots);
    jvmArgs = List.copyOf(jvmArgs);
    systemProperties = Map.copyOf(systemProperties);
    environment = Map.copyOf(environment);
  }
}
