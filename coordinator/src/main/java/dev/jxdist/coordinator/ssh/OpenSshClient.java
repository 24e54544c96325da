package dev.jxdist.coordinator.ssh;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command on a host through the OpenSSH client ({@code ssh}) instead of sshj, for bulk data:
 * OpenSSH's ciphers run in native code, in a process (and so on a core) of its own, where sshj's
 * run in this JVM, which {@code bin/jxdist} limits to the C1 compiler: without C2's intrinsics
 * AES-GCM in Java moves about 40 MB/s, OpenSSH about 1 GB/s (bench/README.md).
 *
 * <p>It makes the connection sshj made again, with nothing of the user's SSH config: the same
 * address, port, user and keys (only those), the same known_hosts file, strictly (sshj has checked
 * or recorded the key already), no prompts. The system property {@code jxdist.ssh.client} names
 * another client binary, or {@code none} for none; by default {@code ssh} is looked up on the
 * {@code PATH}.
 */
final class OpenSshClient {

  /** The exit status with which {@code ssh} reports its own failure. */
  static final int SSH_FAILED = 255;

  /** AES-GCM first: with AES instructions it is several times faster than chacha20-poly1305. */
  static final String CIPHERS =
      "aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com,"
          + "aes128-ctr,aes192-ctr,aes256-ctr";

  private static final String PROPERTY = "jxdist.ssh.client";

  private final Path binary;

  private OpenSshClient(Path binary) {
    this.binary = binary;
  }

  /** The client to use, if there is one. */
  static Optional<OpenSshClient> find() {
    String configured = System.getProperty(PROPERTY, "");
    if (configured.equals("none")) {
      return Optional.empty();
    }
    if (!configured.isEmpty()) {
      return Optional.of(new OpenSshClient(Path.of(configured)));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "ssh");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(new OpenSshClient(candidate));
      }
    }
    return Optional.empty();
  }

  /** The command line that runs {@code command} on {@code endpoint}. */
  List<String> commandLine(Endpoint endpoint, String command) {
    List<String> line = new ArrayList<>();
    line.add(binary.toString());
    line.add("-F");
    line.add("/dev/null");
    line.add("-T");
    for (String option :
        List.of(
            "BatchMode=yes",
            "IdentitiesOnly=yes",
            "UserKnownHostsFile=" + endpoint.knownHosts(),
            "GlobalKnownHostsFile=/dev/null",
            "StrictHostKeyChecking=yes",
            "UpdateHostKeys=no",
            "ConnectTimeout=" + Math.max(1, endpoint.connectTimeout().toSeconds()),
            "ServerAliveInterval=10",
            "ServerAliveCountMax=3",
            "Ciphers=" + CIPHERS,
            "Compression=no",
            "LogLevel=ERROR")) {
      line.add("-o");
      line.add(option);
    }
    for (Path key : endpoint.keys()) {
      line.add("-i");
      line.add(key.toString());
    }
    line.add("-p");
    line.add(Integer.toString(endpoint.port()));
    line.add("-l");
    line.add(endpoint.user());
    line.add("--");
    line.add(endpoint.address());
    line.add(command);
    return line;
  }

  /**
   * Runs {@code command} on {@code endpoint} with {@code stdin} as its input and waits for it.
   *
   * @return its result; exit status {@link #SSH_FAILED} when {@code ssh} itself failed (could not
   *     connect or log in) or lost the connection
   * @throws IOException if {@code ssh} cannot be started
   * @throws TimeoutOrInterrupt if it did not finish within {@code timeout} or the thread was
   *     interrupted (the process is then killed)
   */
  ExecResult run(Endpoint endpoint, String command, StdinWriter stdin, Duration timeout)
      throws IOException, TimeoutOrInterrupt {
    Process process = new ProcessBuilder(commandLine(endpoint, command)).start();
    Drain out = Drain.start(process.getInputStream(), "ssh-out-" + endpoint.name());
    Drain err = Drain.start(process.getErrorStream(), "ssh-err-" + endpoint.name());
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream in = process.getOutputStream()) {
                stdin.writeTo(in);
              } catch (IOException e) {
                // The command ended before reading all of its input: its exit status says why.
              }
            },
            "ssh-stdin-" + endpoint.name());
    writer.setDaemon(true);
    writer.start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutOrInterrupt(false);
      }
      writer.join();
      out.join();
      err.join();
      return new ExecResult(process.exitValue(), out.text(), err.text());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutOrInterrupt(true);
    } finally {
      // Killing it also ends the writer: its pipe breaks.
      process.destroyForcibly();
    }
  }

  /** Reads a stream to its end into memory. */
  private static final class Drain extends Thread {
    private final InputStream from;
    private final ByteArrayOutputStream to = new ByteArrayOutputStream();

    private Drain(InputStream from, String name) {
      super(name);
      this.from = from;
      setDaemon(true);
    }

    static Drain start(InputStream from, String name) {
      Drain drain = new Drain(from, name);
      drain.start();
      return drain;
    }

    @Override
    public void run() {
      try (InputStream in = from) {
        in.transferTo(to);
      } catch (IOException e) {
        // The process is gone: what it wrote so far is what there is.
      }
    }

    /** What was read; call after the thread has ended. */
    String text() {
      return to.toString(StandardCharsets.UTF_8);
    }
  }

  /** The command did not finish in time, or the waiting thread was interrupted. */
  static final class TimeoutOrInterrupt extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean interrupted;

    TimeoutOrInterrupt(boolean interrupted) {
      super(interrupted ? "interrupted" : "timed out");
      this.interrupted = interrupted;
    }

    boolean interrupted() {
      return interrupted;
    }
  }

  /**
   * Where and as whom sshj logged in: what OpenSSH needs to make the same connection.
   *
   * @param name the host as the host list names it
   */
  record Endpoint(
      String name,
      String address,
      int port,
      String user,
      List<Path> keys,
      Path knownHosts,
      Duration connectTimeout) {

    Endpoint {
      keys = List.copyOf(keys);
    }
  }
}
