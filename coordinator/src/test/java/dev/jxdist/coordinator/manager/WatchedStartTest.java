package dev.jxdist.coordinator.manager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.ssh.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The script that starts a worker on a host, run by a real sh as sshd runs it: it gives the
 * command's pid and returns at once, and the exit code of the command (its own, or 128 + the signal
 * that killed it) turns up in the exit file.
 */
class WatchedStartTest {

  @TempDir Path dir;

  @Test
  void anExitOfItsOwnIsWrittenDown() throws Exception {
    long pid = start(Shell.quote("sh") + " -c " + Shell.quote("echo \"$FX_WORD\"; exit 7"));

    assertThat(exitFileText()).isEqualTo("7");
    assertThat(Files.readString(dir.resolve("w1.log"), StandardCharsets.UTF_8))
        .as("the command's output, its environment's word in it")
        .isEqualTo("it's here\n");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void aKillIsWrittenDownAsItsSignal() throws Exception {
    long pid = start(Shell.quote("sleep") + " 60");

    ProcessHandle command = ProcessHandle.of(pid).orElseThrow();
    // The pid is the command's own, not its watcher's: a kill, a thread dump reach it (once nohup
    // has made way for it).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!command.info().command().orElse("").endsWith("sleep") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(command.info().command().orElse("")).endsWith("sleep");
    assertThat(dir.resolve("w1.exit")).doesNotExist();
    assertThat(command.destroyForcibly()).isTrue();

    assertThat(exitFileText()).isEqualTo("137");
  }

  /** Runs the script as sshd does; returns the pid it printed, once its output has ended. */
  private long start(String command) throws IOException, InterruptedException {
    String script =
        RemoteHostProvisioner.watchedStart(
            "FX_WORD=" + Shell.quote("it's here"),
            command,
            dir.resolve("w1.log").toString(),
            dir.resolve("w1.exit").toString());
    Process shell = new ProcessBuilder(List.of("sh", "-c", script)).start();
    shell.getOutputStream().close();
    // The output ends as soon as the pid is out: the watcher keeps no hold on the channel (and
    // the pid is the starting shell's output, not only its watcher's).
    String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(shell.exitValue()).isZero();
    assertThat(out).matches("[0-9]+\n");
    return Long.parseLong(out.strip());
  }

  private String exitFileText() throws IOException, InterruptedException {
    Path exit = dir.resolve("w1.exit");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(exit) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return Files.readString(exit, StandardCharsets.UTF_8).strip();
  }
}
