package dev.jxdist.coordinator.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The SSH hosts a run's workers go to, and how to reach and use them.
 *
 * @param hosts the host list, in its order
 * @param ssh keys, known_hosts and SSH config
 * @param remoteJava the java command on the hosts
 * @param remoteCache the blob store directory on the hosts ({@code ~} is the login's home)
 * @param advertise the address the hosts' workers dial instead of the one their SSH connection came
 *     from ({@code --advertise})
 * @param tunnel workers dial back through a port the SSH connection forwards ({@code --tunnel})
 * @param requireAll a host that cannot be used ends the run ({@code --require-all-hosts})
 */
public record RemoteHosts(
    List<HostSpec> hosts,
    SshOptions ssh,
    String remoteJava,
    String remoteCache,
    Optional<HostPort> advertise,
    boolean tunnel,
    boolean requireAll) {

  public RemoteHosts {
    hosts = List.copyOf(hosts);
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("a host list needs at least one host");
    }
    Objects.requireNonNull(ssh, "ssh");
    Objects.requireNonNull(remoteJava, "remoteJava");
    Objects.requireNonNull(remoteCache, "remoteCache");
    Objects.requireNonNull(advertise, "advertise");
    if (tunnel && advertise.isPresent()) {
      throw new IllegalArgumentException("--tunnel and --advertise exclude each other");
    }
  }
}
