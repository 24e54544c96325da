package dev.jxdist.coordinator.selection;

import dev.jxdist.coordinator.config.SuiteFilters;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.config.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * @param systemProperties what Surefire sets in the test JVM: its properties file's, then its
 *     configured properties and property variables, then the {@code -D} properties Maven was given
 * @param environment {@code environmentVariables}
 * @param workingDirectory Surefire's {@code workingDirectory}
 * @param includes as configured, [] when not: Surefire's defaults apply
 * @param excludes as configured, [] when not
 * @param groups Surefire's {@code groups}, "" if none
 * @param excludedGroups Surefire's {@code excludedGroups}, "" if none
 * @param configurationParameters the JUnit Platform configuration parameters
 * @param surefireVersion the maven-surefire-plugin version of the build, "" if it names none
 * @param test Surefire's {@code test} ({@code -Dtest}), "" when not given
 * @param includesFile the patterns of Surefire's {@code includesFile}, [] when there is none
 * @param excludesFile the patterns of Surefire's {@code excludesFile}, [] when there is none
 * @param failIfNoSpecifiedTests Surefire's {@code failIfNoSpecifiedTests}
 * @param scanDependencies the jars of {@code dependenciesToScan}, scanned for test classes too
 * @param reportsDirectory Surefire's {@code reportsDirectory}, where an earlier {@code mvn test}
 *     left its reports; "" in a description written before the field (then Surefire's default,
 *     {@code surefire-reports} beside the test classes)
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
    List<String> scanDependencies,
    String reportsDirectory) {

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

  /**
   * The suite jxdist runs for this module, filtered as Surefire would filter it.
   *
   * @throws UsageException if Surefire would refuse its includes or excludes
   */
  public SuiteSpec toSuite() {
    SurefireParameters surefire =
        new SurefireParameters(includes, excludes, test, includesFile, excludesFile);
    SuiteFilters filters =
        SuiteFilters.surefire(
            surefire.selection("module " + id),
            test,
            failIfNoSpecifiedTests && surefire.specified(),
            SurefirePatterns.toTagExpressions(groups),
            SurefirePatterns.toTagExpressions(excludedGroups));
    List<Path> scanRoots = new ArrayList<>();
    scanRoots.add(Path.of(testClassesDirectory));
    scanDependencies.forEach(jar -> scanRoots.add(Path.of(jar)));
    return new SuiteSpec(
        id,
        name,
        classpath.stream().map(Path::of).toList(),
        scanRoots,
        Path.of(workingDirectory),
        jvmArgs,
        systemProperties,
        environment,
        filters,
        configurationParameters,
        Path.of(basedir).resolve("target").resolve("jxdist-reports"),
        surefireReports());
  }

  /** Where Surefire's own reports are: its {@code reportsDirectory}, else its default. */
  private Optional<Path> surefireReports() {
    if (!reportsDirectory.isEmpty()) {
      return Optional.of(Path.of(reportsDirectory));
    }
    return Optional.ofNullable(Path.of(testClassesDirectory).getParent())
        .map(build -> build.resolve("surefire-reports"));
  }

  private static Map<String, String> ordered(Map<String, String> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
