package dev.jxdist.coordinator.config;

import dev.jxdist.coordinator.ssh.SshOptions;
import java.util.List;
import java.util.Objects;

/**
 * The SSH hosts a run's workers go to, and how to reach and use them.
 *
 * @param hosts the host list, in its order; each spec's worker count ({@code auto} counts 1 for
 *     now)
 * @param ssh keys, known_hosts and SSH config
 * @param remoteJava the java command on the hosts
 * @param remoteCache the blob store directory on the hosts ({@code ~} is the login's home)
 */
public record RemoteHosts(
    List<HostSpec> hosts, SshOptions ssh, String remoteJava, String remoteCache) {

  public RemoteHosts {
    hosts = List.copyOf(hosts);
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("a host list needs at least one host");
    }
    Objects.requireNonNull(ssh, "ssh");
    Objects.requireNonNull(remoteJava, "remoteJava");
    Objects.requireNonNull(remoteCache, "remoteCache");
  }
}
