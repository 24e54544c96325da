package dev.jxdist.deploy.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionWorkspaceReaderTest {

  @TempDir Path lib;

  private DistributionWorkspaceReader reader() throws IOException {
    Path maven = Files.createDirectories(lib.resolve("maven"));
    Files.writeString(maven.resolve("jxdist-maven-plugin.jar"), "plugin");
    Files.writeString(maven.resolve("jxdist-maven-plugin.pom"), "<project/>");
    Files.writeString(lib.resolve("jxdist.jar"), "cli");
    Files.writeString(
        maven.resolve(DistributionWorkspaceReader.INDEX),
        "version=1.2.3\n"
            + "jxdist-maven-plugin.jar=jxdist-maven-plugin.jar\n"
            + "jxdist-maven-plugin.pom=jxdist-maven-plugin.pom\n"
            + "jxdist-cli.jar=../jxdist.jar\n"
            + "jxdist-worker.jar=../jxdist-worker.jar\n");
    return new DistributionWorkspaceReader(maven);
  }

  @Test
  void servesTheIndexedArtifactsOfItsVersion() throws IOException {
    DistributionWorkspaceReader reader = reader();

    assertThat(reader.findArtifact(new DefaultArtifact("dev.jxdist:jxdist-maven-plugin:1.2.3")))
        .isEqualTo(lib.resolve("maven/jxdist-maven-plugin.jar").toFile());
    assertThat(reader.findArtifact(new DefaultArtifact("dev.jxdist:jxdist-maven-plugin:pom:1.2.3")))
        .isEqualTo(lib.resolve("maven/jxdist-maven-plugin.pom").toFile());
    assertThat(reader.findArtifact(new DefaultArtifact("dev.jxdist:jxdist-cli:1.2.3")))
        .isEqualTo(lib.resolve("jxdist.jar").toFile());
    assertThat(reader.findVersions(new DefaultArtifact("dev.jxdist:jxdist-maven-plugin:9.9")))
        .containsExactly("1.2.3");
  }

  @Test
  void leavesEverythingElseToMaven() throws IOException {
    DistributionWorkspaceReader reader = reader();

    assertThat(reader.findArtifact(new DefaultArtifact("dev.jxdist:jxdist-maven-plugin:1.2.4")))
        .isNull();
    assertThat(reader.findArtifact(new DefaultArtifact("org.other:jxdist-maven-plugin:1.2.3")))
        .isNull();
    assertThat(
            reader.findArtifact(
                new DefaultArtifact("dev.jxdist:jxdist-maven-plugin:jar:sources:1.2.3")))
        .isNull();
    // Indexed, but the file is not there.
    assertThat(reader.findArtifact(new DefaultArtifact("dev.jxdist:jxdist-worker:1.2.3"))).isNull();
    assertThat(reader.findVersions(new DefaultArtifact("dev.jxdist:jxdist-worker:1.2.3")))
        .isEmpty();
  }

  @Test
  void aDirectoryWithoutIndexServesNothing() {
    DistributionWorkspaceReader reader = new DistributionWorkspaceReader(lib);

    assertThat(reader.findArtifact(new DefaultArtifact("dev.jxdist:jxdist-maven-plugin:1.2.3")))
        .isNull();
    assertThat(reader.getRepository().getContentType()).isEqualTo("jxdist-distribution");
  }
}
