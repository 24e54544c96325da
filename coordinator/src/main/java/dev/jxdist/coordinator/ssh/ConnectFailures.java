package dev.jxdist.coordinator.ssh;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;

/**
 * Turns what went wrong while connecting to a host (a socket or sshj exception, and what the host
 * key check found) into the one-line reason a user reads: {@code connection refused on port 22},
 * {@code host key does not match ~/.ssh/known_hosts; ...}.
 */
final class ConnectFailures {

  /**
   * What was tried.
   *
   * @param user the login
   * @param port the SSH port
   * @param keys the keys offered
   * @param knownHosts the known_hosts file the key was checked against
   * @param connectTimeout the TCP connect timeout
   * @param verdict what the host key check found
   * @param writeError why an accepted key could not be recorded ({@link
   *     KnownHostsVerifier.Verdict#NOT_RECORDED})
   */
  record Attempt(
      String user,
      int port,
      List<Path> keys,
      Path knownHosts,
      Duration connectTimeout,
      KnownHostsVerifier.Verdict verdict,
      String writeError) {}

  private ConnectFailures() {}

  /** The reason, without the host name. */
  static String reason(Throwable failure, Attempt attempt) {
    if (attempt.verdict() == KnownHostsVerifier.Verdict.CHANGED) {
      return "host key does not match "
          + attempt.knownHosts()
          + "; remove the old key if the host was rebuilt";
    }
    if (attempt.verdict() == KnownHostsVerifier.Verdict.NOT_RECORDED) {
      return "cannot add the new host key to "
          + attempt.knownHosts()
          + " ("
          + attempt.writeError()
          + "); make the file writable";
    }
    if (attempt.verdict() == KnownHostsVerifier.Verdict.UNKNOWN
        || disconnectReason(failure) == DisconnectReason.HOST_KEY_NOT_VERIFIABLE) {
      return "host key is not in "
          + attempt.knownHosts()
          + "; add it (ssh-keyscan) or pass --ssh-accept-new";
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UserAuthException) {
        if (attempt.keys().isEmpty()) {
          return "authentication failed for user "
              + attempt.user()
              + ": no SSH key to offer; pass --ssh-key or create ~/.ssh/id_ed25519";
        }
        return "authentication failed for user "
            + attempt.user()
            + " with keys "
            + attempt.keys().stream().map(Path::toString).collect(Collectors.joining(", "));
      }
      if (t instanceof SocketTimeoutException) {
        return "unreachable (connection timed out after " + seconds(attempt.connectTimeout()) + ")";
      }
      if (t instanceof NoRouteToHostException) {
        return "unreachable (no route to host)";
      }
      if (t instanceof ConnectException) {
        String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("refused")) {
          return "connection refused on port " + attempt.port();
        }
        return "unreachable (" + message + ")";
      }
      if (t instanceof UnknownHostException) {
        return "unknown host name; check the host list or HostName in the SSH config";
      }
    }
    if (failure instanceof TransportException) {
      return "SSH handshake failed (" + failure.getMessage() + ")";
    }
    return "cannot connect (" + failure + ")";
  }

  private static DisconnectReason disconnectReason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSHException) {
        return ((SSHException) t).getDisconnectReason();
      }
    }
    return DisconnectReason.UNKNOWN;
  }

  /** {@code 5 s}, {@code 0.5 s}. */
  static String seconds(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 1000 == 0) {
      return millis / 1000 + " s";
    }
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
