package dev.jxdist.coordinator.join;

import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.AgentSpec;
import dev.jxdist.proto.v1.AgentGranted;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The agents of one run ({@code --agents}): each asked for its slots at once, before the run
 * starts, so that the run knows how many workers it has; once the run listens, each is told where
 * to join it. The slots they granted are join places (see {@link JoinProvisioner}); their joiners
 * come in like any other. An agent that cannot be reached, does not prove the agent token or has no
 * free slot is named on the console and left out. {@link #close} ends every session: the agents
 * reap whatever of the run is left on them.
 */
public final class AgentPlaces implements AutoCloseable {

  private record Held(AgentLink link, int slots, String name) {}

  private final List<Held> held;

  private AgentPlaces(List<Held> held) {
    this.held = List.copyOf(held);
  }

  /** Asks every agent in {@code agents} for its slots for run {@code runId}, in parallel. */
  public static AgentPlaces reserve(
      List<AgentSpec> agents, RunToken agentToken, String runId, PrintStream err) {
    List<CompletableFuture<Held>> asks = new ArrayList<>();
    for (AgentSpec spec : agents) {
      asks.add(
          CompletableFuture.supplyAsync(
              () -> {
                AgentLink link = null;
                try {
                  link = AgentLink.open(spec.address(), agentToken);
                  int wanted = spec.slots().orElse(0);
                  AgentGranted granted = link.reserve(runId, wanted);
                  if (granted.getSlots() == 0) {
                    err.println(
                        "jxdist: agent "
                            + spec.address()
                            + " has no slot for this run ("
                            + granted.getReason()
                            + ")");
                    link.close();
                    return null;
                  }
                  if (wanted > 0 && granted.getSlots() < wanted) {
                    err.println(
                        "jxdist: agent "
                            + spec.address()
                            + " granted "
                            + granted.getSlots()
                            + " of "
                            + wanted
                            + " slots ("
                            + granted.getReason()
                            + ")");
                  }
                  String name =
                      granted.getName().isBlank() ? spec.address().toString() : granted.getName();
                  return new Held(link, granted.getSlots(), name);
                } catch (AgentLink.AgentException e) {
                  err.println("jxdist: agent " + e.getMessage());
                  return null;
                } catch (RuntimeException e) {
                  if (link != null) {
                    link.close();
                  }
                  err.println("jxdist: agent " + spec.address() + " cannot be used: " + e);
                  return null;
                }
              },
              r -> {
                Thread t = new Thread(r, "agent-" + spec.address());
                t.setDaemon(true);
                t.start();
              }));
    }
    List<Held> held = new ArrayList<>();
    for (CompletableFuture<Held> ask : asks) {
      Held h = ask.join();
      if (h != null) {
        held.add(h);
      }
    }
    return new AgentPlaces(held);
  }

  /** The slots the agents granted, all together. */
  public int slots() {
    return held.stream().mapToInt(Held::slots).sum();
  }

  /** How many agents granted slots. */
  public int agents() {
    return held.size();
  }

  /**
   * Tells every agent to join the run at {@code host} (empty: the address its session comes from)
   * and {@code port}.
   */
  public void offer(String host, int port, RunToken runToken, CertificatePin pin) {
    held.forEach(h -> h.link().offer(host, port, runToken, pin));
  }

  /** Ends every session. Idempotent. */
  @Override
  public void close() {
    held.forEach(h -> h.link().close());
  }
}
