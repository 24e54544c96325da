package dev.jxdist.coordinator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.sync.BlobStore;
import dev.jxdist.common.sync.ContentHash;
import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.config.UploadRules;
import dev.jxdist.coordinator.testing.TestSuites;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshots of what a run sends, in this machine's real blob store. */
class SuiteManifestsTest {

  @TempDir Path tmp;

  @Test
  void aBuildMarksItsSnapshotsUsedAndDeletesThoseNoRunUsedFor30Days() throws Exception {
    Path classes = Files.createDirectories(tmp.resolve("test-classes/fx"));
    Files.writeString(classes.resolve("ATest.class"), "class A");
    Path workerJar = Files.writeString(tmp.resolve("jxdist-worker.jar"), "worker");
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("data.txt"), "read by a test");
    SuiteSpec suite =
        TestSuites.of(
            "s", List.of(classes.getParent()), classes.getParent(), project, Optional.empty());
    Path cache = tmp.resolve("cache");
    BlobStore store = new BlobStore(cache);
    LocalManifest first =
        SuiteManifests.build(List.of(suite), workerJar, cache, UploadRules.NONE).get("s");
    // Forty days on: this suite's snapshots and one of a file no run sends any more are that old.
    FileTime fortyDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(40)));
    byte[] gone = "a class since deleted".getBytes(StandardCharsets.UTF_8);
    store.put(ContentHash.of(gone), new ByteArrayInputStream(gone));
    Files.setLastModifiedTime(store.path(ContentHash.of(gone)), fortyDaysAgo);
    for (String hash : first.manifest().blobs()) {
      Files.setLastModifiedTime(store.path(hash), fortyDaysAgo);
    }
    Instant before = Instant.now().minusSeconds(2);

    LocalManifest again =
        SuiteManifests.build(List.of(suite), workerJar, cache, UploadRules.NONE).get("s");

    assertThat(again.manifest().blobs()).isEqualTo(first.manifest().blobs());
    assertThat(store.missing(again.manifest().blobs())).isEmpty();
    for (String hash : again.manifest().blobs()) {
      assertThat(Files.getLastModifiedTime(store.path(hash)).toInstant()).isAfter(before);
    }
    assertThat(store.has(ContentHash.of(gone))).isFalse();
  }
}
