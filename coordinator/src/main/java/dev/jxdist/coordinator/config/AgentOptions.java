package dev.jxdist.coordinator.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agents a run uses ({@code --agents HOST:PORT*N,... --agent-token-file FILE}).
 *
 * @param agents the agents, in the order given; empty: none
 * @param tokenFile the agents' token file; present whenever agents are
 */
public record AgentOptions(List<AgentSpec> agents, Optional<Path> tokenFile) {

  /** No agents. */
  public static final AgentOptions NONE = new AgentOptions(List.of(), Optional.empty());

  public AgentOptions {
    agents = List.copyOf(agents);
    Objects.requireNonNull(tokenFile, "tokenFile");
    if (!agents.isEmpty() && tokenFile.isEmpty()) {
      throw new IllegalArgumentException("agents need a token file");
    }
  }

  /** Whether the run uses agents. */
  public boolean any() {
    return !agents.isEmpty();
  }
}
