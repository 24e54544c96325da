package dev.jxdist.deploy.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes: agents (a Deployment, a headless Service that selects its pods, their token as
 * a Secret) and an Indexed Job of joiners. Each pod runs the image as a user that is not root, and
 * gets its token as jxdist accepts it: the Secret's file, group-readable with fsGroup, copied by an
 * init container, 0600, into a memory volume that the jxdist container reads it from.
 */
class KubernetesRecipesTest {

  private static final String AGENT = "kubernetes/agent.yaml";
  private static final String JOINERS = "kubernetes/joiners.yaml";
  private static final String IMAGE = "registry.example.com/jxdist:";

  @Test
  void agentsAreADeploymentWithAServiceAndASecret() {
    assertThat(Recipes.yaml(AGENT).stream().map(d -> d.get("kind")))
        .containsExactly("Secret", "Service", "Deployment");
    Node secret = Recipes.document(AGENT, "Secret");
    Node service = Recipes.document(AGENT, "Service");
    Node deployment = Recipes.document(AGENT, "Deployment");
    assertThat(secret.text("metadata.name")).isEqualTo("jxdist-agent-token");
    assertThat(service.text("metadata.name")).isEqualTo("jxdist-agent");
    assertThat(deployment.text("metadata.name")).isEqualTo("jxdist-agent");
    // The placeholder is too short for jxdist (32 characters at least): forgotten, it stops the
    // agent at once instead of letting in whoever reads this file.
    assertThat(secret.text("stringData.token")).hasSizeLessThan(32);
  }

  @Test
  void theServiceSelectsTheAgentsAndTheirPort() {
    Node service = Recipes.document(AGENT, "Service");
    Node deployment = Recipes.document(AGENT, "Deployment");
    Map<?, ?> selector = service.node("spec.selector").map();
    assertThat(deployment.node("spec.selector.matchLabels").map()).isEqualTo(selector);
    assertThat(cast(deployment.node("spec.template.metadata.labels").map()))
        .containsAllEntriesOf(cast(selector));
    assertThat(service.text("spec.clusterIP"))
        .as("headless: one address per agent")
        .isEqualTo("None");

    Node port = service.nodes("spec.ports").get(0);
    Node agent = deployment.node("spec.template.spec").named("containers", "agent");
    Node containerPort = agent.named("ports", port.text("targetPort"));
    String listen = command(AGENT, "agent").value("--listen");
    assertThat(listen).isEqualTo("0.0.0.0:" + containerPort.text("containerPort"));
    assertThat(port.text("port")).isEqualTo(containerPort.text("containerPort"));
  }

  @Test
  void theAgentDrainsWithinItsGracePeriod() {
    Node pod = Recipes.document(AGENT, "Deployment").node("spec.template.spec");
    assertThat(command(AGENT, "agent").value("--drain-grace")).isEqualTo("10m");
    assertThat(Integer.parseInt(pod.text("terminationGracePeriodSeconds"))).isGreaterThan(600);
  }

  @Test
  void joinersAreAnIndexedJobThatRunsOnce() {
    Node job = Recipes.document(JOINERS, "Job");
    assertThat(job.text("metadata.name")).isEqualTo("jxdist-joiners");
    assertThat(job.text("spec.completionMode")).isEqualTo("Indexed");
    assertThat(job.text("spec.parallelism")).isEqualTo(job.text("spec.completions"));
    assertThat(job.text("spec.template.spec.restartPolicy")).isEqualTo("Never");
    RecipeCommand worker = command(JOINERS, "worker");
    assertThat(worker.value("--name"))
        .isEqualTo("joiner-" + RecipeCommands.SAMPLES.get("JOB_COMPLETION_INDEX"));
    assertThat(worker.value("--workers")).isEqualTo("auto");
    // The run in the recipe's comment waits for as many joiners as the Job starts.
    assertThat(command(JOINERS, "run").value("--join")).isEqualTo(job.text("spec.completions"));
    Node joiner = job.node("spec.template.spec").named("containers", "joiner");
    for (String variable : List.of("JXDIST_COORDINATOR", "JOB_COMPLETION_INDEX")) {
      joiner.named("env", variable);
    }
  }

