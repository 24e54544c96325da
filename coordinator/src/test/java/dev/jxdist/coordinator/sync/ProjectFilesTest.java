package dev.jxdist.coordinator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.config.UploadRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectFilesTest {

  @TempDir Path tmp;

  /** A project with sources, data, a log, secrets, build output and ignore rules. */
  private static Path project(Path dir) throws IOException {
    write(dir.resolve("pom.xml"), "<project/>");
    write(dir.resolve("src/test/java/a/ATest.java"), "class ATest {}");
    write(dir.resolve("data/input.txt"), "input");
    write(dir.resolve("data/big.bin"), "big");
    write(dir.resolve("run.log"), "noise");
    write(dir.resolve("keep.log"), "kept");
    write(dir.resolve(".env"), "DB_PASSWORD=hunter2");
    write(dir.resolve("config/.env.local"), "API_KEY=x");
    write(dir.resolve("ci-token"), "0123456789abcdef0123456789abcdef");
    write(dir.resolve("agent-token"), "fedcba9876543210fedcba9876543210");
    write(dir.resolve("target/classes/a/A.class"), "bytes");
    write(dir.resolve("build/out.txt"), "ignored build output");
    write(dir.resolve("sub/.gitignore"), "*.tmp\n");
    write(dir.resolve("sub/x.tmp"), "ignored in sub");
    write(dir.resolve("sub/x.txt"), "kept in sub");
    write(dir.resolve(".gitignore"), "# build\nbuild/\n*.log\n!keep.log\n");
    return dir;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static final List<String> EXPECTED =
      List.of(
          ".gitignore",
          "data/input.txt",
          "keep.log",
          "pom.xml",
          "src/test/java/a/ATest.java",
          "sub/.gitignore",
          "sub/x.txt");

  private static UploadRules rules(Path project) {
    return new UploadRules(
        List.of("*.bin"), List.of(project.resolve("ci-token"), project.resolve("agent-token")));
  }

  @Test
  void withoutGitTheIgnoreFilesDecideAndSecretsTheTokensAndExcludesStayBehind() throws IOException {
    Path project = project(tmp.resolve("plain"));

    assertThat(ProjectFiles.of(project, rules(project))).containsExactlyElementsOf(EXPECTED);
  }

  @Test
  void inAGitWorkTreeWhatGitTracksOrWouldTrackTravels() throws Exception {
    Path project = project(tmp.resolve("repo"));
    git(project, "init", "-q");
    git(project, "add", "pom.xml", "src", ".gitignore");
    // Tracked, then deleted: it is not there to send.
    write(project.resolve("gone.txt"), "gone");
    git(project, "add", "gone.txt");
    Files.delete(project.resolve("gone.txt"));

    assertThat(ProjectFiles.gitFiles(project)).isPresent();
    assertThat(ProjectFiles.of(project, rules(project))).containsExactlyElementsOf(EXPECTED);
  }

  @Test
  void aProjectThatAnEnclosingWorkTreeIgnoresIsWalkedAsWithoutGit() throws Exception {
    Path outer = Files.createDirectories(tmp.resolve("outer"));
    git(outer, "init", "-q");
    write(outer.resolve(".gitignore"), "fixtures/\n");
    Path project = project(outer.resolve("fixtures/p"));

    assertThat(ProjectFiles.gitFiles(project)).isEmpty();
    assertThat(ProjectFiles.of(project, rules(project))).containsExactlyElementsOf(EXPECTED);
  }

  private static void git(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).inheritIO().start();
    assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
  }
}
