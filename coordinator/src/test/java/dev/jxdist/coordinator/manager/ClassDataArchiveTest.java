package dev.jxdist.coordinator.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
  void aCacheKeepsTheArchivesUsedMostRecentlyAndNoneAKilledRunLeft() throws IOException {
    Path cacheDir = dir.resolve("cds");
    Instant now = Instant.now();
    List<ClassDataArchive> installs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      // Six installations (checkouts at other paths), the first used longest ago.
      Path jar = Files.writeString(dir.resolve("worker-" + i + ".jar"), "installation " + i);
      ClassDataArchive cds = ClassDataArchive.forWorker(jar, cacheDir, "r" + i, List.of()).get();
      Files.createDirectories(cacheDir);
      Files.writeString(cds.path(), "archive " + i); // as the run of an older jxdist left it
      Files.setLastModifiedTime(cds.path(), FileTime.from(now.minus(Duration.ofDays(10 - i))));
      installs.add(cds);
    }
    Path abandoned =
        Files.writeString(cacheDir.resolve("jxdist-worker-0-1.jsa.killed.tmp"), "half");
    Files.setLastModifiedTime(abandoned, FileTime.from(now.minus(Duration.ofDays(2))));
    Path writing = Files.writeString(cacheDir.resolve("jxdist-worker-0-1.jsa.running.tmp"), "");

    // A run of the installation used longest ago: its archive is used again, and kept.
    ClassDataArchive oldest =
        ClassDataArchive.forWorker(dir.resolve("worker-0.jar"), cacheDir, "r9", List.of()).get();
    assertThat(oldest.jvmArgs(false)).contains("-XX:SharedArchiveFile=" + oldest.path());
    oldest.publish(false);

    assertThat(oldest.path()).exists();
    assertThat(installs.get(1).path()).doesNotExist();
    assertThat(installs.get(2).path()).doesNotExist();
    for (ClassDataArchive kept : installs.subList(3, 6)) {
      assertThat(kept.path()).exists();
    }
    assertThat(abandoned).doesNotExist();
    assertThat(writing).exists();
  }

  @Test
  void aSuiteThatChoosesItsOwnSharingIsLeftAlone() throws IOException {
    assertThat(ClassDataArchive.forWorker(jar(), dir, "r", List.of("-Xshare:off"))).isEmpty();
    assertThat(ClassDataArchive.forWorker(jar(), dir, "r", List.of("-XX:SharedArchiveFile=/x.jsa")))
        .isEmpty();
  }
}
