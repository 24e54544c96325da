package dev.jxdist.coordinator.run;

import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.HostPort;
import dev.jxdist.coordinator.config.JoinOptions;
import dev.jxdist.coordinator.config.RunConfig;
import dev.jxdist.coordinator.config.UsageException;
import dev.jxdist.coordinator.join.JoinProvisioner;
import dev.jxdist.coordinator.join.JoinService;
import dev.jxdist.coordinator.remote.CoordinatorServer;
import dev.jxdist.coordinator.remote.ServerIdentity;
import dev.jxdist.coordinator.remote.WorkerChannelService;
import dev.jxdist.coordinator.remote.WorkerConnections;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Where a run listens and what it tells the workers that dial it: the server's address (from {@code
 * --listen}, else chosen by who dials), its services, the address this machine's workers dial, and
 * the command a joiner is started with.
 */
final class RunServer {

  private RunServer() {}

  /**
   * Whether the run listens in plaintext on loopback ({@link
   * dev.jxdist.common.wire.CoordinatorTrust#loopback}): every worker is one it spawns on this
   * machine (no hosts, no joiners, no agents, nowhere given to listen) and nothing asks for a
   * certificate (no {@code --tls-cert}, no token file to write its pin into). Decided from the
   * command line alone, before anything is prepared, so that a bad {@code --tls-cert} or token file
   * stops the run at once.
   */
  static boolean plaintextOnLoopback(RunConfig config) {
    JoinOptions join = config.join();
    return config.hosts().isEmpty()
        && join.places() == 0
        && join.listen().isEmpty()
        && !join.agents().any()
        && join.tokenFile().isEmpty()
        && config.tls().isEmpty();
  }

  /**
   * The coordinator's gRPC server: in plaintext on loopback without an {@code identity} (every
   * worker is spawned on this machine); else over TLS, on {@code --listen}'s address if given, with
   * the join service for {@code joinPlaces}, or where {@link #defaultListenAddress} says.
   *
   * @throws UsageException naming {@code --listen} if it cannot listen there
   */
  static CoordinatorServer start(
      RunConfig config,
      Optional<ServerIdentity> tls,
      RunToken token,
      WorkerConnections connections,
      Optional<JoinProvisioner> joinPlaces) {
    WorkerChannelService workers = new WorkerChannelService(token, connections);
    if (tls.isEmpty()) {
      if (joinPlaces.isPresent()) {
        throw new IllegalStateException("joiners dial from elsewhere: the run needs TLS");
      }
      return CoordinatorServer.onLoopback(workers);
    }
    ServerIdentity identity = tls.get();
    Optional<HostPort> listen = config.join().listen();
    if (joinPlaces.isEmpty()) {
      return CoordinatorServer.start(defaultListenAddress(config), identity, workers);
    }
    if (listen.isEmpty()) {
      // Agents' joiners only: on every interface (each agent dials the address it was called
      // from), on a free port.
      return CoordinatorServer.start(
          new InetSocketAddress(0),
          identity,
          workers,
          new JoinService(token, identity.pin(), joinPlaces.get()));
    }
    InetSocketAddress bind = new InetSocketAddress(listen.get().host(), listen.get().port());
    if (bind.isUnresolved()) {
      throw new UsageException(
          "--listen "
              + listen.get()
              + ": "
              + listen.get().host()
              + " is not an address of this machine; give one of its addresses or 0.0.0.0");
    }
    try {
      return CoordinatorServer.start(
          bind, identity, workers, new JoinService(token, identity.pin(), joinPlaces.get()));
    } catch (UncheckedIOException e) {
      throw new UsageException(
          "--listen "
              + listen.get()
              + ": cannot listen there ("
              + e.getCause().getMessage()
              + "); give a free port on an address of this machine");
    }
  }

  /**
   * Where the coordinator listens without {@code --listen}: on loopback when only local workers (or
   * workers tunnelled through SSH) dial it; else on every interface, at the advertised port if
   * there is one.
   */
  private static InetSocketAddress defaultListenAddress(RunConfig config) {
    if (config.hosts().isEmpty() || config.hosts().get().tunnel()) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
    return new InetSocketAddress(config.hosts().get().advertise().map(HostPort::port).orElse(0));
  }

  /**
   * The host agents' joiners dial: {@code --listen}'s when it names one address; empty when the run
   * listens everywhere (each agent dials the address its session came from).
   */
  static String agentJoinHost(CoordinatorServer server) {
    InetAddress bound = server.address().getAddress();
    return bound == null || bound.isAnyLocalAddress() ? "" : bound.getHostAddress();
  }

  /** The address this machine's own workers dial: loopback when the server listens everywhere. */
  static String localTarget(CoordinatorServer server) {
    InetAddress bound = server.address().getAddress();
    InetAddress dial = bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound;
    return new HostPort(dial.getHostAddress(), server.port()).toString();
  }

  /** The command that starts a worker that joins this run, as a user types it. */
  static String joinCommand(RunConfig config, CoordinatorServer server) {
    String host = config.join().listen().map(HostPort::host).orElse("0.0.0.0");
    if (server.address().getAddress().isAnyLocalAddress()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "THIS-HOST";
      }
    }
    return "jxdist worker --coordinator "
        + new HostPort(host, server.port())
        + config.join().tokenFile().map(f -> " --token-file " + f).orElse("");
  }
}
