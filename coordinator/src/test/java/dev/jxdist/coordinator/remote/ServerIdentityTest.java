package dev.jxdist.coordinator.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.coordinator.config.UsageException;
import dev.jxdist.proto.v1.FetchRequest;
import dev.jxdist.proto.v1.JoinServiceGrpc;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The coordinator's TLS identity, and a real server that speaks nothing but TLS with it. */
class ServerIdentityTest {

  private static final BindableService JOIN = new JoinServiceGrpc.JoinServiceImplBase() {};

  @Test
  void aFreshIdentityIsAnotherOneEachRun() {
    ServerIdentity a = ServerIdentity.generate("run a");
    ServerIdentity b = ServerIdentity.generate("run b");

    assertThat(a.pin()).isNotEqualTo(b.pin());
    assertThat(a.pin()).isEqualTo(CertificatePin.of(a.certificate()));
  }

  @Test
  void readsPemFilesOfEcAndTraditionalRsaKeys() throws Exception {
    ServerIdentity ec =
        ServerIdentity.load(resource("coordinator.crt"), resource("coordinator.key"));
    ServerIdentity rsa = ServerIdentity.load(resource("rsa.crt"), resource("rsa.key"));

    // openssl x509 -in coordinator.crt -noout -fingerprint -sha256
    assertThat(ec.pin().toString())
        .isEqualTo(
            "76:09:44:C5:4A:63:6F:53:97:E0:BA:C0:F3:F4:7E:E6:"
                + "CB:89:65:C0:32:0C:B5:2B:B1:B8:9D:02:53:5C:22:CD");
    assertThat(rsa.certificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void aKeyOfAnotherCertificateIsAUsageErrorNamingBothFiles() throws Exception {
    assertThatThrownBy(() -> ServerIdentity.load(resource("rsa.crt"), resource("coordinator.key")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("is not the key of the certificate in --tls-cert")
        .hasMessageContaining("rsa.crt")
        .hasMessageContaining("coordinator.key");
    assertThatThrownBy(
            () -> ServerIdentity.load(resource("coordinator.key"), resource("coordinator.key")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("holds no PEM certificate");
  }

  @Test
  void theServerAnswersAPinnedClientAndRefusesPlaintextAndOtherPins() throws Exception {
    ServerIdentity identity = ServerIdentity.generate("run");
    try (CoordinatorServer server =
        CoordinatorServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), identity, JOIN)) {
      // Pinned: the TLS handshake succeeds and the call reaches the (unimplemented) service.
      assertThat(call(pinned(server.target(), identity.pin())).getCode())
          .isEqualTo(Status.Code.UNIMPLEMENTED);

      ManagedChannel plaintext =
          NettyChannelBuilder.forTarget(server.target()).usePlaintext().build();
      assertThat(call(plaintext).getCode()).isEqualTo(Status.Code.UNAVAILABLE);

      CertificatePin other = ServerIdentity.generate("another run").pin();
      Status refused = call(pinned(server.target(), other));
      assertThat(refused.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(CertificatePin.mismatchIn(refused.asRuntimeException()))
          .hasValueSatisfying(m -> assertThat(m.presented()).isEqualTo(identity.pin()));
    }
  }

  private static Status call(ManagedChannel channel) throws InterruptedException {
    try {
      var unused =
          JoinServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .fetchBlobs(FetchRequest.getDefaultInstance())
              .hasNext();
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static ManagedChannel pinned(String target, CertificatePin pin) throws Exception {
    return NettyChannelBuilder.forTarget(target)
        .sslContext(
            GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .trustManager(pin.trustManager())
                .build())
        .build();
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ServerIdentityTest.class.getResource("/tls/" + name).toURI());
  }
}
