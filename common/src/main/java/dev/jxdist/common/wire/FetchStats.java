package dev.jxdist.common.wire;

/**
 * What bringing one manifest's blobs into a joiner's store took.
 *
 * @param files files in the manifest
 * @param blobsFetched blobs the store lacked and fetched
 * @param bytesFetched bytes fetched
 * @param durationMs milliseconds from asking what was missing to the last blob stored
 */
public record FetchStats(int files, int blobsFetched, long bytesFetched, long durationMs) {}
