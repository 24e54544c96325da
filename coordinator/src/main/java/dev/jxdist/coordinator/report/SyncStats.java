package dev.jxdist.coordinator.report;

/**
 * What code sync did for one host.
 *
 * @param files files in the manifest
 * @param filesUploaded files the host lacked and got
 * @param bytesUploaded bytes sent
 * @param seconds how long the sync took
 */
public record SyncStats(int files, int filesUploaded, long bytesUploaded, double seconds) {

  /** A host that needs no sync (local workers read the files where they are). */
  public static final SyncStats NONE = new SyncStats(0, 0, 0, 0.0);
}
