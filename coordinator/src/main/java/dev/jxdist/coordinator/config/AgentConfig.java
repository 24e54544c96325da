package dev.jxdist.coordinator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One {@code jxdist agent}: a worker daemon that runs workers for the runs it is offered.
 *
 * @param listen where it serves coordinators
 * @param tokenFile the agent's token file: coordinators prove they hold a copy
 * @param slots how many worker JVMs it runs at once, over all runs
 * @param cache its blob store and session directories
 * @param cacheMax the store's size past which least recently used blobs are evicted, if limited
 * @param drainGrace how long running workers may finish once it is told to stop
 * @param java the java that runs the workers
 * @param name what reports call its machine
 */
public record AgentConfig(
    HostPort listen,
    Path tokenFile,
    int slots,
    Path cache,
    OptionalLong cacheMax,
    Duration drainGrace,
    Path java,
    String name) {

  public AgentConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(tokenFile, "tokenFile");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(cacheMax, "cacheMax");
    Objects.requireNonNull(drainGrace, "drainGrace");
    Objects.requireNonNull(java, "java");
    Objects.requireNonNull(name, "name");
    if (slots < 1) {
      throw new IllegalArgumentException("an agent needs at least 1 slot, got " + slots);
    }
  }
}
