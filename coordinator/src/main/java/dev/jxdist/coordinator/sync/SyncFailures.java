package dev.jxdist.coordinator.sync;

import dev.jxdist.coordinator.ssh.ExecResult;
import java.util.Locale;

/**
 * Turns what went wrong while syncing to a host into the one-line reason a user reads, without the
 * host name: {@code disk full while syncing (No space left on device); ...}.
 */
final class SyncFailures {

  private SyncFailures() {}

  /**
   * Why a script that creates or writes files in the store at {@code root} failed, from all it
   * wrote: a full disk may show first as another error (tar's {@code Wrote only 2560 of 10240
   * bytes}: a short write) and only later as {@code No space left on device}.
   */
  static String ofScript(String what, String root, ExecResult result) {
    String all = (result.stderr() + "\n" + result.stdout()).toLowerCase(Locale.ROOT);
    if (all.contains("no space left on device")
        || all.contains("disk quota exceeded")
        || (all.contains("tar: ") && all.contains(": wrote only "))) {
      return diskFull(root);
    }
    String errorLine = result.firstErrorLine();
    if (all.contains("permission denied") || all.contains("read-only file system")) {
      return "cannot write the cache directory "
          + root
          + " ("
          + errorLine
          + "); make it writable or pass --remote-cache";
    }
    return what + " failed (" + errorLine + ")";
  }

  /** The reason for a full disk under {@code root}. */
  static String diskFull(String root) {
    return "disk full while syncing (No space left on device); free space in "
        + root
        + " or pass --remote-cache";
  }
}
