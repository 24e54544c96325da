package dev.jxdist.deploy.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deploy/container/Dockerfile (there is no container engine on the build machines, so it is read,
 * not built): a Java 17 image that unpacks the distribution the build packs, runs as a user that is
 * not root, keeps the store on a volume, and starts the launcher under an init that passes SIGTERM
 * on, an agent by default.
 */
class ContainerRecipeTest {

  private final Dockerfile dockerfile = Dockerfile.parse(Recipes.text("container/Dockerfile"));

  @Test
  void unpacksTheDistributionOnJava17() {
    assertThat(dockerfile.all("FROM")).hasSize(1);
    assertThat(dockerfile.last("FROM").arguments()).matches("eclipse-temurin:17-jre.*");
    // The build's tarball, as deploy/src/assembly/dist.xml names it.
    assertThat(dockerfile.last("ADD").arguments())
        .isEqualTo("jxdist-${JXDIST_VERSION}.tar.gz /opt/");
    assertThat(dockerfile.last("ARG").arguments()).isEqualTo("JXDIST_VERSION=" + Recipes.version());
  }

  @Test
  void runsAsAUserThatIsNotRoot() {
    String user = dockerfile.last("USER").arguments().split(":")[0];
    assertThat(user).isNotIn("root", "0");
    assertThat(dockerfile.last("RUN").line())
        .as("nothing runs as root after USER")
        .isLessThan(dockerfile.last("USER").line());
    assertThat(dockerfile.all("RUN").get(0).arguments())
        .contains("--uid " + user)
        .contains("install -d -o " + user);
  }

  @Test
  void keepsTheStoreAndTheHomeOnTheVolume() {
    String volume = dockerfile.last("VOLUME").arguments();
    RecipeCommand agent = imageDefault();
    assertThat(agent.subcommand()).isEqualTo("agent");
    assertThat(agent.value("--cache")).startsWith(volume + "/");
    assertThat(dockerfile.last("ENV").arguments())
        .contains("HOME=" + volume)
        .contains("XDG_CACHE_HOME=" + volume + "/");
    assertThat(dockerfile.last("VOLUME").line())
        .as("the volume declared after its directories are made, so it starts with their owner")
        .isGreaterThan(dockerfile.all("RUN").get(0).line());
  }

  @Test
  void startsTheLauncherUnderAnInitThatPassesSignalsOn() {
    List<String> entrypoint = dockerfile.last("ENTRYPOINT").execForm();
    assertThat(entrypoint).containsExactly("/usr/bin/tini", "--", RecipeCommands.IMAGE_LAUNCHER);
    assertThat(dockerfile.all("RUN").get(0).arguments())
        .contains("install -y --no-install-recommends tini");
    String port = imageDefault().value("--listen").split(":")[1];
    assertThat(dockerfile.last("EXPOSE").arguments()).isEqualTo(port);
  }

  private RecipeCommand imageDefault() {
    return new RecipeCommand("container/Dockerfile", 0, dockerfile.last("CMD").execForm());
  }
}
