package dev.jxdist.coordinator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyncFailuresTest {

  @Test
  void aFullDiskIsNamedAsSuch() {
    assertThat(
            SyncFailures.ofScript(
                "writing the manifest",
                "/home/ci/.cache/jxdist",
                "cat: write error: No space left on device"))
        .isEqualTo(
            "disk full while syncing (No space left on device); free space in"
                + " /home/ci/.cache/jxdist or pass --remote-cache");
  }

  @Test
  void anUnwritableCacheSaysWhatToDo() {
    assertThat(
            SyncFailures.ofScript(
                "checking the cache", "/opt/c", "mkdir: cannot create directory: Permission denied"))
        .startsWith("cannot write the cache directory /opt/c (mkdir:")
        .endsWith("make it writable or pass --remote-cache");
  }

  @Test
  void anyOtherScriptFailureKeepsItsFirstLine() {
    assertThat(SyncFailures.ofScript("checking the cache", "/c", "sh: 1: oops"))
        .isEqualTo("checking the cache failed (sh: 1: oops)");
  }

  @Test
  void anUploadFailsForLackOfSpaceOnlyIfTheHostHasTooLittleFree() {
    String tmp = "/home/u/.cache/jxdist/blobs/ab/abcd.1.tmp";

    assertThat(SyncFailures.ofUpload("/l/a.jar", tmp, 5_000_000, 1_000_000, "Failure"))
        .startsWith("disk full while syncing (No space left on device); free space in"
            + " /home/u/.cache/jxdist ");
    assertThat(SyncFailures.ofUpload("/l/a.jar", tmp, 5_000_000, 50_000_000, "Failure"))
        .isEqualTo("upload of /l/a.jar to " + tmp + " failed (Failure)");
    assertThat(SyncFailures.ofUpload("/l/a.jar", tmp, 5_000_000, -1, "Failure"))
        .startsWith("upload of");
  }
}
