package dev.jxdist.maven.plugin;

import java.nio.file.Path;
import java.util.List;

/**
 * The SSH hosts the {@code test} goal runs workers on, and how it reaches them: the CLI's {@code
 * --hosts} and the options that go with it. Values are passed as given; the CLI checks them and
 * names the option of a bad one.
 *
 * @param hosts {@code --hosts}, {@code [user@]host[:port][*N|*auto]} separated by commas; null or
 *     blank for none
 * @param hostsFile {@code --hosts-file}, null for none
 * @param sshKeys {@code --ssh-key}, each; null for the CLI's default ({@code ~/.ssh/id_*})
 * @param knownHosts {@code --known-hosts}, null for {@code ~/.ssh/known_hosts}
 * @param acceptNew {@code --ssh-accept-new}
 * @param remoteJava {@code --remote-java}, null or blank for {@code java} on the hosts' PATH
 * @param remoteCache {@code --remote-cache}, null or blank for {@code ~/.cache/jxdist}
 * @param advertise {@code --advertise HOST:PORT}, null or blank for the address the SSH connection
 *     came from
 * @param tunnel {@code --tunnel}
 * @param requireAllHosts {@code --require-all-hosts}
 */
record HostArguments(
    String hosts,
    Path hostsFile,
    List<Path> sshKeys,
    Path knownHosts,
    boolean acceptNew,
    String remoteJava,
    String remoteCache,
    String advertise,
    boolean tunnel,
    boolean requireAllHosts) {

  /** A run on this machine alone. */
  static final HostArguments NONE =
      new HostArguments(null, null, null, null, false, null, null, null, false, false);

  HostArguments {
    sshKeys = sshKeys == null ? List.of() : List.copyOf(sshKeys);
  }

  /** The options, appended to {@code args}. */
  void addTo(List<String> args) {
    RunArguments.valued(args, "--hosts", hosts);
    path(args, "--hosts-file", hostsFile);
    sshKeys.forEach(key -> path(args, "--ssh-key", key));
    path(args, "--known-hosts", knownHosts);
    flag(args, "--ssh-accept-new", acceptNew);
    RunArguments.valued(args, "--remote-java", remoteJava);
    RunArguments.valued(args, "--remote-cache", remoteCache);
    RunArguments.valued(args, "--advertise", advertise);
    flag(args, "--tunnel", tunnel);
    flag(args, "--require-all-hosts", requireAllHosts);
  }

  private static void path(List<String> args, String option, Path value) {
    if (value != null) {
      args.add(option + "=" + value);
    }
  }

  private static void flag(List<String> args, String option, boolean on) {
    if (on) {
      args.add(option);
    }
  }
}
