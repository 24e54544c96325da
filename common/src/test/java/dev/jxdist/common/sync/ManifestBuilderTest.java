package dev.jxdist.common.sync;

import static dev.jxdist.common.sync.SyncFixtures.AN_HOUR_AGO;
import static dev.jxdist.common.sync.SyncFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestBuilderTest {

  @TempDir Path tmp;

  /** A built Maven-like project: classes under target/, a jar in a local repository, data. */
  static Path project(Path dir) throws IOException {
    write(dir.resolve("pom.xml"), "<project/>");
    write(dir.resolve("data/x.txt"), "data x");
    write(dir.resolve("data/nested/y.txt"), "data y");
    write(dir.resolve("run.sh"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(
        dir.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    write(dir.resolve("target/test-classes/fx/FooTest.class"), "foo test bytes");
    write(dir.resolve("target/test-classes/fx/data.txt"), "data x"); // same content as data/x.txt
    write(dir.resolve("target/classes/fx/Foo.class"), "foo bytes");
    write(dir.resolve("target/surefire-reports/TEST-fx.FooTest.xml"), "<testsuite/>");
    write(dir.resolve(".git/HEAD"), "ref: refs/heads/main");
    write(dir.resolve("app.log"), "noise");
    write(dir.resolve("repo/com/google/guava/guava-33.jar"), "pretend jar");
    return dir;
  }

  static List<Path> classpath(Path project) {
    return List.of(
        project.resolve("target/test-classes"),
        project.resolve("target/classes"),
        project.resolve("target/no-such-dir"),
        project.resolve("repo/com/google/guava/guava-33.jar"));
  }

  private static ManifestBuilder builder(HashCache cache, Path project) {
    return new ManifestBuilder(cache)
        .classpath(classpath(project))
        .project(project, ExcludeGlobs.of(List.of("target/**", ".git/**", "repo/**", "*.log")));
  }

  private static Map<String, Manifest.Entry> byPath(Manifest m) {
    return m.entries().stream().collect(Collectors.toMap(Manifest.Entry::path, e -> e));
  }

  @Test
  void namesClasspathRootsByPositionAndLeavesOutExcludedFiles() throws IOException {
    Path project = project(tmp.resolve("proj"));

    LocalManifest built = builder(HashCache.inMemory(), project).build();
    Manifest m = built.manifest();

    assertThat(m.classpath())
        .containsExactly("cp/001-test-classes", "cp/002-classes", "cp/004-guava-33.jar");
    assertThat(m.directories()).as("the project directory's own name").containsExactly("proj");
    assertThat(m.entries())
        .extracting(Manifest.Entry::path)
        .containsExactly(
            "cp/001-test-classes/fx/FooTest.class",
            "cp/001-test-classes/fx/data.txt",
            "cp/002-classes/fx/Foo.class",
            "cp/004-guava-33.jar",
            "proj/data/nested/y.txt",
            "proj/data/x.txt",
            "proj/pom.xml",
            "proj/run.sh");
    Map<String, Manifest.Entry> entries = byPath(m);
    assertThat(entries.get("proj/run.sh").executable()).isTrue();
    assertThat(entries.get("proj/pom.xml").executable()).isFalse();
    assertThat(entries.get("proj/data/x.txt").size()).isEqualTo(6);
    assertThat(entries.get("proj/data/x.txt").sha256())
        .isEqualTo(entries.get("cp/001-test-classes/fx/data.txt").sha256())
        .isEqualTo(ContentHash.of(project.resolve("data/x.txt")));
    assertThat(m.blobs()).hasSize(7);
    for (String blob : m.blobs()) {
      assertThat(ContentHash.of(built.source(blob).orElseThrow())).isEqualTo(blob);
    }
  }

  @Test
  void equalTreesInDifferentPlacesGiveByteEqualManifests() throws IOException {
    Path one = project(tmp.resolve("one/proj"));
    Path two = project(tmp.resolve("elsewhere/proj"));

    Manifest a = builder(HashCache.inMemory(), one).parallelism(1).build().manifest();
    Manifest b = builder(HashCache.inMemory(), two).parallelism(4).build().manifest();

    assertThat(b.toBytes()).isEqualTo(a.toBytes());
    assertThat(b.hash()).isEqualTo(a.hash());
    assertThat(Manifest.parse(a.toBytes())).isEqualTo(a);

    write(two.resolve("data/x.txt"), "data X");
    Manifest changed = builder(HashCache.inMemory(), two).build().manifest();
    assertThat(changed.hash()).isNotEqualTo(a.hash());
  }

  @Test
  void theProjectDirectoryTravelsUnderItsOwnNameUnlessItCannot() throws IOException {
    Path alpha = project(tmp.resolve("reactor/alpha"));
    Path cp = project(tmp.resolve("other/cp"));

    Manifest m = builder(HashCache.inMemory(), alpha).build().manifest();

    assertThat(m.directories()).containsExactly("alpha");
    assertThat(m.entries()).extracting(Manifest.Entry::path).contains("alpha/pom.xml");
    // "cp" is where the classpath lives: such a project travels as "project".
    assertThat(builder(HashCache.inMemory(), cp).build().manifest().directories())
        .containsExactly(Manifest.PROJECT);
    assertThat(Manifest.projectName(Path.of("/"))).isEqualTo(Manifest.PROJECT);
    assertThat(Manifest.projectName(Path.of("/x/two\nlines"))).isEqualTo(Manifest.PROJECT);
    assertThat(Manifest.projectName(Path.of("/x/with space"))).isEqualTo("with space");
  }

  @Test
  void onlyNewOrChangedFilesAreHashedAndDeletedFilesDropOut() throws IOException {
    Path project = project(tmp.resolve("proj"));
    HashCache cache = HashCache.load(tmp.resolve("cache/hashes"));
    Manifest first = builder(cache, project).build().manifest();
    long afterFirst = cache.filesHashed();
    assertThat(afterFirst).isEqualTo(first.entries().size());
    cache.save();

    HashCache reloaded = HashCache.load(tmp.resolve("cache/hashes"));
    Manifest second = builder(reloaded, project).build().manifest();
    assertThat(reloaded.filesHashed()).isZero();
    assertThat(second).isEqualTo(first);

    write(
        project.resolve("target/classes/fx/Foo.class"), "foo bytes v2", AN_HOUR_AGO.plusSeconds(9));
    Manifest third = builder(reloaded, project).build().manifest();
    assertThat(reloaded.filesHashed()).isEqualTo(1);
    assertThat(byPath(third).get("cp/002-classes/fx/Foo.class").sha256())
        .isNotEqualTo(byPath(first).get("cp/002-classes/fx/Foo.class").sha256());

    Files.delete(project.resolve("data/nested/y.txt"));
    Manifest fourth = builder(reloaded, project).build().manifest();
    assertThat(reloaded.filesHashed()).isEqualTo(1);
    assertThat(fourth.entries())
        .extracting(Manifest.Entry::path)
        .hasSize(first.entries().size() - 1)
        .doesNotContain("project/data/nested/y.txt");
  }

  @Test
  void defaultExcludesLeaveOutBuildOutputAtAnyDepth() throws IOException {
    Path project = project(tmp.resolve("proj"));
    write(project.resolve("module-a/target/classes/A.class"), "a");
    write(project.resolve("module-a/src/test/resources/r.txt"), "r");

    Manifest m =
        new ManifestBuilder(HashCache.inMemory())
            .project(project, ExcludeGlobs.of(ManifestBuilder.DEFAULT_PROJECT_EXCLUDES))
            .build()
            .manifest();

    assertThat(m.entries())
        .extracting(Manifest.Entry::path)
        .contains("proj/module-a/src/test/resources/r.txt", "proj/app.log")
        .noneMatch(p -> p.contains("/target/") || p.contains("/.git/"));
  }

  @Test
  void aMissingProjectDirectoryIsNamed() {
    Path missing = tmp.resolve("nope");
    assertThatThrownBy(
            () ->
                new ManifestBuilder(HashCache.inMemory())
                    .project(missing, ExcludeGlobs.none())
                    .build())
        .isInstanceOf(IOException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void anEmptyClassDirectoryIsStillARoot() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("classes"));
    Manifest m =
        new ManifestBuilder(HashCache.inMemory()).classpath(List.of(empty)).build().manifest();
    assertThat(m.classpath()).containsExactly("cp/001-classes");
    assertThat(m.entries()).isEmpty();
  }

  @Test
  void snapshotsHoldWhatWasHashedWhileAFileIsBeingAppendedTo() throws Exception {
    Path project = project(tmp.resolve("proj"));
    Path log = project.resolve("run.log");
    BlobStore local = new BlobStore(tmp.resolve("local-store"));
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread writer =
        new Thread(
            () -> {
              try (var out = Files.newOutputStream(log)) {
                while (!stop.get()) {
                  out.write(
                      "a line of a log being written\n"
                          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                  out.flush();
                }
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    writer.start();
    try {
      while (!Files.exists(log) || Files.size(log) < 100_000) {
        Thread.sleep(5);
      }
      for (int i = 0; i < 3; i++) {
        LocalManifest m =
            new ManifestBuilder(HashCache.inMemory())
                .snapshots(local)
                .directory(
                    Manifest.PROJECT,
                    project,
                    List.of("run.log", "data", "pom.xml"),
                    ExcludeGlobs.none())
                .build();
        Manifest.Entry entry = byPath(m.manifest()).get("project/run.log");
        Path source = m.source(entry.sha256()).orElseThrow();
        assertThat(source).isEqualTo(local.path(entry.sha256()));
        assertThat(ContentHash.of(source)).isEqualTo(entry.sha256());
        assertThat(Files.size(source)).isEqualTo(entry.size());
        assertThat(byPath(m.manifest()).keySet())
            .containsExactlyInAnyOrder(
                "project/run.log",
                "project/data/x.txt",
                "project/data/nested/y.txt",
                "project/pom.xml");
      }
    } finally {
      stop.set(true);
      writer.join();
    }
  }
}
