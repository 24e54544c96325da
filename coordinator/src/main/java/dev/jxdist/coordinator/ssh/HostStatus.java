package dev.jxdist.coordinator.ssh;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link HostCheck} found on one host.
 *
 * @param host the host as the host list names it
 * @param reachable whether SSH connected and logged in
 * @param javaVersion the remote Java's version ({@code 17.0.15}), empty if unknown
 * @param cores the host's online processors, 0 if unknown
 * @param freeDiskBytes free space in the cache directory's file system, -1 if unknown
 * @param storeBytes the size of the blob store ({@code <cache>/blobs}), 0 if absent, -1 if unknown
 * @param failure why the host cannot run workers; empty if it can
 */
public record HostStatus(
    String host,
    boolean reachable,
    Optional<String> javaVersion,
    int cores,
    long freeDiskBytes,
    long storeBytes,
    Optional<String> failure) {

  public HostStatus {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(javaVersion, "javaVersion");
    Objects.requireNonNull(failure, "failure");
  }

  /** A host that cannot be used, and why. */
  static HostStatus failed(String host, boolean reachable, String reason) {
    return new HostStatus(host, reachable, Optional.empty(), 0, -1, -1, Optional.of(reason));
  }

  /** True if workers can run there. */
  public boolean usable() {
    return failure.isEmpty();
  }
}
