package dev.jxdist.deploy.recipes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A Dockerfile's instructions as the builder reads them: comments dropped, lines joined at a
 * trailing backslash, each instruction its keyword and the rest of its line.
 */
final class Dockerfile {

  /**
   * One instruction.
   *
   * @param keyword upper case ({@code USER}, {@code VOLUME})
   * @param arguments the rest of the line
   * @param line the line it starts on
   */
  record Instruction(String keyword, String arguments, int line) {

    /** Its arguments in exec form ({@code ["a", "b"]}); fails if they are in shell form. */
    List<String> execForm() {
      if (!arguments.startsWith("[")) {
        throw new AssertionError(
            keyword + " on line " + line + " is in shell form, not a JSON array: " + arguments);
      }
      Object parsed = new Yaml(new LoaderOptions()).load(arguments);
      if (!(parsed instanceof List<?> list)) {
        throw new AssertionError(keyword + " on line " + line + " is not a list: " + arguments);
      }
      return list.stream().map(String::valueOf).toList();
    }
  }

  private final List<Instruction> instructions;

  private Dockerfile(List<Instruction> instructions) {
    this.instructions = List.copyOf(instructions);
  }

  /** Parses {@code text}. */
  static Dockerfile parse(String text) {
    List<Instruction> instructions = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int first = i + 1;
      StringBuilder logical = new StringBuilder(line);
      while (logical.toString().endsWith("\\") && i + 1 < lines.length) {
        logical.setLength(logical.length() - 1);
        String next = lines[++i].strip();
        if (!next.startsWith("#")) {
          logical.append(' ').append(next);
        }
      }
      String[] parts = logical.toString().split("\\s+", 2);
      instructions.add(
          new Instruction(
              parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : "", first));
    }
    return new Dockerfile(instructions);
  }

  /** Every instruction with {@code keyword}, in order. */
  List<Instruction> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  /** The last instruction with {@code keyword} (the one that counts); fails if there is none. */
  Instruction last(String keyword) {
    List<Instruction> all = all(keyword);
    if (all.isEmpty()) {
      throw new AssertionError("the Dockerfile has no " + keyword);
    }
    return all.get(all.size() - 1);
  }
}
