package dev.jxdist.deploy.recipes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every jxdist command in every recipe: the ones in shell text (scripts, ExecStart, the commands
 * comments tell the reader to run) and the ones that are lists (the image's ENTRYPOINT and CMD, a
 * Kubernetes container's args under the image's entrypoint).
 */
final class RecipeCommands {

  /** The launcher in the image, as deploy/container/Dockerfile installs it. */
  static final String IMAGE_LAUNCHER = "/opt/jxdist/bin/jxdist";

  /**
   * What the recipes' variables stand for in the commands checked: systemd's directories, the CI
   * systems' job variables, the Kubernetes pods' environment, the recipes' own.
   */
  static final Map<String, String> SAMPLES =
      Map.ofEntries(
          Map.entry("CREDENTIALS_DIRECTORY", "/run/credentials/jxdist-agent.service"),
          Map.entry("STATE_DIRECTORY", "/var/lib/jxdist-agent"),
          Map.entry("SHARD", "2"),
          Map.entry("CI_NODE_INDEX", "2"),
          Map.entry("CI_NODE_TOTAL", "4"),
          Map.entry("CI_RUNNER_DESCRIPTION", "runner-7"),
          Map.entry("JOB_COMPLETION_INDEX", "3"),
          Map.entry("JXDIST_COORDINATOR", "coordinator.example.com:7070"),
          Map.entry("JXDIST_TLS_CERT", "/builds/tmp/JXDIST_TLS_CERT"),
          Map.entry(
              "JXDIST_TLS_CERT_SHA256",
              "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"),
          Map.entry("agents", "10.1.2.3:7171*auto,10.1.2.4:7171*auto"));

  private RecipeCommands() {}

  /** All of them, recipe by recipe. */
  static List<RecipeCommand> all() {
    ShellWords shell = new ShellWords(SAMPLES);
    List<RecipeCommand> commands = new ArrayList<>();
    for (String recipe : Recipes.all()) {
      commands.addAll(shell.commands(recipe, Recipes.text(recipe)));
      if (recipe.endsWith("Dockerfile")) {
        commands.add(imageDefault(recipe));
      }
      if (recipe.startsWith("kubernetes/")) {
        commands.addAll(containers(recipe, shell));
      }
    }
    return commands;
  }

  /** The command a container of the image runs without arguments: ENTRYPOINT's launcher, CMD. */
  private static RecipeCommand imageDefault(String recipe) {
    Dockerfile dockerfile = Dockerfile.parse(Recipes.text(recipe));
    List<String> entrypoint = dockerfile.last("ENTRYPOINT").execForm();
    if (!entrypoint.get(entrypoint.size() - 1).equals(IMAGE_LAUNCHER)) {
      throw new AssertionError(
          "deploy/" + recipe + "'s ENTRYPOINT does not end with " + IMAGE_LAUNCHER);
    }
    Dockerfile.Instruction cmd = dockerfile.last("CMD");
    return new RecipeCommand(recipe, cmd.line(), cmd.execForm());
  }

  /** The args of each container that runs the image's entrypoint (no command of its own). */
  private static List<RecipeCommand> containers(String recipe, ShellWords shell) {
    List<RecipeCommand> commands = new ArrayList<>();
    for (var document : Recipes.yaml(recipe)) {
      Object kind = document.get("kind");
      if (!"Deployment".equals(kind) && !"Job".equals(kind)) {
        continue;
      }
      Node pod = new Node("deploy/" + recipe + " " + kind, document).node("spec.template.spec");
      for (Node container : pod.nodes("containers")) {
        if (container.get("command").isEmpty()) {
          commands.add(
              new RecipeCommand(
                  recipe + " container " + container.text("name"),
                  0,
                  container.texts("args").stream().map(shell::expand).toList()));
        }
      }
    }
    return commands;
  }
}
