package dev.jxdist.common.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

  @TempDir Path tmp;

  @Test
  void deletesATreeButNotWhatALinkInItPointsTo() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("keep.txt"), "kept");
    Path tree = Files.createDirectories(tmp.resolve("tree/a/b"));
    Files.writeString(tree.resolve("f.txt"), "x");
    Files.createSymbolicLink(tmp.resolve("tree/a/link"), outside);

    FileTrees.delete(tmp.resolve("tree"));

    assertThat(tmp.resolve("tree")).doesNotExist();
    assertThat(outside.resolve("keep.txt")).hasContent("kept");
  }

  @Test
  void aMissingTreeIsNoError() throws IOException {
    FileTrees.delete(tmp.resolve("never"));
    assertThat(FileTrees.deleteQuietly(tmp.resolve("never"))).isTrue();
  }
}
