package dev.jxdist.coordinator.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jxdist.coordinator.config.HostSpec;
import dev.jxdist.coordinator.config.SshOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectFailuresTest {

  private static final Path KNOWN_HOSTS = Path.of("/home/ci/.ssh/known_hosts");

  private static ConnectFailures.Attempt attempt(KnownHostsVerifier.Verdict verdict) {
    return new ConnectFailures.Attempt(
        "jxh1",
        22,
        List.of(Path.of("/home/ci/.ssh/id_ed25519"), Path.of("/home/ci/.ssh/id_rsa")),
        KNOWN_HOSTS,
        Duration.ofSeconds(5),
        verdict,
        "");
  }

  private static String reason(Throwable failure) {
    return ConnectFailures.reason(failure, attempt(KnownHostsVerifier.Verdict.NONE));
  }

  @Test
  void anUnverifiableHostKeySaysWhetherItIsUnknownOrChanged() {
    TransportException rejected =
        new TransportException(DisconnectReason.HOST_KEY_NOT_VERIFIABLE, "Could not verify key");

    assertThat(ConnectFailures.reason(rejected, attempt(KnownHostsVerifier.Verdict.UNKNOWN)))
        .isEqualTo(
            "host key is not in "
                + KNOWN_HOSTS
                + "; add it (ssh-keyscan) or pass --ssh-accept-new");
    assertThat(ConnectFailures.reason(rejected, attempt(KnownHostsVerifier.Verdict.CHANGED)))
        .isEqualTo(
            "host key does not match "
                + KNOWN_HOSTS
                + "; remove the old key if the host was rebuilt");
    // Without a verdict (e.g. no known algorithm), the disconnect reason still tells.
    assertThat(reason(rejected)).startsWith("host key is not in ");
  }

  @Test
  void authenticationFailureNamesTheUserAndTheKeys() {
    assertThat(reason(new UserAuthException("Exhausted available authentication methods")))
        .isEqualTo(
            "authentication failed for user jxh1 with keys /home/ci/.ssh/id_ed25519,"
                + " /home/ci/.ssh/id_rsa");
    ConnectFailures.Attempt noKeys =
        new ConnectFailures.Attempt(
            "jxh1",
            22,
            List.of(),
            KNOWN_HOSTS,
            Duration.ofSeconds(5),
            KnownHostsVerifier.Verdict.NONE,
            "");
    assertThat(ConnectFailures.reason(new UserAuthException("x"), noKeys))
        .startsWith("authentication failed for user jxh1: no SSH key to offer");
  }

  @Test
  void socketFailuresSayWhetherTheHostIsUnreachableOrRefuses() {
    assertThat(reason(new ConnectException("Connection refused")))
        .isEqualTo("connection refused on port 22");
    assertThat(reason(new SocketTimeoutException("Connect timed out")))
        .isEqualTo("unreachable (connection timed out after 5 s)");
    assertThat(reason(new NoRouteToHostException("No route to host")))
        .isEqualTo("unreachable (no route to host)");
    assertThat(reason(new UnknownHostException("build9"))).startsWith("unknown host name");
    // sshj may wrap the socket's exception.
    assertThat(reason(new TransportException(new ConnectException("Connection refused"))))
        .isEqualTo("connection refused on port 22");
  }

  @Test
  void otherHandshakeFailuresKeepSshjsMessage() {
    assertThat(reason(new TransportException(DisconnectReason.PROTOCOL_ERROR, "Bad packet")))
        .isEqualTo("SSH handshake failed (Bad packet)");
  }

  @Test
  void seconds() {
    assertThat(ConnectFailures.seconds(Duration.ofSeconds(5))).isEqualTo("5 s");
    assertThat(ConnectFailures.seconds(Duration.ofMillis(1500))).isEqualTo("1.5 s");
  }

  /** A real refused connection on loopback: the exception sshj really throws maps as above. */
  @Test
  void aClosedPortIsReportedAsRefused(@TempDir Path dir) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    HostSpec spec =
        new HostSpec(Optional.of("nobody"), "127.0.0.1", OptionalInt.of(port), OptionalInt.of(1));

    HostFailure failure =
        catchThrowableOfType(
            HostFailure.class, () -> SshHost.connect(spec, options(dir), SshConfig.empty()));

    assertThat(failure.host()).isEqualTo("127.0.0.1");
    assertThat(failure.reason()).isEqualTo("connection refused on port " + port);
    assertThat(failure).hasMessage("127.0.0.1: connection refused on port " + port);
  }

  /** A server that is not SSH: a handshake failure with sshj's words, not a stack trace. */
  @Test
  void aServerThatIsNotSshFailsTheHandshake(@TempDir Path dir) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread talker =
          new Thread(
              () -> {
                try (Socket s = server.accept()) {
                  OutputStream out = s.getOutputStream();
                  out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                } catch (IOException e) {
                  // the client gave up first
                }
              },
              "not-ssh-server");
      talker.start();
      HostSpec spec =
          new HostSpec(
              Optional.of("nobody"),
              "127.0.0.1",
              OptionalInt.of(server.getLocalPort()),
              OptionalInt.of(1));

      HostFailure failure =
          catchThrowableOfType(
              HostFailure.class, () -> SshHost.connect(spec, options(dir), SshConfig.empty()));

      assertThat(failure.reason()).startsWith("SSH handshake failed (");
      talker.join(5000);
    }
  }

  private static SshOptions options(Path dir) {
    return new SshOptions(
        List.of(), dir.resolve("known_hosts"), false, dir.resolve("config"), Duration.ofSeconds(2));
  }
}
