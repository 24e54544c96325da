package dev.jxdist.maven.surefire;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * The parameters of one module's {@code maven-surefire-plugin:test} that shape its test run, read
 * from the effective model's plugin configuration the way Surefire receives them: a parameter not
 * configured falls back to its property ({@code argLine}, {@code skipTests}, {@code
 * maven.test.skip}, {@code test}, {@code groups}, ...), exactly as Surefire's {@code @Parameter}
 * declarations say. Maven already interpolated {@code ${...}} and applied profiles; the {@code
 * argLine}'s late {@code @{...}} is replaced here. Includes, excludes and groups stay raw.
 *
 * @param version the plugin's version in the build, "" if the build does not name the plugin
 * @param argLine resolved ({@code @{...}} replaced, whitespace normalised); "" when there is none
 * @param skipReason why Surefire would run nothing ("skipTests is set", ...), "" when it would run
 * @param systemProperties {@code systemProperties} then {@code systemPropertyVariables} (which win)
 * @param environment {@code environmentVariables}
 * @param workingDirectory as configured (absolute or relative to the basedir), null for default
 * @param testClassesDirectory as configured, null for the build's test output directory
 * @param classesDirectory as configured, null for the build's output directory
 * @param additionalClasspathElements as configured (an entry may hold several paths joined by ',')
 * @param classpathDependencyExcludes {@code groupId:artifactId} patterns
 * @param classpathDependencyScopeExclude a scope name as Surefire takes it, "" for none
 * @param includes as configured ({@code <includes>} or {@code surefire.includes}); empty when not
 * @param excludes as configured ({@code <excludes>} or {@code surefire.excludes}); empty when not
 * @param configurationParameters the JUnit Platform configuration parameters ({@code
 *     <properties><configurationParameters>})
 * @param test the {@code test} parameter ({@code -Dtest}) as given, "" when there is none
 * @param includesFile the {@code includesFile} as configured (relative to the basedir), null when
 *     none
 * @param excludesFile the {@code excludesFile} as configured, null when none
 * @param systemPropertiesFile the {@code systemPropertiesFile} as configured, null when none
 * @param failIfNoSpecifiedTests Surefire's {@code failIfNoSpecifiedTests} (default true)
 * @param dependenciesToScan the {@code dependenciesToScan} patterns
 * @param reportsDirectory the {@code reportsDirectory} as configured (absolute or relative to the
 *     basedir), null for the default ({@code surefire-reports} in the build directory)
 * @param enableAssertions Surefire's {@code enableAssertions} (default true): the forked JVM runs
 *     with {@code -ea}, and a Java {@code assert} that fails fails its test
 */
