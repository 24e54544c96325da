package dev.jxdist.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.wire.WorkerBootstrap;
import dev.jxdist.worker.testing.FakeCoordinator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapSourceTest {

  private static final InputStream NO_STDIN = new ByteArrayInputStream(new byte[0]);

  @Test
  void readsStdinWhenTheEnvironmentNamesNoCoordinator() throws Exception {
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    new WorkerBootstrap("127.0.0.1:7001", "w2", "s3cret", FakeCoordinator.TRUST, true)
        .writeTo(lines);
    lines.write("more input after the bootstrap".getBytes(StandardCharsets.UTF_8));
    ByteArrayInputStream stdin = new ByteArrayInputStream(lines.toByteArray());

    WorkerBootstrap b = BootstrapSource.read(Map.of("JXDIST_WORKER_ID", "ignored"), stdin);

    assertThat(b)
        .isEqualTo(
            new WorkerBootstrap("127.0.0.1:7001", "w2", "s3cret", FakeCoordinator.TRUST, true));
    assertThat(new String(stdin.readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("more input after the bootstrap");
  }

  @Test
  void readsTheEnvironmentAndTheTokenFile(@TempDir Path dir) throws Exception {
    // A joiner's token file: the token on the first line, the coordinator's pin after it.
    Path token =
        Files.writeString(dir.resolve("token"), "  s3cret\ncoordinator-cert-sha256=AA:BB\n");
    WorkerBootstrap b =
        BootstrapSource.read(
            Map.of(
                "JXDIST_COORDINATOR",
                "build1:7001",
                "JXDIST_WORKER_ID",
                "w7",
                "JXDIST_TOKEN_FILE",
                token.toString(),
                "JXDIST_COORDINATOR_CERT_SHA256",
                FakeCoordinator.PIN.toString()),
            NO_STDIN);
    assertThat(b)
        .isEqualTo(
            new WorkerBootstrap("build1:7001", "w7", "s3cret", FakeCoordinator.TRUST, false));
  }

  @Test
  void namesWhatTheEnvironmentLacks(@TempDir Path dir) throws Exception {
    assertThatThrownBy(
            () -> BootstrapSource.read(Map.of("JXDIST_COORDINATOR", "build1:7001"), NO_STDIN))
        .hasMessageContaining("JXDIST_WORKER_ID is not");
    assertThatThrownBy(
            () ->
                BootstrapSource.read(
                    Map.of("JXDIST_COORDINATOR", "build1:7001", "JXDIST_WORKER_ID", "w1"),
                    NO_STDIN))
        .hasMessageContaining("JXDIST_TOKEN_FILE is not");
    Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
    assertThatThrownBy(
            () ->
                BootstrapSource.read(
                    Map.of(
                        "JXDIST_COORDINATOR", "build1:7001",
                        "JXDIST_WORKER_ID", "w1",
                        "JXDIST_TOKEN_FILE", token.toString()),
                    NO_STDIN))
        .hasMessageContaining("JXDIST_COORDINATOR_CERT_SHA256 is not");
    Path missing = dir.resolve("missing");
    assertThatThrownBy(
            () ->
                BootstrapSource.read(
                    Map.of(
                        "JXDIST_COORDINATOR",
                        "build1:7001",
                        "JXDIST_WORKER_ID",
                        "w1",
                        "JXDIST_TOKEN_FILE",
                        missing.toString(),
                        "JXDIST_COORDINATOR_CERT_SHA256",
                        FakeCoordinator.PIN.toString()),
                    NO_STDIN))
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(
            () ->
                BootstrapSource.read(
                    Map.of(
                        "JXDIST_COORDINATOR",
                        "build1:7001",
                        "JXDIST_WORKER_ID",
                        "w1",
                        "JXDIST_TOKEN_FILE",
                        empty.toString(),
                        "JXDIST_COORDINATOR_CERT_SHA256",
                        FakeCoordinator.PIN.toString()),
                    NO_STDIN))
        .hasMessageContaining("is empty");
  }

  @Test
  void aStdinThatEndsEarlyNamesTheMissingKey() {
    InputStream stdin =
        new ByteArrayInputStream("coordinator=h:1\n\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> BootstrapSource.read(Map.of(), stdin))
        .hasMessageContaining("worker-id");
  }
}
