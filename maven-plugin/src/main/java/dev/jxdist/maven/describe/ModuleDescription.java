package dev.jxdist.maven.describe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One module's test run as Surefire would configure it: the content of a {@code module-NNN.json}
 * file (format version {@value #FORMAT_VERSION}). Paths are absolute.
 *
 * @param id {@code groupId:artifactId}
 * @param name the artifactId
 * @param skip whether Surefire would run nothing here (see skipReason)
 * @param skipReason why ("skipTests is set", "packaging pom", "no target/test-classes"), or ""
 * @param classpath the test classpath in Surefire's order, the added JUnit pieces last
 * @param junitAdded the JUnit pieces jxdist added (a subset of classpath), maybe none
 * @param argLine Surefire's argLine, fully resolved; "" if none
 * @param jvmArgs argLine split into arguments
 * @param systemProperties what Surefire sets in the test JVM: {@code systemPropertiesFile}, then
 *     {@code systemProperties} and {@code systemPropertyVariables}, then the {@code -D} properties
 *     Maven was given
 * @param includes as configured, [] when not (the reader applies Surefire's defaults)
 * @param excludes as configured, [] when not
 * @param surefireVersion the maven-surefire-plugin version of the build, "" if it names none
 * @param test Surefire's {@code test} parameter ({@code -Dtest}), "" when not given
 * @param includesFile the patterns of {@code includesFile}, [] when there is none
 * @param excludesFile the patterns of {@code excludesFile}, [] when there is none
 * @param failIfNoSpecifiedTests Surefire's {@code failIfNoSpecifiedTests}
 * @param scanDependencies the jars of {@code dependenciesToScan}, scanned for tests as well
 */
public record ModuleDescription(
    String id,
    String name,
    String basedir,
    String packaging,
    boolean skip,
    String skipReason,
    String testClassesDirectory,
    List<String> classpath,
    List<String> junitAdded,
    String argLine,
    List<String> jvmArgs,
    Map<String, String> systemProperties,
    Map<String, String> environment,
    String workingDirectory,
    List<String> includes,
    List<String> excludes,
    String groups,
    String excludedGroups,
    Map<String, String> configurationParameters,
    String surefireVersion,
    String test,
    List<String> includesFile,
    List<String> excludesFile,
    boolean failIfNoSpecifiedTests,
    List<String> scanDependencies) {

  /** The {@code version} field of the file format. */
  public static final int FORMAT_VERSION = 1;

  /** Copies the collections (keeping the maps' order): the record is immutable. */
  public ModuleDescription {
    classpath = List.copyOf(classpath);
    junitAdded = List.copyOf(junitAdded);
    jvmArgs = List.copyOf(jvmArgs);
    systemProperties = ordered(systemProperties);
    environment = ordered(environment);
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
    configurationParameters = ordered(configurationParameters);
    includesFile = List.copyOf(includesFile);
    excludesFile = List.copyOf(excludesFile);
    scanDependencies = List.copyOf(scanDependencies);
  }

  /** The file name of the module at {@code index} in the reactor: {@code module-007.json}. */
  public static String fileName(int index) {
    return String.format("module-%03d.json", index);
  }

  private static Map<String, String> ordered(Map<String, String> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
