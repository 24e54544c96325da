package dev.jxdist.deploy.recipes;

import java.util.List;

/**
 * One {@code jxdist} command a recipe runs or tells its reader to run: where it is, and its
 * arguments after {@code jxdist} with the recipe's variables replaced by sample values.
 *
 * @param recipe the recipe's path under deploy/
 * @param line the line it starts on (1-based)
 * @param args the arguments, the subcommand first
 */
record RecipeCommand(String recipe, int line, List<String> args) {

  RecipeCommand {
    args = List.copyOf(args);
  }

  /** The subcommand ({@code run}, {@code agent}...), or an empty string if there is none. */
  String subcommand() {
    return args.isEmpty() ? "" : args.get(0);
  }

  /** Whether {@code option} is given, alone or as {@code option=value}. */
  boolean has(String option) {
    return args.stream().anyMatch(a -> a.equals(option) || a.startsWith(option + "="));
  }

  /** The value after {@code option}; fails naming the command if it is not given. */
  String value(String option) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals(option) && i + 1 < args.size()) {
        return args.get(i + 1);
      }
      if (args.get(i).startsWith(option + "=")) {
        return args.get(i).substring(option.length() + 1);
      }
    }
    throw new AssertionError(this + " has no " + option);
  }

  @Override
  public String toString() {
    return recipe + ":" + line + ": jxdist " + String.join(" ", args);
  }
}
