package dev.jxdist.coordinator.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.proto.v1.FetchRequest;
import dev.jxdist.proto.v1.JoinServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  @Test
  void withoutAnIdentityItListensInPlaintextOnLoopbackOnly() throws Exception {
    try (CoordinatorServer server = CoordinatorServer.onLoopback()) {
      assertThat(server.address().getAddress().isLoopbackAddress())
          .as("bound to %s", server.address())
          .isTrue();
      ManagedChannel plaintext =
          NettyChannelBuilder.forTarget(server.target()).usePlaintext().build();
      try {
        // The call reaches the server, which has no such service: no TLS stood in the way.
        assertThatThrownBy(
                () ->
                    JoinServiceGrpc.newBlockingStub(plaintext)
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .fetchBlobs(FetchRequest.getDefaultInstance())
                        .hasNext())
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
      } finally {
        plaintext.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static List<Thread> loopThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("jxdist-grpc-") && t.isAlive())
        .toList();
  }
}
