package dev.jxdist.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GrpcDefaultsTest {

  @Test
  void nettyRecordsNoJfrEventsOnceTurnedOffAndDoesWithout() throws Exception {
    assertThat(probe("off")).isEqualTo("jfr false");
    assertThat(probe("as-is")).as("this JDK has JFR: the probe would see it").isEqualTo("jfr true");
  }

  @Test
  void aPropertyOnTheCommandLineWins() throws Exception {
    assertThat(probe("off", "-D" + GrpcDefaults.NETTY_JFR_PROPERTY + "=true"))
        .isEqualTo("jfr true");
  }

  /** What {@link NettyJfrProbe} prints, run in a JVM of its own with {@code jvmArg} if any. */
  private static String probe(String mode, String... jvmArg) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path")));
    command.addAll(List.of(jvmArg));
    command.addAll(List.of(NettyJfrProbe.class.getName(), mode));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out.strip();
  }
}
