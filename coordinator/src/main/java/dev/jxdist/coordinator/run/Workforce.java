package dev.jxdist.coordinator.run;

import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.JoinOptions;
import dev.jxdist.coordinator.config.RunConfig;
import dev.jxdist.coordinator.join.AgentPlaces;
import dev.jxdist.coordinator.join.JoinProvisioner;
import dev.jxdist.coordinator.manager.HostPreparation;
import dev.jxdist.coordinator.manager.LocalWorkerProvisioner;
import dev.jxdist.coordinator.manager.Provisioner;
import dev.jxdist.coordinator.manager.RemoteHostProvisioner;
import dev.jxdist.coordinator.report.SyncListener;
import dev.jxdist.coordinator.report.SyncStats;
import dev.jxdist.coordinator.sync.SuiteManifests;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provisioners of one run, made ready before the session starts: local workers, the SSH hosts
 * that could be prepared (connected and synced, in parallel), and the join places when the run
 * listens for joiners. Until the {@link dev.jxdist.coordinator.manager.WorkerManager} takes them
 * over, {@link #close} closes them.
 */
final class Workforce implements AutoCloseable {

  private final LocalWorkerProvisioner local;
  private final List<RemoteHostProvisioner> hosts;
  private final JoinProvisioner join;
  private final AgentPlaces agents;
  private boolean handedOver;

  private Workforce(
      LocalWorkerProvisioner local,
      List<RemoteHostProvisioner> hosts,
      JoinProvisioner join,
      AgentPlaces agents) {
    this.local = local;
    this.hosts = List.copyOf(hosts);
    this.join = join;
    this.agents = agents;
  }

  /**
   * Prepares what {@code config} asks for. Empty, with the reason said on {@code err}, if the hosts
   * the run needs could not be used.
   *
   * @param logDir where local workers write their logs
   * @param listener hears how the hosts' syncs go
   */
  static Optional<Workforce> prepare(
      RunConfig config,
      String runId,
      Path logDir,
      SyncListener listener,
      PrintStream err,
      Clock clock,
      RunToken agentToken) {
    JoinOptions joinOptions = config.join();
    boolean remote = config.hosts().isPresent();
    boolean withAgents = joinOptions.agents().any();
    Map<String, LocalManifest> manifests =
        remote || joinOptions.places() > 0 || withAgents
            ? SuiteManifests.build(
                config.suites(),
                config.worker().workerJar(),
                config.worker().cacheDir(),
                config.upload())
            : Map.of();
    List<RemoteHostProvisioner> hosts =
        remote
            ? HostPreparation.prepare(
                config.hosts().get(),
                config.suites(),
                manifests,
                config.worker().workerJar(),
                runId,
                listener,
                err)
            : List.of();
    AgentPlaces agents =
        withAgents
            ? AgentPlaces.reserve(joinOptions.agents().agents(), agentToken, runId, err)
            : null;
    int agentSlots = agents == null ? 0 : agents.slots();
    if ((remote || withAgents)
        && hosts.isEmpty()
        && agentSlots == 0
        && config.workers() == 0
        && joinOptions.places() == 0) {
      err.println(
          "jxdist: no "
              + (remote && withAgents ? "host or agent" : remote ? "host" : "agent")
              + " could be used (each is named above with the reason)");
      if (agents != null) {
        agents.close();
      }
      return Optional.empty();
    }
    int badHosts = remote ? config.hosts().get().hosts().size() - hosts.size() : 0;
    if (badHosts > 0 && config.hosts().get().requireAll()) {
      hosts.forEach(RemoteHostProvisioner::close);
      if (agents != null) {
        agents.close();
      }
      err.println(
          "jxdist: "
              + badHosts
              + (badHosts == 1 ? " host" : " hosts")
              + " could not be used (named above) and --require-all-hosts is given: nothing ran");
      return Optional.empty();
    }
    // The places that exist: a host that could not be prepared offers none.
    int capacity =
        config.workers()
            + hosts.stream().mapToInt(RemoteHostProvisioner::capacity).sum()
            + joinOptions.places()
            + agentSlots;
    // Joiners are welcome wherever the run listens; with --join they also get work, and so do
    // the agents' joiners, one per slot granted.
    JoinProvisioner join =
        joinOptions.listen().isPresent() || agentSlots > 0
            ? new JoinProvisioner(
                joinOptions.places() + agentSlots,
                manifests,
                config.worker().workerJar(),
                runId,
                capacity,
                joinOptions.timeout(),
                clock)
            : null;
    LocalWorkerProvisioner local =
        new LocalWorkerProvisioner(config.worker(), logDir, runId, config.workers());
    return Optional.of(new Workforce(local, hosts, join, agents));
  }

  /** How many workers may run at once: the run's worker count. */
  int capacity() {
    return local.capacity()
        + hosts.stream().mapToInt(RemoteHostProvisioner::capacity).sum()
        + (join == null ? 0 : join.capacity());
  }

  /** The join places, when the run listens for joiners. */
  Optional<JoinProvisioner> join() {
    return Optional.ofNullable(join);
  }

  /**
   * Every provisioner, in the order the manager prefers among equals, handed over to it: {@link
   * #close} does nothing from now on.
   */
  List<Provisioner> handOver() {
    handedOver = true;
    List<Provisioner> all = new ArrayList<>();
    all.add(local);
    all.addAll(hosts);
    if (join != null) {
      all.add(join);
    }
    return all;
  }

  /** What moving the code took, by host or joiner name. */
  Map<String, SyncStats> syncStats() {
    Map<String, SyncStats> stats = new LinkedHashMap<>();
    if (join != null) {
      stats.putAll(join.syncStats());
    }
    hosts.forEach(h -> stats.put(h.name(), h.syncStats()));
    return stats;
  }

  /** The agents that granted slots, to be told where the run listens. */
  Optional<AgentPlaces> agents() {
    return Optional.ofNullable(agents).filter(a -> a.slots() > 0);
  }

  /**
   * Ends the agents' sessions (the run is over; they reap what is left of it) and closes the
   * provisioners if the manager did not take them. Idempotent.
   */
  @Override
  public void close() {
    if (agents != null) {
      agents.close();
    }
    if (handedOver) {
      return;
    }
    handedOver = true;
    hosts.forEach(RemoteHostProvisioner::close);
    if (join != null) {
      join.close();
    }
    local.close();
  }
}
