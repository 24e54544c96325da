package dev.jxdist.coordinator.report;

import java.util.List;

/**
 * Hears how the SSH hosts of a run are prepared (connected, synced, laid out) while it happens.
 * Called from the threads that prepare the hosts, several at once: implementations must be
 * thread-safe, return quickly and not block.
 */
public interface SyncListener {

  /** A listener that ignores everything. */
  SyncListener NONE = new SyncListener() {};

  /** These hosts are about to be prepared, in host-list order. */
  default void hostsPreparing(List<String> hosts) {}

  /**
   * An upload to {@code host} has sent {@code filesDone} of the {@code filesTotal} files it lacks,
   * {@code bytesDone} of {@code bytesTotal} bytes. Called when it starts (0 done) and as it goes.
   */
  default void uploading(
      String host, int filesDone, int filesTotal, long bytesDone, long bytesTotal) {}

  /** {@code host} is ready; its syncs moved {@code stats}. */
  default void hostReady(String host, SyncStats stats) {}

  /** {@code host} could not be prepared; the reason is reported elsewhere. */
  default void hostFailed(String host) {}
}
