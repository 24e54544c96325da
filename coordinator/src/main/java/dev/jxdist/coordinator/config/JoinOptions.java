package dev.jxdist.coordinator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How workers started elsewhere reach the run ({@code jxdist run --join N --listen ADDR:PORT
 * --token-file FILE}).
 *
 * @param places how many workers the run expects from joiners (0: none; joiners are still welcome
 *     if the run listens, but get no work)
 * @param listen where the coordinator's gRPC server binds, if not on a free port of its own choice
 * @param tokenFile the file that holds the run's secret (created if it does not exist), if the
 *     secret is not to be a fresh random one that only the coordinator's own workers learn
 * @param timeout how long a join place may wait for a joiner before it counts as a worker that
 *     could not be started
 * @param agents the agents ({@code jxdist agent}) the run asks for slots, whose joiners come in
 *     besides the {@code places}
 */
public record JoinOptions(
    int places,
    Optional<HostPort> listen,
    Optional<Path> tokenFile,
    Duration timeout,
    AgentOptions agents) {

  /** How long a join place waits for a joiner unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  /** No joiners, a server on a free port, a random token. */
  public static final JoinOptions NONE =
      new JoinOptions(0, Optional.empty(), Optional.empty(), DEFAULT_TIMEOUT, AgentOptions.NONE);

  public JoinOptions {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(tokenFile, "tokenFile");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(agents, "agents");
    if (places < 0) {
      throw new IllegalArgumentException("join places must be at least 0, got " + places);
    }
    if (places > 0 && (listen.isEmpty() || tokenFile.isEmpty())) {
      throw new IllegalArgumentException("join places need a listen address and a token file");
    }
  }
}
