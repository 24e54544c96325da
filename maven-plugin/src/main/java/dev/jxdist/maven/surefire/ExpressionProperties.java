package dev.jxdist.maven.surefire;

import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The properties a plugin parameter's {@code ${...}} expression is evaluated against when the
 * parameter is not configured, in Maven's order: the session's user properties ({@code -D} given to
 * Maven), then its system properties, then the project's properties (profiles applied).
 */
public final class ExpressionProperties {

  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]+)}");

  private final Properties user;
  private final Properties system;
  private final Properties project;

  /** The three property sets; none is changed by this class. */
  public ExpressionProperties(Properties user, Properties system, Properties project) {
    this.user = Objects.requireNonNull(user, "user");
    this.system = Objects.requireNonNull(system, "system");
    this.project = Objects.requireNonNull(project, "project");
  }

  /** Only project properties (for tests and callers without a session). */
  public static ExpressionProperties ofProject(Properties project) {
    return new ExpressionProperties(new Properties(), new Properties(), project);
  }

  /** The value of property {@code name}, or null when none of the three sets has it. */
  public String get(String name) {
    String value = user.getProperty(name);
    if (value == null) {
      value = system.getProperty(name);
    }
    if (value == null) {
      value = project.getProperty(name);
    }
    return value;
  }

  /** The project's own properties (what Surefire's late {@code @{...}} replacement reads). */
  public Properties project() {
    return project;
  }

  /**
   * Replaces every {@code ${name}} left in {@code text} whose property exists (Maven evaluates what
   * model interpolation left, e.g. properties set by a plugin at build time); others stay as they
   * are, as Maven leaves them.
   */
  public String interpolate(String text) {
    if (text == null || !text.contains("${")) {
      return text;
    }
    Matcher m = EXPRESSION.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
