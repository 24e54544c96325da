package dev.jxdist.maven.surefire;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Surefire's {@code argLine}: the late replacement of {@code @{name}} by project properties (set by
 * plugins such as JaCoCo while the build runs, after {@code ${...}} was interpolated) and its split
 * into JVM arguments the way Surefire's command line does it.
 */
public final class ArgLine {

  private static final Pattern LATE_PROPERTY = Pattern.compile("@\\{([^}]*)}");

  private ArgLine() {}

  /**
   * The argLine as the forked JVM gets it: {@code @{name}} replaced by the project property {@code
   * name} ("" when there is none), every whitespace character (line breaks of a multi-line POM
   * value) made a space as Surefire does, and trimmed; "" for null.
   */
  public static String resolve(String argLine, Properties projectProperties) {
    if (argLine == null) {
      return "";
    }
    Matcher m = LATE_PROPERTY.matcher(argLine);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = projectProperties.getProperty(m.group(1), "");
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString().replaceAll("\\s", " ").trim();
  }

  /**
   * Splits a resolved argLine into arguments at spaces, honouring "double" and 'single' quotes
   * (which group, and are removed; a quote of the other kind inside them is literal).
   *
   * @throws IllegalArgumentException when a quote is not closed
   */
  public static List<String> split(String argLine) {
    List<String> args = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    char quote = 0;
    for (int i = 0; i < argLine.length(); i++) {
      char c = argLine.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          current.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        quoted = true;
      } else if (Character.isWhitespace(c)) {
        if (quoted || current.length() > 0) {
          args.add(current.toString());
        }
        current.setLength(0);
        quoted = false;
      } else {
        current.append(c);
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("argLine has an unclosed " + quote + " quote: " + argLine);
    }
    if (quoted || current.length() > 0) {
      args.add(current.toString());
    }
    return args;
  }
}