public record SurefireConfiguration(
    String version,
    String argLine,
    String skipReason,
    Map<String, String> systemProperties,
    Map<String, String> environment,
    String workingDirectory,
    String testClassesDirectory,
    String classesDirectory,
    List<String> additionalClasspathElements,
    List<AdditionalDependency> additionalClasspathDependencies,
    List<String> classpathDependencyExcludes,
    String classpathDependencyScopeExclude,
    List<String> includes,
    List<String> excludes,
    String groups,
    String excludedGroups,
    Map<String, String> configurationParameters,
    String test,
    String includesFile,
    String excludesFile,
    String systemPropertiesFile,
    boolean failIfNoSpecifiedTests,
    List<String> dependenciesToScan,
    String reportsDirectory,
    boolean enableAssertions) {

  /** The plugin's key in {@code Build.getPluginsAsMap()}. */
  public static final String PLUGIN_KEY = "org.apache.maven.plugins:maven-surefire-plugin";

  /** The execution the {@code test} phase runs Surefire in. */
  public static final String DEFAULT_EXECUTION = "default-test";

  /** Copies the collections: the record is immutable. */
  public SurefireConfiguration {
    systemProperties = ordered(systemProperties);
    environment = ordered(environment);
    additionalClasspathElements = List.copyOf(additionalClasspathElements);
    additionalClasspathDependencies = List.copyOf(additionalClasspathDependencies);
    classpathDependencyExcludes = List.copyOf(classpathDependencyExcludes);
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
    configurationParameters = ordered(configurationParameters);
    dependenciesToScan = List.copyOf(dependenciesToScan);
  }

  private static Map<String, String> ordered(Map<String, String> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** Whether Surefire would skip this module's tests (see {@link #skipReason()}). */
  public boolean skip() {
    return !skipReason.isEmpty();
  }

  /**
   * Surefire's configuration in a module whose effective model has {@code plugin} for Surefire
   * (null when the build has none: only property fallbacks then).
   *
   * @throws IllegalArgumentException when a value cannot be read (bad configurationParameters)
   */
  public static SurefireConfiguration of(Plugin plugin, ExpressionProperties properties) {
    if (plugin == null) {
      return read(null, "", properties);
    }
    String version = plugin.getVersion() == null ? "" : plugin.getVersion();
    return read(configurationOf(plugin), version, properties);
  }

  /**
   * The configuration the {@code test} phase hands Surefire: that of the {@code default-test}
   * execution when the model has it, else the plugin-level one. Maven's model builder has already
   * merged the plugin-level configuration into every execution's (its plugin configuration
   * expander; the execution's values win, {@code combine.*} attributes honoured), so merging them
   * again here would only repeat appended list items.
   */
  public static Xpp3Dom configurationOf(Plugin plugin) {
    PluginExecution execution = plugin.getExecutionsAsMap().get(DEFAULT_EXECUTION);
    if (execution != null && execution.getConfiguration() instanceof Xpp3Dom) {
      return (Xpp3Dom) execution.getConfiguration();
    }
    return plugin.getConfiguration() instanceof Xpp3Dom
        ? (Xpp3Dom) plugin.getConfiguration()
        : null;
  }

  /**
   * Reads Surefire's parameters from {@code config} (null: nothing configured), with the property
   * fallbacks Surefire declares.
   */
  public static SurefireConfiguration read(
      Xpp3Dom config, String version, ExpressionProperties properties) {
    Reader r = new Reader(config, properties);

    String skipReason = "";
    if (r.flag("skip", "maven.test.skip")) {
      skipReason = "maven.test.skip is set";
    } else if (r.flag("skipTests", "skipTests")) {
      skipReason = "skipTests is set";
    } else if (r.flag("skipExec", "maven.test.skip.exec")) {
      skipReason = "maven.test.skip.exec is set";
    }

    Map<String, String> systemProperties = new LinkedHashMap<>(r.properties("systemProperties"));
    systemProperties.putAll(r.map("systemPropertyVariables"));

    String test = r.scalar("test", "test");
    String failIfNoSpecifiedTests =
        r.scalar("failIfNoSpecifiedTests", "surefire.failIfNoSpecifiedTests");
    String enableAssertions = r.scalar("enableAssertions", "enableAssertions");

    return new SurefireConfiguration(
        version,
        ArgLine.resolve(r.scalar("argLine", "argLine"), properties.project()),
        skipReason,
        systemProperties,
        r.map("environmentVariables"),
        r.scalar("workingDirectory", null),
        r.scalar("testClassesDirectory", null),
        r.scalar("classesDirectory", null),
        r.list("additionalClasspathElements", "maven.test.additionalClasspath"),
        r.dependencies("additionalClasspathDependencies"),
        r.list("classpathDependencyExcludes", "maven.test.dependency.excludes"),
        orEmpty(r.scalar("classpathDependencyScopeExclude", null)),
        r.list("includes", "surefire.includes"),
        r.list("excludes", "surefire.excludes"),
        orEmpty(r.scalar("groups", "groups")),
        orEmpty(r.scalar("excludedGroups", "excludedGroups")),
        configurationParameters(r.properties("properties").get("configurationParameters")),
        orEmpty(test),
        blankToNull(r.scalar("includesFile", "surefire.includesFile")),
        blankToNull(r.scalar("excludesFile", "surefire.excludesFile")),
        blankToNull(r.scalar("systemPropertiesFile", "surefire.systemPropertiesFile")),
        failIfNoSpecifiedTests == null || Boolean.parseBoolean(failIfNoSpecifiedTests.trim()),
        r.list("dependenciesToScan", "dependenciesToScan"),
        blankToNull(r.scalar("reportsDirectory", null)),
        enableAssertions == null || Boolean.parseBoolean(enableAssertions.trim()));
  }

  private static Map<String, String> configurationParameters(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    Properties parsed = new Properties();
    try {
      parsed.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Surefire's <properties><configurationParameters> is not in properties format: "
              + e.getMessage(),
          e);
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (String key : new TreeSet<>(parsed.stringPropertyNames())) {
      result.put(key, parsed.getProperty(key));
    }
    return result;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value.trim();
  }

  static List<String> splitOnCommas(String value) {
    List<String> parts = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        parts.add(part.trim());
      }
    }
    return parts;
  }

  private static final Pattern WHOLE_EXPRESSION = Pattern.compile("\\$\\{[^}]+}");

  /** Reads one configuration element, falling back to a property when it is absent. */
  private static final class Reader {
    private final Xpp3Dom config;
    private final ExpressionProperties properties;

    Reader(Xpp3Dom config, ExpressionProperties properties) {
      this.config = config;
      this.properties = properties;
    }

    private Xpp3Dom child(String name) {
      return config == null ? null : config.getChild(name);
    }

    private String value(Xpp3Dom element) {
      String v = element.getValue();
      if (v == null) {
        return null;
      }
      String interpolated = properties.interpolate(v);
      // A whole ${expression} Maven cannot evaluate leaves the parameter unset.
      return WHOLE_EXPRESSION.matcher(interpolated).matches() ? null : interpolated;
    }

    /**
     * A scalar parameter: the element's value when the element is there (null when Maven could not
     * evaluate it, as the parameter then stays unset), else the property's.
     */
    String scalar(String name, String property) {
      Xpp3Dom element = child(name);
      if (element != null) {
        return value(element);
      }
      return property == null ? null : properties.get(property);
    }

    boolean flag(String name, String property) {
      String v = scalar(name, property);
      return v != null && Boolean.parseBoolean(v.trim());
    }

    /**
     * A list parameter: the element's children (or its text, when it has none), else the property
     * split on ',' as Maven converts a property to a list.
     */
    List<String> list(String name, String property) {
      Xpp3Dom element = child(name);
      List<String> values = new ArrayList<>();
      if (element != null) {
        if (element.getChildCount() > 0) {
          for (Xpp3Dom item : element.getChildren()) {
            String v = value(item);
            if (v != null && !v.isBlank()) {
              values.add(v.trim());
            }
          }
          return values;
        }
        String text = value(element);
        return text == null || text.isBlank() ? values : splitOnCommas(text);
      }
      String fallback = property == null ? null : properties.get(property);
      return fallback == null ? values : splitOnCommas(fallback);
    }

    /** A Map parameter: child element name to its value ("" for an empty element). */
    Map<String, String> map(String name) {
      Map<String, String> values = new LinkedHashMap<>();
      Xpp3Dom element = child(name);
      if (element != null) {
        for (Xpp3Dom entry : element.getChildren()) {
          String v = entry.getValue() == null ? "" : properties.interpolate(entry.getValue());
          values.put(entry.getName(), v);
        }
      }
      return values;
    }

    /**
     * A java.util.Properties parameter, in either of Maven's shapes: {@code <key>value</key>} or
     * {@code <property><name>key</name><value>value</value></property>}.
     */
    Map<String, String> properties(String name) {
      Map<String, String> values = new LinkedHashMap<>();
      Xpp3Dom element = child(name);
      if (element != null) {
        for (Xpp3Dom entry : element.getChildren()) {
          String key = entry.getName();
          String v = entry.getValue();
          if ("property".equals(key) && entry.getChild("name") != null) {
            key = entry.getChild("name").getValue();
            Xpp3Dom valueElement = entry.getChild("value");
            v = valueElement == null ? null : valueElement.getValue();
          }
          if (key != null) {
            values.put(key, v == null ? "" : properties.interpolate(v));
          }
        }
      }
      return values;
    }

    /** Surefire's additionalClasspathDependencies: dependency elements. */
    List<AdditionalDependency> dependencies(String name) {
      List<AdditionalDependency> values = new ArrayList<>();
      Xpp3Dom element = child(name);
      if (element != null) {
        for (Xpp3Dom dep : element.getChildren()) {
          String groupId = text(dep, "groupId");
          String artifactId = text(dep, "artifactId");
          String version = text(dep, "version");
          if (groupId.isEmpty() || artifactId.isEmpty() || version.isEmpty()) {
            throw new IllegalArgumentException(
                "Surefire's additionalClasspathDependencies has an entry without groupId,"
                    + " artifactId or version; give all three");
          }
          String type = text(dep, "type");
          values.add(
              new AdditionalDependency(
                  groupId,
                  artifactId,
                  version,
                  text(dep, "classifier"),
                  type.isEmpty() ? "jar" : type));
        }
      }
      return values;
    }

    private String text(Xpp3Dom parent, String name) {
      Xpp3Dom element = parent.getChild(name);
      String v = element == null ? null : value(element);
      return v == null ? "" : v.trim();
    }
  }
}
