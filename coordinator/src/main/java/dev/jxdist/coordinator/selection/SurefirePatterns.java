package dev.jxdist.coordinator.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns Surefire's {@code includes}/{@code excludes} (and {@code -Dtest}) patterns into JUnit
 * Platform class-name patterns (regular expressions on the fully qualified class name), and its
 * {@code groups} into tag expressions.
 *
 * <p>Surefire patterns are paths: {@code **}{@code /*Test.java}, {@code fx/FooTest.java}, {@code
 * **}{@code /IT*}, or plain class names ({@code FooTest}, {@code fx.FooTest}), or {@code
 * %regex[...]} over the class file's path. A method part ({@code FooTest#bar}) selects the class;
 * method filters are not supported yet.
 */
final class SurefirePatterns {

  private SurefirePatterns() {}

  /** Each of {@code patterns} as a class-name regular expression. */
  public static List<String> toClassNamePatterns(List<String> patterns) {
    List<String> out = new ArrayList<>();
    for (String raw : patterns) {
      for (String p : raw.split(",")) {
        String pattern = p.strip();
        if (!pattern.isEmpty()) {
          out.add(toClassNamePattern(pattern));
        }
      }
    }
    return out;
  }

  /** One Surefire pattern as a class-name regular expression. */
  static String toClassNamePattern(String pattern) {
    int hash = pattern.indexOf('#');
    if (hash >= 0) {
      pattern = pattern.substring(0, hash);
    }
    if (pattern.startsWith("%regex[") && pattern.endsWith("]")) {
      String regex = pattern.substring("%regex[".length(), pattern.length() - 1);
      regex = stripSuffix(stripSuffix(regex, ".class"), ".java");
      regex = stripSuffix(stripSuffix(regex, "\\.class"), "\\.java");
      return "^" + regex.replace("/", "\\.") + "$";
    }
    String p = stripSuffix(stripSuffix(pattern, ".java"), ".class");
    boolean pathLike = p.contains("/") || p.contains("*") || p.contains("?");
    if (!pathLike) {
      // A class name: simple (any package) or fully qualified.
      return p.contains(".") ? "^" + quote(p) + "$" : "^(.*\\.)?" + quote(p) + "$";
    }
    StringBuilder regex = new StringBuilder("^");
    if (!p.startsWith("**/") && !p.startsWith("/") && !p.contains("/")) {
      regex.append("(.*\\.)?");
    }
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (p.startsWith("**/", i)) {
        regex.append("(.*\\.)?");
        i += 2;
      } else if (p.startsWith("**", i)) {
        regex.append(".*");
        i += 1;
      } else if (c == '*') {
        regex.append("[^.]*");
      } else if (c == '?') {
        regex.append("[^.]");
      } else if (c == '/') {
        if (i > 0) {
          regex.append("\\.");
        }
      } else {
        regex.append(quote(String.valueOf(c)));
      }
    }
    return regex.append('$').toString();
  }

  /** Surefire's {@code groups} / {@code excludedGroups}: comma-separated tag expressions. */
  public static List<String> toTagExpressions(String groups) {
    List<String> out = new ArrayList<>();
    for (String g : groups.split(",")) {
      if (!g.isBlank()) {
        out.add(g.strip());
      }
    }
    return out;
  }

  private static String stripSuffix(String s, String suffix) {
    return s.toLowerCase(Locale.ROOT).endsWith(suffix)
        ? s.substring(0, s.length() - suffix.length())
        : s;
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("\\.[]{}()<>*+-=!?^$|".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
