package dev.jxdist.coordinator.sync;

import java.util.Locale;

/**
 * Turns what went wrong while syncing to a host into the one-line reason a user reads, without the
 * host name: {@code disk full while syncing (No space left on device); ...}.
 */
final class SyncFailures {

  private SyncFailures() {}

  /** Why a script that creates or writes files in the store at {@code root} failed. */
  static String ofScript(String what, String root, String errorLine) {
    String lower = errorLine.toLowerCase(Locale.ROOT);
    if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
      return diskFull(root);
    }
    if (lower.contains("permission denied") || lower.contains("read-only file system")) {
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

  /**
   * Why an upload failed: the disk is full if the host reports less free space than the sync
   * still needs ({@code neededBytes}), else the SFTP error (an SFTP server reports a full disk only
   * as a general failure).
   */
  static String ofUpload(
      String localFile, String remotePath, long neededBytes, long freeBytes, String error) {
    if (freeBytes >= 0 && freeBytes < neededBytes + 64 * 1024) {
      return diskFull(remotePath.substring(0, Math.max(1, remotePath.indexOf("/blobs/"))));
    }
    return "upload of " + localFile + " to " + remotePath + " failed (" + error + ")";
  }
}
