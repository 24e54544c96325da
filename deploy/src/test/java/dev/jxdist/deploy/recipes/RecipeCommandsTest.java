package dev.jxdist.deploy.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.cli.Main;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Every jxdist command in the recipes is one the real CLI accepts: parsed by the CLI's own picocli
 * model, so an option that does not exist, a missing required one or a value of the wrong type
 * fails here, naming the recipe and line, and not on a user's build machine.
 */
class RecipeCommandsTest {

  @TestFactory
  Stream<DynamicTest> theCliAcceptsEveryCommand() {
    return RecipeCommands.all().stream()
        .map(command -> DynamicTest.dynamicTest(command.toString(), () -> accepts(command)));
  }

  @Test
  void everyRecipeHasItsCommands() {
    Map<String, Set<String>> subcommands =
        RecipeCommands.all().stream()
            .collect(
                Collectors.groupingBy(
                    c -> c.recipe().split(" ")[0],
                    Collectors.mapping(RecipeCommand::subcommand, Collectors.toSet())));

    assertThat(subcommands)
        .as("the subcommands each recipe runs")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "systemd/jxdist-agent.service", Set.of("agent", "run"),
                "container/Dockerfile", Set.of("agent", "worker"),
                "kubernetes/agent.yaml", Set.of("agent", "run"),
                "kubernetes/joiners.yaml", Set.of("worker", "run"),
                "ci/github-actions-shards.yml", Set.of("run", "merge-reports"),
                "ci/gitlab-ci-shards.yml", Set.of("run", "merge-reports"),
                "ci/gitlab-ci-join.yml", Set.of("run", "worker")));
  }

  @Test
  void theShellReaderSplitsAsAShellWould() {
    ShellWords shell = new ShellWords(Map.of("N", "4", "DIR", "/var/x"));

    List<RecipeCommand> found =
        shell.commands(
            "t",
            "  # then: jxdist run --shard \"$N/${N}\" -n auto \\\n"
                + "#     --project '$DIR' & wait $! # done\n"
                + "- x=1; /opt/jxdist/bin/jxdist worker --cache $(DIR) | tee log\n"
                + "image: jxdist:1.0 --not-a-command\n");

    assertThat(found)
        .containsExactly(
            new RecipeCommand(
                "t", 1, List.of("run", "--shard", "4/4", "-n", "auto", "--project", "$DIR")),
            new RecipeCommand("t", 3, List.of("worker", "--cache", "/var/x")));
  }

  private static void accepts(RecipeCommand command) {
    CommandLine cli = new CommandLine(new Main());
    String subcommand = command.subcommand();
    CommandLine sub = cli.getSubcommands().get(subcommand);
    if (sub == null) {
      throw new AssertionError(command + "\n  names a subcommand the CLI does not have");
    }
    try {
      cli.parseArgs(command.args().toArray(String[]::new));
    } catch (ParameterException e) {
      throw new AssertionError(command + "\n  is refused by the CLI: " + e.getMessage(), e);
    }
  }
}
