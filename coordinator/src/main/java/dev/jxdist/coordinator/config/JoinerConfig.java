package dev.jxdist.coordinator.config;

import dev.jxdist.common.wire.CertificatePin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code jxdist worker}: a machine that joins a run and starts its workers there.
 *
 * @param coordinator the coordinator's address ({@code jxdist run --listen})
 * @param tokenFile the file that holds the run's secret (a copy of the coordinator's)
 * @param coordinatorPin the coordinator's certificate, the only one this machine accepts, if given
 *     ({@code --coordinator-cert-sha256}); else the token file's pin line says it
 * @param cache the blob store and session directories on this machine
 * @param java the java that runs the workers
 * @param name what reports call this machine
 * @param connectTimeout how long to keep trying to reach the coordinator
 */
public record JoinerConfig(
    HostPort coordinator,
    Path tokenFile,
    Optional<CertificatePin> coordinatorPin,
    Path cache,
    Path java,
    String name,
    Duration connectTimeout) {

  public JoinerConfig {
    Objects.requireNonNull(coordinator, "coordinator");
    Objects.requireNonNull(tokenFile, "tokenFile");
    Objects.requireNonNull(coordinatorPin, "coordinatorPin");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(java, "java");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (name.isBlank()) {
      throw new IllegalArgumentException("the joiner's name is blank");
    }
  }
}
