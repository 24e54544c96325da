package dev.jxdist.maven.surefire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.StringReader;
import java.util.Properties;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;

class SurefireConfigurationTest {

  /** A configuration element as Maven's POM reader builds it. */
  private static Xpp3Dom config(String xml) {
    try {
      return Xpp3DomBuilder.build(new StringReader("<configuration>" + xml + "</configuration>"));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Properties props(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  private static SurefireConfiguration read(String xml, Properties project) {
    return SurefireConfiguration.read(
        config(xml), "3.5.4", ExpressionProperties.ofProject(project));
  }

  @Test
  void readsEveryReportedParameter() {
    SurefireConfiguration c =
        read(
            "<argLine>-Xmx1G @{late}</argLine>"
                + "<systemPropertyVariables><a>1</a><empty/></systemPropertyVariables>"
                + "<environmentVariables><HOME_X>/x</HOME_X></environmentVariables>"
                + "<workingDirectory>target/work</workingDirectory>"
                + "<reportsDirectory>build/test-results</reportsDirectory>"
                + "<testClassesDirectory>/t</testClassesDirectory>"
                + "<classesDirectory>/c</classesDirectory><additionalClasspathElements>"
                + "<additionalClasspathElement>/x,/y</additionalClasspathElement>"
                + "<additionalClasspathElement>/z</additionalClasspathElement>"
                + "</additionalClasspathElements>"
                + "<classpathDependencyExcludes><e>g:a</e></classpathDependencyExcludes>"
                + "<classpathDependencyScopeExclude>runtime</classpathDependencyScopeExclude>"
                + "<includes>"
                + "<include>**/*IT.java</include><include>**/Foo.java</include>"
                + "</includes>"
                + "<excludes><exclude>**/Slow*</exclude></excludes><groups>fast &amp;"
                + " !slow</groups><excludedGroups>flaky</excludedGroups>",
            props("late", "-Dlate=1"));

    assertThat(c.version()).isEqualTo("3.5.4");
    assertThat(c.argLine()).isEqualTo("-Xmx1G -Dlate=1");
    assertThat(c.skip()).isFalse();
    assertThat(c.skipReason()).isEmpty();
    assertThat(c.systemProperties()).containsExactly(entry("a", "1"), entry("empty", ""));
    assertThat(c.environment()).containsExactly(entry("HOME_X", "/x"));
    assertThat(c.workingDirectory()).isEqualTo("target/work");
    assertThat(c.reportsDirectory()).isEqualTo("build/test-results");
    assertThat(c.testClassesDirectory()).isEqualTo("/t");
    assertThat(c.classesDirectory()).isEqualTo("/c");
    assertThat(c.additionalClasspathElements()).containsExactly("/x,/y", "/z");
    assertThat(c.classpathDependencyExcludes()).containsExactly("g:a");
    assertThat(c.classpathDependencyScopeExclude()).isEqualTo("runtime");
    assertThat(c.includes()).containsExactly("**/*IT.java", "**/Foo.java");
    assertThat(c.excludes()).containsExactly("**/Slow*");
    assertThat(c.groups()).isEqualTo("fast & !slow");
    assertThat(c.excludedGroups()).isEqualTo("flaky");
    assertThat(c.configurationParameters()).isEmpty();
  }

  @Test
  void nothingConfiguredGivesEmptyValues() {
    SurefireConfiguration c =
        SurefireConfiguration.read(null, "", ExpressionProperties.ofProject(new Properties()));

    assertThat(c.argLine()).isEmpty();
    assertThat(c.skip()).isFalse();
    assertThat(c.systemProperties()).isEmpty();
    assertThat(c.environment()).isEmpty();
    assertThat(c.workingDirectory()).isNull();
    assertThat(c.reportsDirectory()).isNull();
    assertThat(c.includes()).isEmpty();
    assertThat(c.excludes()).isEmpty();
    assertThat(c.groups()).isEmpty();
    assertThat(c.additionalClasspathElements()).isEmpty();
    assertThat(c.additionalClasspathDependencies()).isEmpty();
    assertThat(c.enableAssertions()).as("Surefire's default").isTrue();
  }

  /** Assertions are on unless the build turns them off, configured or by property. */
  @Test
  void enableAssertionsIsReadConfiguredOrFromItsProperty() {
    assertThat(read("<enableAssertions>false</enableAssertions>", props()).enableAssertions())
        .isFalse();
    assertThat(read("", props("enableAssertions", "false")).enableAssertions()).isFalse();
    assertThat(read("<enableAssertions>true</enableAssertions>", props()).enableAssertions())
        .isTrue();
  }

  @Test
  void unconfiguredParametersComeFromTheirProperties() {
    SurefireConfiguration c =
        read(
            "",
            props(
                "argLine", "-Dfrom=property @{x}",
                "x", "late",
                "groups", "g1",
                "excludedGroups", "g2",
                "surefire.includes", "**/A.java, **/B.java",
                "surefire.excludes", "**/C.java",
                "maven.test.additionalClasspath", "/p,/q",
                "maven.test.dependency.excludes", "g:a,g:b"));

    assertThat(c.argLine()).isEqualTo("-Dfrom=property late");
    assertThat(c.groups()).isEqualTo("g1");
    assertThat(c.excludedGroups()).isEqualTo("g2");
    assertThat(c.includes()).containsExactly("**/A.java", "**/B.java");
    assertThat(c.excludes()).containsExactly("**/C.java");
    assertThat(c.additionalClasspathElements()).containsExactly("/p", "/q");
    assertThat(c.classpathDependencyExcludes()).containsExactly("g:a", "g:b");
  }

  @Test
  void aConfiguredElementWinsOverItsProperty() {
    SurefireConfiguration c =
        read("<argLine>-Dconfigured</argLine>", props("argLine", "-Dproperty"));

    assertThat(c.argLine()).isEqualTo("-Dconfigured");
  }

  @Test
  void userPropertiesWinOverSystemAndProjectProperties() {
    ExpressionProperties properties =
        new ExpressionProperties(
            props("groups", "user"),
            props("groups", "system", "excludedGroups", "system"),
            props("groups", "project", "excludedGroups", "project", "argLine", "-Dproject"));

    SurefireConfiguration c = SurefireConfiguration.read(null, "", properties);

    assertThat(c.groups()).isEqualTo("user");
    assertThat(c.excludedGroups()).isEqualTo("system");
    assertThat(c.argLine()).isEqualTo("-Dproject");
  }

  @Test
  void expressionsMavenLeftAreEvaluatedAndAnUnresolvableWholeExpressionLeavesTheParameterUnset() {
    SurefireConfiguration c =
        read(
            "<argLine>${agent} -Xmx1G</argLine><groups>${nothing}</groups>"
                + "<systemPropertyVariables><p>${agent}/${unknown}</p></systemPropertyVariables>",
            props("agent", "-javaagent:x.jar", "groups", "from-property"));

    assertThat(c.argLine()).isEqualTo("-javaagent:x.jar -Xmx1G");
    // The element is there, so the parameter's property is not consulted (as in Maven).
    assertThat(c.groups()).isEmpty();
    assertThat(c.systemProperties()).containsExactly(entry("p", "-javaagent:x.jar/${unknown}"));
  }

  @Test
  void theTestParameterAndTheSelectionFilesAreCarriedAsGiven() {
    SurefireConfiguration c =
        read(
            "<includes><include>**/*Test.java</include></includes>"
                + "<excludes><exclude>**/X.java</exclude></excludes>"
                + "<includesFile>sel/in.txt</includesFile>"
                + "<dependenciesToScan><d>g:a</d></dependenciesToScan>",
            props(
                "test", "FooTest, Bar*#one",
                "surefire.excludesFile", "sel/out.txt",
                "surefire.failIfNoSpecifiedTests", "false"));

    assertThat(c.test()).isEqualTo("FooTest, Bar*#one");
    assertThat(c.includes()).containsExactly("**/*Test.java");
    assertThat(c.excludes()).containsExactly("**/X.java");
    assertThat(c.includesFile()).isEqualTo("sel/in.txt");
    assertThat(c.excludesFile()).isEqualTo("sel/out.txt");
    assertThat(c.failIfNoSpecifiedTests()).isFalse();
    assertThat(c.dependenciesToScan()).containsExactly("g:a");
    assertThat(read("", props()).failIfNoSpecifiedTests()).isTrue();
  }

  @Test
  void skipFlagsFromConfigurationOrProperties() {
    assertThat(read("<skipTests>true</skipTests>", props()).skipReason())
        .isEqualTo("skipTests is set");
    assertThat(read("", props("skipTests", "true")).skipReason()).isEqualTo("skipTests is set");
    assertThat(read("", props("maven.test.skip", "TRUE")).skipReason())
        .isEqualTo("maven.test.skip is set");
    assertThat(read("<skip>true</skip>", props()).skipReason()).isEqualTo("maven.test.skip is set");
    assertThat(read("", props("maven.test.skip.exec", "true")).skipReason())
        .isEqualTo("maven.test.skip.exec is set");
    assertThat(read("<skipTests>false</skipTests>", props("skipTests", "true")).skip()).isFalse();
    assertThat(read("", props("skipTests", "false")).skip()).isFalse();
  }

  @Test
  void systemPropertyVariablesWinOverTheDeprecatedSystemProperties() {
    SurefireConfiguration c =
        read(
            "<systemProperties>"
                + "<property><name>a</name><value>old</value></property>"
                + "<b>only-old</b>"
                + "</systemProperties>"
                + "<systemPropertyVariables><a>new</a></systemPropertyVariables>",
            props());

    assertThat(c.systemProperties()).containsExactly(entry("a", "new"), entry("b", "only-old"));
  }

  @Test
  void configurationParametersAreParsedAsProperties() {
    SurefireConfiguration c =
        read(
            "<properties><configurationParameters>\n"
                + "  junit.jupiter.execution.parallel.enabled = true\n"
                + "  junit.jupiter.execution.parallel.mode.default=concurrent\n"
                + "  # a comment\n"
                + "</configurationParameters></properties>",
            props());

    assertThat(c.configurationParameters())
        .containsExactly(
            entry("junit.jupiter.execution.parallel.enabled", "true"),
            entry("junit.jupiter.execution.parallel.mode.default", "concurrent"));
  }

  @Test
  void configurationParametersInThePropertyShape() {
    SurefireConfiguration c =
        read(
            "<properties><property><name>configurationParameters</name>"
                + "<value>k=v</value></property></properties>",
            props());

    assertThat(c.configurationParameters()).containsExactly(entry("k", "v"));
  }

  @Test
  void additionalClasspathDependencies() {
    SurefireConfiguration c =
        read(
            "<additionalClasspathDependencies>"
                + "<additionalClasspathDependency><groupId>g</groupId><artifactId>a</artifactId>"
                + "<version>1</version></additionalClasspathDependency>"
                + "<additionalClasspathDependency><groupId>g</groupId><artifactId>b</artifactId>"
                + "<version>2</version><classifier>tests</classifier><type>test-jar</type>"
                + "</additionalClasspathDependency>"
                + "</additionalClasspathDependencies>",
            props());

    assertThat(c.additionalClasspathDependencies())
        .containsExactly(
            new AdditionalDependency("g", "a", "1", "", "jar"),
            new AdditionalDependency("g", "b", "2", "tests", "test-jar"));
  }

  @Test
  void anAdditionalDependencyWithoutVersionIsAnError() {
    assertThatThrownBy(
            () ->
                read(
                    "<additionalClasspathDependencies><d><groupId>g</groupId>"
                        + "<artifactId>a</artifactId></d></additionalClasspathDependencies>",
                    props()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("additionalClasspathDependencies");
  }

  @Test
  void theDefaultTestExecutionsConfigurationIsTheOneTheTestPhaseUses() {
    Plugin plugin = new Plugin();
    plugin.setVersion("3.5.4");
    plugin.setConfiguration(config("<argLine>-Dplugin</argLine>"));
    PluginExecution other = new PluginExecution();
    other.setId("other");
    other.setConfiguration(config("<argLine>-Dother</argLine>"));
    plugin.addExecution(other);
    PluginExecution defaultTest = new PluginExecution();
    defaultTest.setId("default-test");
    defaultTest.setConfiguration(config("<argLine>-Dexecution</argLine>"));
    plugin.addExecution(defaultTest);

    SurefireConfiguration c =
        SurefireConfiguration.of(plugin, ExpressionProperties.ofProject(new Properties()));

    assertThat(c.argLine()).isEqualTo("-Dexecution");
    assertThat(c.version()).isEqualTo("3.5.4");
  }

  @Test
  void withoutADefaultTestExecutionThePluginConfigurationIsUsed() {
    Plugin plugin = new Plugin();
    plugin.setConfiguration(config("<argLine>-Dplugin</argLine>"));

    SurefireConfiguration c =
        SurefireConfiguration.of(plugin, ExpressionProperties.ofProject(new Properties()));

    assertThat(c.argLine()).isEqualTo("-Dplugin");
    assertThat(c.version()).isEmpty();
    assertThat(
            SurefireConfiguration.of(null, ExpressionProperties.ofProject(new Properties()))
                .version())
        .isEmpty();
  }
}
