package dev.jxdist.coordinator.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to reach hosts over SSH.
 *
 * @param keys the private keys to authenticate with, in order (keys that {@code IdentityFile} in
 *     the SSH config names for a host are tried first)
 * @param knownHosts the known_hosts file that host keys are checked against
 * @param acceptNew trust and record the key of a host that known_hosts does not list yet (as
 *     OpenSSH's {@code StrictHostKeyChecking=accept-new}); a changed key is never accepted
 * @param sshConfig the OpenSSH client config whose basics ({@code Host}, {@code HostName}, {@code
 *     User}, {@code Port}, {@code IdentityFile}) apply; a missing file means no config
 * @param connectTimeout how long to wait for a host to accept the TCP connection
 */
public record SshOptions(
    List<Path> keys, Path knownHosts, boolean acceptNew, Path sshConfig, Duration connectTimeout) {

  /** How long a host gets to accept the connection unless told otherwise. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private static final List<String> DEFAULT_KEY_NAMES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

  public SshOptions {
    keys = List.copyOf(keys);
    Objects.requireNonNull(knownHosts, "knownHosts");
    Objects.requireNonNull(sshConfig, "sshConfig");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
  }

  /**
   * The options with OpenSSH's defaults for what is not given (null or empty): the keys {@code
   * ~/.ssh/id_ed25519}, {@code id_ecdsa} and {@code id_rsa} that exist, {@code ~/.ssh/known_hosts}
   * and {@code ~/.ssh/config}, where {@code ~} is {@code home}.
   */
  public static SshOptions withDefaults(
      List<Path> keys, Path knownHosts, boolean acceptNew, Path sshConfig, Path home) {
    Path ssh = home.resolve(".ssh");
    List<Path> chosen = new ArrayList<>();
    if (keys == null || keys.isEmpty()) {
      for (String name : DEFAULT_KEY_NAMES) {
        Path key = ssh.resolve(name);
        if (Files.isRegularFile(key)) {
          chosen.add(key);
        }
      }
    } else {
      keys.forEach(key -> chosen.add(key.toAbsolutePath()));
    }
    return new SshOptions(
        chosen,
        knownHosts != null ? knownHosts.toAbsolutePath() : ssh.resolve("known_hosts"),
        acceptNew,
        sshConfig != null ? sshConfig.toAbsolutePath() : ssh.resolve("config"),
        DEFAULT_CONNECT_TIMEOUT);
  }

  /** The local user's home directory. */
  public static Path userHome() {
    return Path.of(System.getProperty("user.home"));
  }
}
