package dev.jxdist.coordinator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.ssh.ExecResult;
import org.junit.jupiter.api.Test;

class SyncFailuresTest {

  private static final String DISK_FULL =
      "disk full while syncing (No space left on device); free space in"
          + " /home/ci/.cache/jxdist or pass --remote-cache";

  @Test
  void aFullDiskIsNamedAsSuch() {
    assertThat(
            SyncFailures.ofScript(
                "writing the manifest",
                "/home/ci/.cache/jxdist",
                failed("cat: write error: No space left on device")))
        .isEqualTo(DISK_FULL);
  }

  @Test
  void aFullDiskIsNamedAsSuchWhenTarFirstReportsAShortWrite() {
    assertThat(
            SyncFailures.ofScript(
                "uploading",
                "/home/ci/.cache/jxdist",
                failed(
                    "tar: 14/14ea: Wrote only 6656 of 10240 bytes\n"
                        + "tar: 3f/3f0c: Cannot write: No space left on device\n"
                        + "tar: Exiting with failure status due to previous errors")))
        .isEqualTo(DISK_FULL);
    // The last blob alone may hit the limit: then a short write is all tar says.
    assertThat(
            SyncFailures.ofScript(
                "uploading",
                "/home/ci/.cache/jxdist",
                failed("tar: 14/14ea: Wrote only 6656 of 10240 bytes")))
        .isEqualTo(DISK_FULL);
  }

  @Test
  void anUnwritableCacheSaysWhatToDo() {
    assertThat(
            SyncFailures.ofScript(
                "checking the cache",
                "/opt/c",
                failed("mkdir: cannot create directory: Permission denied")))
        .startsWith("cannot write the cache directory /opt/c (mkdir:")
        .endsWith("make it writable or pass --remote-cache");
  }

  @Test
  void anyOtherScriptFailureKeepsItsFirstLine() {
    assertThat(SyncFailures.ofScript("checking the cache", "/c", failed("sh: 1: oops\nmore")))
        .isEqualTo("checking the cache failed (sh: 1: oops)");
  }

  private static ExecResult failed(String stderr) {
    return new ExecResult(3, "", stderr);
  }
}
