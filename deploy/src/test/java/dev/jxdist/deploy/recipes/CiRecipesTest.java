package dev.jxdist.deploy.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * deploy/ci: the shard fan-out for GitHub Actions and GitLab CI (N jobs, each {@code jxdist run
 * --shard I/N}, and a merge job that runs whatever the shards did and keeps the merged durations
 * history for the next split), and join mode for GitLab runners that reach each other.
 */
class CiRecipesTest {

  private static final String GITHUB = "ci/github-actions-shards.yml";
  private static final String GITLAB = "ci/gitlab-ci-shards.yml";
  private static final String GITLAB_JOIN = "ci/gitlab-ci-join.yml";

  @Test
  void githubRunsEveryShardOnceAndMergesThemWhateverHappened() {
    Node workflow = new Node(GITHUB, Recipes.yaml(GITHUB).get(0));
    List<String> shards = workflow.texts("jobs.shard.strategy.matrix.shard");
    String total = Integer.toString(shards.size());
    assertThat(shards)
        .as("shard numbers")
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, shards.size()).mapToObj(Integer::toString).toList());
    assertThat(workflow.text("jobs.shard.strategy.fail-fast")).isEqualTo("false");
    assertThat(command(GITHUB, "run").value("--shard"))
        .isEqualTo(RecipeCommands.SAMPLES.get("SHARD") + "/" + total);

    Node merge = workflow.node("jobs.merge");
    assertThat(merge.text("needs")).isEqualTo("shard");
    assertThat(merge.text("if")).isEqualTo("always()");
    RecipeCommand mergeReports = command(GITHUB, "merge-reports");
    Node download = step(merge, "actions/download-artifact@v4");
    assertThat(download.text("with.pattern")).isEqualTo("jxdist-shard-*");
    assertThat(mergeReports.args()).contains(download.text("with.path") + "/jxdist-shard-*");
    Node upload = step(workflow.node("jobs.shard"), "actions/upload-artifact@v4");
    assertThat(upload.text("with.name")).isEqualTo("jxdist-shard-${{ matrix.shard }}");
    assertThat(upload.text("with.path")).isEqualTo("shard-${{ matrix.shard }}/");
    assertThat(command(GITHUB, "run").value("--reports-dir"))
        .isEqualTo("shard-" + RecipeCommands.SAMPLES.get("SHARD"));
    assertThat(command(GITHUB, "run").has("--report-json")).isFalse();

    String history = mergeReports.value("--durations");
    assertThat(step(workflow.node("jobs.shard"), "actions/cache/restore@v4").text("with.path"))
        .isEqualTo(history);
    assertThat(step(merge, "actions/cache/save@v4").text("with.path")).isEqualTo(history);
    assertThat(history)
        .as("where a --project run reads its history")
        .isEqualTo(".jxdist/durations.json");
  }

  @Test
  void gitlabRunsEveryShardOnceAndMergesThemWhateverHappened() {
    Node pipeline = new Node(GITLAB, Recipes.yaml(GITLAB).get(0));
    assertThat(Integer.parseInt(pipeline.text("test.parallel"))).isGreaterThan(1);
    assertThat(command(GITLAB, "run").value("--shard"))
        .isEqualTo(
            RecipeCommands.SAMPLES.get("CI_NODE_INDEX")
                + "/"
                + RecipeCommands.SAMPLES.get("CI_NODE_TOTAL"));
    // Parallel jobs' artifacts are unpacked into one tree: each shard writes a folder of its own.
    assertThat(command(GITLAB, "run").value("--reports-dir"))
        .isEqualTo("shards/" + RecipeCommands.SAMPLES.get("CI_NODE_INDEX"));
    assertThat(command(GITLAB, "run").has("--report-json"))
        .as("a shard's report.json in its --reports-dir, where merge-reports reads it")
        .isFalse();
    assertThat(pipeline.texts("test.artifacts.paths")).containsExactly("shards/");
    assertThat(pipeline.text("test.artifacts.when")).isEqualTo("always");

    Node merge = pipeline.node("merge-reports");
    assertThat(merge.text("when")).isEqualTo("always");
    assertThat(merge.nodes("needs").get(0).text("job")).isEqualTo("test");
    assertThat(command(GITLAB, "merge-reports").args()).contains("shards/*");
    assertThat(merge.text("cache.key")).isEqualTo(pipeline.text("test.cache.key"));
    assertThat(pipeline.text("test.cache.policy")).isEqualTo("pull");
    assertThat(merge.text("cache.policy")).isEqualTo("pull-push");
    assertThat(command(GITLAB, "merge-reports").value("--durations"))
        .startsWith(merge.texts("cache.paths").get(0));
  }

  @Test
  void gitlabJoinModeWaitsForAsManyJoinersAsItStarts() {
    Node pipeline = new Node(GITLAB_JOIN, Recipes.yaml(GITLAB_JOIN).get(0));
    RecipeCommand run = command(GITLAB_JOIN, "run");
    RecipeCommand worker = command(GITLAB_JOIN, "worker");
    assertThat(run.value("--join")).isEqualTo(pipeline.text("join.parallel"));
    assertThat(pipeline.text("test.stage")).isEqualTo(pipeline.text("join.stage"));
    String coordinator = pipeline.text("variables.JXDIST_COORDINATOR");
    assertThat(worker.value("--coordinator"))
        .isEqualTo(RecipeCommands.SAMPLES.get("JXDIST_COORDINATOR"));
    assertThat(run.value("--listen").split(":")[1]).isEqualTo(coordinator.split(":")[1]);
    assertThat(worker.value("--token-file")).isEqualTo(run.value("--token-file"));
    Node template =
        new Node(GITLAB_JOIN + " .jxdist", (Map<?, ?>) pipeline.get(".jxdist").orElseThrow());
    assertThat(template.texts("before_script"))
        .contains("install -m 0600 \"$JXDIST_TOKEN\" " + run.value("--token-file"));
  }

  @Test
  void everyPipelineGetsTheBuildsVersion() {
    assertThat(new Node(GITHUB, Recipes.yaml(GITHUB).get(0)).text("env.JXDIST_VERSION"))
        .isEqualTo(Recipes.version());
    for (String recipe : List.of(GITLAB, GITLAB_JOIN)) {
      assertThat(new Node(recipe, Recipes.yaml(recipe).get(0)).text("variables.JXDIST_VERSION"))
          .isEqualTo(Recipes.version());
    }
  }

  private static Node step(Node job, String uses) {
    return job.nodes("steps").stream()
        .filter(s -> uses.equals(s.get("uses").orElse(null)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(job.where() + " has no step that uses " + uses));
  }

  private static RecipeCommand command(String recipe, String subcommand) {
    List<RecipeCommand> found =
        RecipeCommands.all().stream()
            .filter(c -> c.recipe().equals(recipe) && c.subcommand().equals(subcommand))
            .toList();
    assertThat(found).as(recipe + "'s jxdist " + subcommand + " commands").hasSize(1);
    return found.get(0);
  }
}
