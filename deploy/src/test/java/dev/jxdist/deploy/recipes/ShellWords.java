package dev.jxdist.deploy.recipes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code jxdist} commands in a recipe's text as a POSIX shell would split them: lines
 * joined at a trailing backslash, words split at blanks, quotes removed, {@code $VAR}, {@code
 * ${VAR}} and Kubernetes' {@code $(VAR)} replaced by sample values, and a command ending at {@code
 * ;}, {@code &}, {@code |}, {@code &&}, {@code ||}, a parenthesis or a comment. Comment lines
 * ({@code # ...}) are read too: the commands a recipe tells its reader to type must work as well as
 * the ones it runs. A command is a word naming jxdist ({@code jxdist}, {@code
 * /opt/jxdist/bin/jxdist}, {@code ExecStart=/opt/...}, the image {@code jxdist:TAG}) followed by
 * one of its subcommands.
 */
final class ShellWords {

  /** The subcommands that make a word naming jxdist a command. */
  static final Set<String> SUBCOMMANDS = Set.of("run", "worker", "agent", "merge-reports", "hosts");

  private static final Pattern JXDIST = Pattern.compile("(?:.*[/=])?jxdist(?::\\S+)?");
  private static final Pattern VARIABLE =
      Pattern.compile(
          "\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|\\(([A-Za-z_][A-Za-z0-9_]*)\\)|([A-Za-z_][A-Za-z0-9_]*))");
  private static final String OPERATOR = "\u0000";

  private final Map<String, String> samples;

  /** Reads variables as {@code samples} gives them; another variable makes the command fail. */
  ShellWords(Map<String, String> samples) {
    this.samples = Map.copyOf(samples);
  }

  /** The jxdist commands in {@code text}, the text of {@code recipe}. */
  List<RecipeCommand> commands(String recipe, String text) {
    List<RecipeCommand> commands = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int first = i + 1;
      StringBuilder logical = new StringBuilder(uncommented(lines[i]));
      while (logical.toString().endsWith("\\") && i + 1 < lines.length) {
        logical.setLength(logical.length() - 1);
        logical.append(' ').append(uncommented(lines[++i]));
      }
      List<String> words = words(logical.toString());
      for (int w = 0; w + 1 < words.size(); w++) {
        if (!words.get(w).equals(OPERATOR)
            && JXDIST.matcher(words.get(w)).matches()
            && SUBCOMMANDS.contains(words.get(w + 1))) {
          List<String> args = new ArrayList<>();
          for (int a = w + 1; a < words.size() && !words.get(a).equals(OPERATOR); a++) {
            args.add(words.get(a));
          }
          commands.add(new RecipeCommand(recipe, first, args));
        }
      }
    }
    return commands;
  }

  /** {@code word} with its variables replaced by their samples (for lists that are not shell). */
  String expand(String word) {
    Matcher m = VARIABLE.matcher(word);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String sample = samples.get(name);
      if (sample == null) {
        throw new AssertionError(
            "no sample value for the variable " + name + " in '" + word + "'; add one to the test");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(sample));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A comment line's text (a recipe's documentation), or the line itself. */
  private static String uncommented(String line) {
    String trimmed = line.stripLeading();
    return trimmed.startsWith("#") ? trimmed.substring(1) : line;
  }

  /**
   * The words of one logical line, each operator as {@link #OPERATOR}; variables are expanded only
   * in words that belong to a jxdist command, so other commands may use any variable.
   */
  private List<String> words(String line) {
    List<String> raw = new ArrayList<>();
    StringBuilder word = null;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'' || c == '"') {
        int end = line.indexOf(c, i + 1);
        if (end < 0) {
          end = line.length();
        }
        word = word == null ? new StringBuilder() : word;
        String quoted = line.substring(i + 1, end);
        // Single quotes keep $ literal: mark it so expansion leaves it alone.
        word.append(c == '\'' ? quoted.replace("$", "\u0001") : quoted);
        i = end;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          raw.add(word.toString());
          word = null;
        }
      } else if (c == '#' && word == null) {
        break;
      } else if (c == ';' || c == '&' || c == '|' || (c == ')' && !inVariable(word))) {
        if (word != null) {
          raw.add(word.toString());
          word = null;
        }
        raw.add(OPERATOR);
      } else if (c == '(' && word != null && word.toString().endsWith("$")) {
        word.append(c);
      } else if (c == '(') {
        if (word != null) {
          raw.add(word.toString());
          word = null;
        }
        raw.add(OPERATOR);
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      raw.add(word.toString());
    }
    List<String> words = new ArrayList<>();
    boolean inCommand = false;
    for (int w = 0; w < raw.size(); w++) {
      String r = raw.get(w);
      if (r.equals(OPERATOR)) {
        inCommand = false;
        words.add(r);
        continue;
      }
      if (!inCommand
          && JXDIST.matcher(r).matches()
          && w + 1 < raw.size()
          && SUBCOMMANDS.contains(raw.get(w + 1))) {
        inCommand = true;
      }
      words.add((inCommand ? expand(r) : r).replace('\u0001', '$'));
    }
    return words;
  }

  /** Whether {@code word} ends inside an unclosed {@code $(}. */
  private static boolean inVariable(StringBuilder word) {
    if (word == null) {
      return false;
    }
    String w = word.toString();
    return w.lastIndexOf("$(") > w.lastIndexOf(')');
  }
}
