package dev.jxdist.common.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which files of a synced directory stay behind, given as globs over paths relative to that
 * directory, with {@code /} as separator. The rules follow {@code .gitignore} where they overlap:
 *
 * <ul>
 *   <li>A glob containing {@code /} (other than a trailing one) is matched against the whole
 *       relative path: {@code target/**} leaves out the top-level {@code target} directory and
 *       everything in it; a leading {@code /} is ignored.
 *   <li>A glob without {@code /} is matched against each file or directory name at any depth:
 *       {@code *.log}, {@code .git}, {@code node_modules}.
 *   <li>A trailing {@code /} matches directories only: {@code build/}.
 *   <li>{@code *} and {@code ?} stop at {@code /}; {@code **} crosses it ({@code a/**}{@code /b}
 *       also matches {@code a/b}); {@code [abc]}, {@code [!abc]} and {@code {x,y}} as in {@link
 *       java.nio.file.FileSystem#getPathMatcher}.
 *   <li>A directory that matches is left out with everything below it, and is not even walked.
 * </ul>
 */
public final class ExcludeGlobs {

  private record Rule(Pattern pattern, boolean nameOnly, boolean directoryOnly) {}

  private final List<String> globs;
  private final List<Rule> rules;

  private ExcludeGlobs(List<String> globs, List<Rule> rules) {
    this.globs = globs;
    this.rules = rules;
  }

  /**
   * Compiles globs.
   *
   * @throws IllegalArgumentException naming the first glob that is empty or malformed
   */
  public static ExcludeGlobs of(List<String> globs) {
    List<Rule> rules = new ArrayList<>();
    for (String glob : globs) {
      rules.add(compile(glob));
    }
    return new ExcludeGlobs(List.copyOf(globs), List.copyOf(rules));
  }

  /** Excludes nothing. */
  public static ExcludeGlobs none() {
    return new ExcludeGlobs(List.of(), List.of());
  }

  /** The globs as given. */
  public List<String> globs() {
    return globs;
  }

  /**
   * Whether the file or directory at {@code relativePath} ({@code /}-separated, no leading or
   * trailing {@code /}) is left out.
   */
  public boolean excludes(String relativePath, boolean directory) {
    String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
    for (Rule rule : rules) {
      if (rule.directoryOnly() && !directory) {
        continue;
      }
      if (rule.pattern().matcher(rule.nameOnly() ? name : relativePath).matches()) {
        return true;
      }
    }
    return false;
  }

  private static Rule compile(String glob) {
    String g = glob;
    boolean directoryOnly = false;
    if (g.endsWith("/") && !g.endsWith("**/")) {
      directoryOnly = true;
      g = g.substring(0, g.length() - 1);
    }
    if (g.startsWith("/")) {
      g = g.substring(1);
    }
    if (g.isEmpty()) {
      throw new IllegalArgumentException("empty exclude glob '" + glob + "'");
    }
    boolean nameOnly = g.indexOf('/') < 0;
    String regex;
    try {
      regex = toRegex(g);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad exclude glob '" + glob + "': " + e.getMessage(), e);
    }
    return new Rule(Pattern.compile(regex, Pattern.DOTALL), nameOnly, directoryOnly);
  }

  private static String toRegex(String glob) {
    StringBuilder re = new StringBuilder();
    boolean inGroup = false;
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (c == '*') {
        boolean doubleStar = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
        if (!doubleStar) {
          re.append("[^/]*");
          i++;
        } else {
          boolean atSegmentStart = i == 0 || glob.charAt(i - 1) == '/';
          boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
          boolean atEnd = i + 2 == glob.length();
          if (atSegmentStart && slashAfter) {
            re.append("(?:.*/)?"); // "**/": zero or more directories
            i += 3;
          } else if (atEnd && i >= 1 && glob.charAt(i - 1) == '/') {
            // "dir/**": everything below dir, and dir itself
            re.setLength(re.length() - 1);
            re.append("(?:/.*)?");
            i += 2;
          } else {
            re.append(".*");
            i += 2;
          }
        }
      } else if (c == '?') {
        re.append("[^/]");
        i++;
      } else if (c == '[') {
        int close = glob.indexOf(']', i + 2);
        if (close < 0) {
          throw new IllegalArgumentException("'[' without ']'");
        }
        String body = glob.substring(i + 1, close);
        re.append('[');
        if (body.startsWith("!")) {
          re.append('^');
          body = body.substring(1);
        }
        for (int k = 0; k < body.length(); k++) {
          char b = body.charAt(k);
          if (b == '\\' || b == '[' || b == '&' || b == '^') {
            re.append('\\');
          }
          re.append(b);
        }
        re.append(']');
        i = close + 1;
      } else if (c == '{') {
        if (inGroup) {
          throw new IllegalArgumentException("nested '{'");
        }
        inGroup = true;
        re.append("(?:");
        i++;
      } else if (c == '}' && inGroup) {
        inGroup = false;
        re.append(')');
        i++;
      } else if (c == ',' && inGroup) {
        re.append('|');
        i++;
      } else {
        if (c < 0x80 && !Character.isLetterOrDigit(c) && c != '/') {
          re.append('\\');
        }
        re.append(c);
        i++;
      }
    }
    if (inGroup) {
      throw new IllegalArgumentException("'{' without '}'");
    }
    return re.toString();
  }
}
