package dev.jxdist.coordinator.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {

  @TempDir Path dir;

  Path jar() throws IOException {
    Path jar = dir.resolve("jxdist-worker.jar");
    if (!Files.exists(jar)) {
      Files.writeString(jar, "not really a jar");
    }
    return jar;
  }

  static String pendingOf(List<String> args) {
    return args.get(0).substring("-XX:ArchiveClassesAtExit=".length());
  }

  @Test
  void onlyTheCreatorWritesAndTheArchiveIsPublishedWhenItExitedNormally() throws IOException {
    ClassDataArchive cds =
        ClassDataArchive.forWorker(jar(), dir.resolve("cds"), "run1", List.of()).orElseThrow();

    List<String> creator = cds.jvmArgs(true);
    assertThat(creator.get(0)).startsWith("-XX:ArchiveClassesAtExit=");
    assertThat(cds.jvmArgs(false)).isEmpty();

    Files.writeString(Path.of(pendingOf(creator)), "archive bytes");
    cds.publish(true);

    assertThat(cds.path()).hasContent("archive bytes");
    assertThat(cds.jvmArgs(false))
        .containsExactly("-XX:SharedArchiveFile=" + cds.path(), "-Xlog:cds=off,cds+dynamic=off");
  }

  @Test
  void anArchiveFromACrashedCreatorIsThrownAway() throws IOException {
    ClassDataArchive cds =
        ClassDataArchive.forWorker(jar(), dir.resolve("cds"), "run2", List.of()).orElseThrow();
    Path pending = Path.of(pendingOf(cds.jvmArgs(true)));
    Files.writeString(pending, "half an archive");

    cds.publish(false);

    assertThat(pending).doesNotExist();
    assertThat(cds.path()).doesNotExist();
  }

  @Test
  void aRebuiltJarGetsAnArchiveOfItsOwn() throws IOException {
    Path jar = jar();
    Path before = ClassDataArchive.forWorker(jar, dir, "r", List.of()).orElseThrow().path();
    Files.setLastModifiedTime(
        jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));
    Path after = ClassDataArchive.forWorker(jar, dir, "r", List.of()).orElseThrow().path();

    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void publishingTheArchiveOfARebuiltJarRemovesTheEarlierBuildsOnly() throws IOException {
    Path cacheDir = dir.resolve("cds");
    ClassDataArchive first = ClassDataArchive.forWorker(jar(), cacheDir, "r1", List.of()).get();
    Files.writeString(Path.of(pendingOf(first.jvmArgs(true))), "first build");
    first.publish(true);
    Path otherJar = Files.writeString(dir.resolve("other-worker.jar"), "another installation");
    ClassDataArchive other = ClassDataArchive.forWorker(otherJar, cacheDir, "r2", List.of()).get();
    Files.writeString(Path.of(pendingOf(other.jvmArgs(true))), "another installation's");
    other.publish(true);

    Files.setLastModifiedTime(
        jar(), FileTime.fromMillis(Files.getLastModifiedTime(jar()).toMillis() + 5_000));
    ClassDataArchive rebuilt = ClassDataArchive.forWorker(jar(), cacheDir, "r3", List.of()).get();
    Files.writeString(Path.of(pendingOf(rebuilt.jvmArgs(true))), "rebuilt");
    rebuilt.publish(true);

    assertThat(first.path()).doesNotExist();
    assertThat(rebuilt.path()).hasContent("rebuilt");
    assertThat(other.path()).as("another jar's archive").hasContent("another installation's");
  }

  @Test
  void aSuiteThatChoosesItsOwnSharingIsLeftAlone() throws IOException {
    assertThat(ClassDataArchive.forWorker(jar(), dir, "r", List.of("-Xshare:off"))).isEmpty();
    assertThat(ClassDataArchive.forWorker(jar(), dir, "r", List.of("-XX:SharedArchiveFile=/x.jsa")))
        .isEmpty();
  }
}
