package dev.jxdist.coordinator.selection;

import dev.jxdist.coordinator.config.SuiteFilters;
import dev.jxdist.coordinator.config.SuiteSpec;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One module's test run as Surefire would configure it, after Maven resolved and interpolated its
 * configuration: what jxdist's Maven plugin writes and {@code jxdist run --project} reads, as a
 * {@code module-NNN.json} file ({@link ModuleDescriptionFile}, format version {@value
 * #FORMAT_VERSION}). Paths are absolute.
 *
 * @param id {@code groupId:artifactId}
 * @param name the artifactId
 * @param basedir the module directory
 * @param packaging the module's packaging
 * @param skip whether Surefire would run nothing here (see skipReason)
 * @param skipReason why ("skipTests is set", "packaging pom", "no target/test-classes"), or ""
 * @param testClassesDirectory {@code target/test-classes}
 * @param classpath the test classpath in Surefire's order, the added JUnit pieces last
 * @param junitAdded the JUnit pieces jxdist added (a subset of classpath), maybe none
 * @param argLine Surefire's argLine, fully resolved; "" if none
 * @param jvmArgs argLine split into arguments
 * @param systemProperties {@code systemPropertyVariables}
 * @param environment {@code environmentVariables}
 * @param workingDirectory Surefire's {@code workingDirectory}
 * @param includes as configured (or {@code -Dtest}), [] when not: Surefire's defaults apply
 * @param excludes as configured, [] when not
 * @param groups Surefire's {@code groups}, "" if none
 * @param excludedGroups Surefire's {@code excludedGroups}, "" if none
 * @param configurationParameters the JUnit Platform configuration parameters
 * @param surefireVersion the maven-surefire-plugin version of the build, "" if it names none
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
    String surefireVersion) {

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
  }

  /** The file name of the module at {@code index} in the reactor: {@code module-007.json}. */
  public static String fileName(int index) {
    return String.format("module-%03d.json", index);
  }

  /** The suite jxdist runs for this module, filtered as Surefire would filter it. */
  public SuiteSpec toSuite() {
    List<String> include =
        includes.isEmpty()
            ? List.of(SuiteFilters.SUREFIRE_DEFAULT_INCLUDES)
            : SurefirePatterns.toClassNamePatterns(includes);
    SuiteFilters filters =
        new SuiteFilters(
            include,
            SurefirePatterns.toClassNamePatterns(excludes),
            SurefirePatterns.toTagExpressions(groups),
            SurefirePatterns.toTagExpressions(excludedGroups));
    return new SuiteSpec(
        id,
        name,
        classpath.stream().map(Path::of).toList(),
        List.of(Path.of(testClassesDirectory)),
        Path.of(workingDirectory),
        jvmArgs,
        systemProperties,
        environment,
        filters,
        configurationParameters,
        Path.of(basedir).resolve("target").resolve("jxdist-reports"));
  }

  private static Map<String, String> ordered(Map<String, String> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
