package dev.jxdist.coordinator.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoordinatorServerTest {

  /**
   * A JVM's exit waits up to 300 ms for threads in native code, such as an idle event loop in
   * epoll_wait: none of the server's may outlive it.
   */
  @Test
  void closingEndsItsEventLoopThreads() throws Exception {
    CoordinatorServer server =
        CoordinatorServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            ServerIdentity.generate("run"));
    try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      // Accepted on the server's loops (its TLS handshake never comes).
      assertThat(client.isConnected()).isTrue();
      assertThat(loopThreads()).isNotEmpty();
    } finally {
      server.close();
    }

    assertThat(loopThreads()).isEmpty();
  }

  private static List<Thread> loopThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("jxdist-grpc-") && t.isAlive())
        .toList();
  }
}
