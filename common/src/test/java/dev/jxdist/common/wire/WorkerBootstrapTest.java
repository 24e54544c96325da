package dev.jxdist.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WorkerBootstrapTest {

  private static final CoordinatorTrust PIN =
      CoordinatorTrust.pinned(CertificatePin.parse("ab".repeat(32)));

  @Test
  void roundTripsAndLeavesTheRestOfStdinUnread() throws IOException {
    var out = new ByteArrayOutputStream();
    new WorkerBootstrap("127.0.0.1:4000", "w2", "t0ken", PIN, true).writeTo(out);
    out.write("after".getBytes(StandardCharsets.UTF_8));
    var in = new ByteArrayInputStream(out.toByteArray());

    WorkerBootstrap read = WorkerBootstrap.readFrom(in);

    assertThat(read).isEqualTo(new WorkerBootstrap("127.0.0.1:4000", "w2", "t0ken", PIN, true));
    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("after");
  }

  @Test
  void aLoopbackBootstrapSaysSoAndCarriesNoPin() throws IOException {
    var out = new ByteArrayOutputStream();
    new WorkerBootstrap("127.0.0.1:4000", "w2", "t0ken", CoordinatorTrust.loopback(), true)
        .writeTo(out);

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("coordinator-trust=loopback\n")
        .doesNotContain("coordinator-cert-sha256");
    assertThat(WorkerBootstrap.readFrom(new ByteArrayInputStream(out.toByteArray())).trust())
        .isEqualTo(CoordinatorTrust.loopback());
  }

  @Test
  void aTrustOtherThanLoopbackIsRefused() {
    var in =
        new ByteArrayInputStream(
            "coordinator=h:1\nworker-id=w1\ntoken=t\ncoordinator-trust=any\n\n"
                .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> WorkerBootstrap.readFrom(in))
        .hasMessageContaining("coordinator-trust= line must say loopback");
  }

  @Test
  void aPinAndLoopbackTogetherAreRefused() {
    var in =
        new ByteArrayInputStream(
            ("coordinator=h:1\nworker-id=w1\ntoken=t\ncoordinator-trust=loopback\n"
                    + "coordinator-cert-sha256="
                    + "ab".repeat(32)
                    + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> WorkerBootstrap.readFrom(in)).hasMessageContaining("trusts one way");
  }

  @Test
  void missingKeyIsNamed() {
    var in =
        new ByteArrayInputStream(
            "coordinator=h:1\nworker-id=w1\n\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> WorkerBootstrap.readFrom(in)).hasMessageContaining("'token='");
  }

  @Test
  void aBootstrapWithoutThePinIsRefused() {
    var in =
        new ByteArrayInputStream(
            "coordinator=h:1\nworker-id=w1\ntoken=t\n\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> WorkerBootstrap.readFrom(in))
        .hasMessageContaining("'coordinator-cert-sha256='");
  }

  @Test
  void aMalformedPinIsNamed() {
    var in =
        new ByteArrayInputStream(
            "coordinator=h:1\nworker-id=w1\ntoken=t\ncoordinator-cert-sha256=zz\n\n"
                .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> WorkerBootstrap.readFrom(in))
        .hasMessageContaining("coordinator-cert-sha256= line")
        .hasMessageContaining("64 hex digits");
  }

  @Test
  void toStringHidesTheToken() {
    assertThat(new WorkerBootstrap("h:1", "w1", "s3cr3t", PIN, false).toString())
        .doesNotContain("s3cr3t");
  }
}