  @Test
  void everyPodRunsTheImageAsAUserThatIsNotRoot() {
    for (Node pod : pods()) {
      Node security = pod.node("securityContext");
      assertThat(security.text("runAsNonRoot")).isEqualTo("true");
      assertThat(Integer.parseInt(security.text("runAsUser"))).isPositive();
      for (String list : List.of("initContainers", "containers")) {
        for (Node container : pod.nodes(list)) {
          assertThat(container.text("image")).isEqualTo(IMAGE + Recipes.version());
          assertThat(container.text("securityContext.allowPrivilegeEscalation")).isEqualTo("false");
          assertThat(container.text("securityContext.readOnlyRootFilesystem")).isEqualTo("true");
        }
      }
    }
  }

  @Test
  void theTokenIsTheSecretsCopiedOwnerOnlyIntoMemory() {
    check(AGENT, "Deployment", "jxdist-agent-token", "agent");
    check(JOINERS, "Job", "jxdist-run-token", "worker");
  }

  @Test
  void theStoreIsOnAVolume() {
    for (String[] recipe :
        new String[][] {{AGENT, "Deployment", "agent"}, {JOINERS, "Job", "worker"}}) {
      Node pod = Recipes.document(recipe[0], recipe[1]).node("spec.template.spec");
      Node container = pod.nodes("containers").get(0);
      String cache = command(recipe[0], recipe[2]).value("--cache");
      Node mount = mountHolding(container, cache);
      pod.named("volumes", mount.text("name")).node("emptyDir");
      assertThat(mount.get("readOnly")).isEmpty();
    }
  }

  private static void check(String recipe, String kind, String secretName, String subcommand) {
    Node pod = Recipes.document(recipe, kind).node("spec.template.spec");
    String tokenFile = command(recipe, subcommand).value("--token-file");
    Node container = pod.nodes("containers").get(0);
    Node tokenMount = mountHolding(container, tokenFile);
    Node tokenVolume = pod.named("volumes", tokenMount.text("name"));
    assertThat(tokenVolume.text("emptyDir.medium")).isEqualTo("Memory");

    Node init = pod.named("initContainers", "token");
    List<String> install = init.texts("command");
    assertThat(install.subList(0, 3)).containsExactly("install", "-m", "0600");
    assertThat(install.get(4)).isEqualTo(tokenFile);
    assertThat(mountHolding(init, tokenFile).text("name")).isEqualTo(tokenMount.text("name"));
    Node secretMount = mountHolding(init, install.get(3));
    Node secretVolume = pod.named("volumes", secretMount.text("name"));
    assertThat(secretVolume.text("secret.secretName")).isEqualTo(secretName);
    // 0440 in YAML 1.1 (as Kubernetes reads it) is octal: readable by fsGroup, which runs the init.
    assertThat(secretVolume.text("secret.defaultMode")).isEqualTo(Integer.toString(0440));
    assertThat(pod.text("securityContext.fsGroup"))
        .isEqualTo(pod.text("securityContext.runAsGroup"));
  }

  /** The mount of {@code container} that {@code file} is under. */
  private static Node mountHolding(Node container, String file) {
    return container.nodes("volumeMounts").stream()
        .filter(m -> Path.of(file).startsWith(Path.of(m.text("mountPath"))))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(container.where() + " mounts nothing that holds " + file));
  }

  /** The recipe's one command of {@code subcommand} (from a container, else from its comments). */
  private static RecipeCommand command(String recipe, String subcommand) {
    List<RecipeCommand> found =
        RecipeCommands.all().stream()
            .filter(c -> c.recipe().split(" ")[0].equals(recipe))
            .filter(c -> c.subcommand().equals(subcommand))
            .toList();
    assertThat(found).as(recipe + "'s jxdist " + subcommand + " commands").hasSize(1);
    return found.get(0);
  }

  private static List<Node> pods() {
    return List.of(
        Recipes.document(AGENT, "Deployment").node("spec.template.spec"),
        Recipes.document(JOINERS, "Job").node("spec.template.spec"));
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> cast(Map<?, ?> map) {
    return (Map<Object, Object>) map;
  }
}
