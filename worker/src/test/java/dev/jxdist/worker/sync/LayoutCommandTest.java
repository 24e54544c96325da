package dev.jxdist.worker.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.sync.BlobStore;
import dev.jxdist.common.sync.ExcludeGlobs;
import dev.jxdist.common.sync.HashCache;
import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.common.sync.ManifestBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutCommandTest {

  @TempDir Path dir;

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(Path store, Path manifest, Path session) {
    return LayoutCommand.run(
        new String[] {store.toString(), manifest.toString(), session.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  LocalManifest manifest(Path classes, Path project) throws IOException {
    Files.createDirectories(classes.resolve("fx"));
    Files.writeString(classes.resolve("fx/A.class"), "not really a class");
    Files.createDirectories(project.resolve("data"));
    Files.writeString(project.resolve("data/x.txt"), "x");
    return new ManifestBuilder(HashCache.inMemory())
        .classpath(List.of(classes))
        .project(project, ExcludeGlobs.none())
        .build();
  }

  @Test
  void laysTheManifestOutAndPrintsTheClasspathAndTheProject() throws IOException {
    LocalManifest local = manifest(dir.resolve("classes"), dir.resolve("proj"));
    BlobStore store = new BlobStore(dir.resolve("store"));
    for (String hash : local.manifest().blobs()) {
      try (InputStream in = Files.newInputStream(local.source(hash).orElseThrow())) {
        store.put(hash, in);
      }
    }
    Path manifestFile = dir.resolve("manifest.txt");
    Files.write(manifestFile, local.manifest().toBytes());
    Path session = dir.resolve("session");

    int code = run(dir.resolve("store"), manifestFile, session);

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    Path classes = Path.of(lines.get(0).substring("classpath ".length()));
    Path project = Path.of(lines.get(1).substring("project ".length()));
    assertThat(classes.resolve("fx/A.class")).hasContent("not really a class");
    assertThat(project.resolve("data/x.txt")).hasContent("x");
    assertThat(classes).startsWith(session);
  }

  @Test
  void aMissingBlobIsExitThreeWithOneLine() throws IOException {
    LocalManifest local = manifest(dir.resolve("classes"), dir.resolve("proj"));
    Path manifestFile = dir.resolve("manifest.txt");
    Files.write(manifestFile, local.manifest().toBytes());

    int code = run(dir.resolve("empty-store"), manifestFile, dir.resolve("session"));

    assertThat(code).isEqualTo(3);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("is missing from the store")
        .hasLineCount(1);
    assertThat(out.size()).isZero();
  }

  @Test
  void wrongArgumentsAreExitTwo() {
    int code =
        LayoutCommand.run(
            new String[] {"only-one"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: LayoutCommand");
  }
}
