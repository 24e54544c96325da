package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's launcher and the signals that stop a daemon: systemd, {@code docker stop} and
 * Kubernetes send SIGTERM to the process they started, the launcher. For {@code jxdist agent} and
 * {@code jxdist worker} it must have become the JVM (exec), also on a first run with a writable
 * cache, where a plain run stays its child to write the class data archive afterwards.
 */
class LauncherSignalsIT {

  @TempDir Path dir;

  @Test
  void aWorkerIsTheLaunchersProcessAndSigtermEndsIt() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Path launcher = Path.of(System.getProperty("jxdist.home"), "bin", "jxdist");
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Path token = Files.writeString(dir.resolve("token"), HexFormat.of().formatHex(secret) + "\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    String java = Path.of(System.getProperty("java.home"), "bin").toString();

    // A coordinator that is not there: the worker keeps trying to reach it, as a daemon waits.
    try (Background worker =
        Background.start(
            List.of(
                "/usr/bin/env",
                "-i",
                "HOME=" + home,
                "PATH=" + java + ":/usr/bin:/bin",
                launcher.toString(),
                "worker",
                "--coordinator",
                "127.0.0.1:9",
                "--token-file",
                token.toString(),
                "--connect-timeout",
                "5m"),
            dir,
            Fixtures.runsDir().resolve("launcher-signals-worker.log"))) {
      ProcessHandle process = ProcessHandle.of(worker.pid()).orElseThrow();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!command(process).orElse("").endsWith("/java")) {
        assertThat(System.nanoTime())
            .as(
                "the launcher's process became java: it is "
                    + command(process).orElse("gone")
                    + ", its children "
                    + process.children().map(p -> command(p).orElse("?")).toList()
                    + "; "
                    + worker.describe())
            .isLessThan(deadline);
        Thread.sleep(100);
      }
      assertThat(process.children().toList()).as("processes the launcher waits for").isEmpty();

      new ProcessBuilder("kill", "-TERM", Long.toString(worker.pid())).start().waitFor();

      assertThat(worker.waitFor(Duration.ofSeconds(20)))
          .as("the worker's exit on SIGTERM: " + worker.describe())
          .isIn(0, 143, 3);
      assertThat(home.resolve(".cache/jxdist/cds"))
          .as("a class data archive, which a daemon does not write")
          .doesNotExist();
    }
  }

  private static Optional<String> command(ProcessHandle process) {
    return process.info().command();
  }
}
