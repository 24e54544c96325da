package dev.jxdist.coordinator.ssh;

import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import dev.jxdist.coordinator.config.HostSpec;
import dev.jxdist.coordinator.config.SshOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.forwarded.RemotePortForwarder;
import net.schmizz.sshj.connection.channel.forwarded.SocketForwardingConnectListener;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * An authenticated SSH connection to one host of the host list. {@link #connect} checks the host
 * key against known_hosts and logs in with keys; {@link #exec} runs commands over it. Thread-safe:
 * several commands may run at once, each on its own channel.
 *
 * <p>It is longer than most classes because everything that shares the one sshj connection and its
 * lifetime lives here: connecting and authenticating (with each failure turned into one sentence
 * naming the host), commands with their deadlines and drained output, commands held open, and the
 * port forward; splitting them would hand the connection around.
 */
public final class SshHost implements AutoCloseable {

  static {
    // sshj would make Bouncy Castle the provider of every algorithm, AES included: its pure-Java
    // AES made the (then SFTP) sync 1.5 times slower than with the JDK's, which uses the CPU's AES
    // instructions under C2 (bench/README.md). The JDK 17 provider has all sshj needs here.
    SecurityUtils.setRegisterBouncyCastle(false);
    SecurityUtils.setSecurityProvider(null);
  }

  static {
    // Initialize SLF4J here, once: hosts connect from several threads at once, and loggers asked
    // for while another thread initializes SLF4J are replayed with a warning on the console.
    org.slf4j.LoggerFactory.getILoggerFactory();
  }

  /** How often {@link #exec} looks for output while a command runs. */
  private static final long POLL_MILLIS = 5;

  private final String name;
  private final SSHClient client;
  private final OpenSshClient.Endpoint endpoint;
  private volatile boolean closed;

  private SshHost(String name, SSHClient client, OpenSshClient.Endpoint endpoint) {
    this.name = name;
    this.client = client;
    this.endpoint = endpoint;
  }

  /**
   * Connects to {@code spec}'s host, checks its key and logs in.
   *
   * <p>The address, user and port are the spec's, else the SSH config's ({@code HostName}, {@code
   * User}, {@code Port}), else the host name itself, the local user and 22. The keys are the SSH
   * config's {@code IdentityFile}s that exist, then {@code options.keys()}.
   *
   * @throws HostFailure naming the host and why it cannot be reached or logged in to
   */
  public static SshHost connect(HostSpec spec, SshOptions options) throws HostFailure {
    return connect(spec, options, SshConfig.read(options.sshConfig(), SshOptions.userHome()));
  }

  /** Like {@link #connect(HostSpec, SshOptions)}, with the SSH config already read. */
  public static SshHost connect(HostSpec spec, SshOptions options, SshConfig config)
      throws HostFailure {
    SshConfig.Entry entry = config.lookup(spec.host());
    String address = entry.hostName().orElse(spec.host());
    String user = spec.user().or(entry::user).orElse(System.getProperty("user.name"));
    int port = spec.port().isPresent() ? spec.port().getAsInt() : entry.port().orElse(22);
    Set<Path> keySet = new LinkedHashSet<>();
    entry.identityFiles().stream().filter(Files::isRegularFile).forEach(keySet::add);
    keySet.addAll(options.keys());
    List<Path> keys = List.copyOf(keySet);

    KnownHostsVerifier verifier;
    try {
      verifier = KnownHostsVerifier.read(options.knownHosts(), options.acceptNew());
    } catch (IOException e) {
      throw new HostFailure(
          spec.host(),
          "cannot read "
              + options.knownHosts()
              + " ("
              + e.getMessage()
              + "); fix the file or pass --known-hosts",
          e);
    }
    DefaultConfig sshConfig = new JdkCipherConfig();
    sshConfig.setLoggerFactory(new SshjLogging());
    SSHClient client = new SSHClient(sshConfig);
    client.setConnectTimeout((int) options.connectTimeout().toMillis());
    client.addHostKeyVerifier(verifier);
    try {
      client.connect(address, port);
      List<KeyProvider> providers = new ArrayList<>();
      for (Path key : keys) {
        try {
          providers.add(client.loadKeys(key.toString()));
        } catch (IOException e) {
          throw new HostFailure(
              spec.host(),
              "cannot read the SSH key "
                  + key
                  + " ("
                  + e.getMessage()
                  + "); pass another --ssh-key",
              e);
        }
      }
      client.authPublickey(user, providers);
      return new SshHost(
          spec.host(),
          client,
          new OpenSshClient.Endpoint(
              spec.host(),
              address,
              port,
              user,
              keys,
              options.knownHosts(),
              options.connectTimeout()));
    } catch (IOException | RuntimeException e) {
      closeQuietly(client);
      ConnectFailures.Attempt attempt =
          new ConnectFailures.Attempt(
              user,
              port,
              keys,
              options.knownHosts(),
              options.connectTimeout(),
              verifier.verdict(),
              verifier.writeError());
      throw new HostFailure(spec.host(), ConnectFailures.reason(e, attempt), e);
    } catch (HostFailure e) {
      closeQuietly(client);
      throw e;
    }
  }

  /** The host as the host list names it (without user and port): how reports name it. */
  public String name() {
    return name;
  }

  /**
   * Our end of the connection: the local address a process on the host can dial back to (the
   * address its SSH connection came from).
   */
  public InetAddress localAddress() {
    requireOpen();
    return client.getLocalAddress();
  }

  /**
   * Runs {@code command} (a command line for the login shell, see {@link Shell}) and waits for it.
   *
   * @throws HostFailure if it does not finish within {@code timeout} (it is then abandoned) or the
   *     connection fails while it runs
   */
  public ExecResult exec(String command, Duration timeout) throws HostFailure {
    return exec(command, (StdinWriter) null, timeout);
  }

  /**
   * Runs {@code command} like {@link #exec(String, Duration)}, with {@code stdin} (if not null) as
   * its standard input, followed by end of file.
   *
   * @throws HostFailure if it does not finish within {@code timeout} (it is then abandoned) or the
   *     connection fails while it runs
   */
  public ExecResult exec(String command, byte[] stdin, Duration timeout) throws HostFailure {
    return exec(command, stdin == null ? null : out -> out.write(stdin), timeout);
  }

  /**
   * Runs {@code command} like {@link #exec(String, Duration)}, with what {@code stdin} (if not
   * null) writes as its standard input, followed by end of file. The input is written by a thread
   * of its own ({@code ssh-stdin-<host>}), so a command that writes while it reads never blocks on
   * a full channel.
   *
   * @throws HostFailure if it does not finish within {@code timeout} (it is then abandoned) or the
   *     connection fails while it runs
   */
  public ExecResult exec(String command, StdinWriter stdin, Duration timeout) throws HostFailure {
    requireOpen();
    long deadline = System.nanoTime() + timeout.toNanos();
    Thread writer = null;
    try (Session session = client.startSession()) {
      Session.Command cmd = session.exec(command);
      writer = startStdinWriter(cmd.getOutputStream(), stdin);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      InputStream stdout = cmd.getInputStream();
      InputStream stderr = cmd.getErrorStream();
      // Drain both streams as data comes, so that neither fills the channel's window.
      while (!cmd.isEOF() && cmd.isOpen()) {
        boolean readOut = drainAvailable(stdout, out);
        boolean readErr = drainAvailable(stderr, err);
        boolean read = readOut || readErr;
        if (System.nanoTime() > deadline) {
          throw new HostFailure(
              name,
              "'" + brief(command) + "' did not finish within " + ConnectFailures.seconds(timeout));
        }
        if (!read) {
          Thread.sleep(POLL_MILLIS);
        }
      }
      // The host has sent everything: the rest is buffered here.
      stdout.transferTo(out);
      stderr.transferTo(err);
      long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      cmd.join(left, TimeUnit.MILLISECONDS);
      Integer status = cmd.getExitStatus();
      if (writer != null) {
        writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
      return new ExecResult(
          status == null ? -1 : status,
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new HostFailure(
          name,
          "connection lost while running '" + brief(command) + "' (" + e.getMessage() + ")",
          e);
    } catch (IllegalStateException e) {
      // sshj's word for a transport that died under us (the host's sshd is gone, for one).
      throw new HostFailure(
          name, "connection lost before '" + brief(command) + "' (" + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostFailure(name, "interrupted while running '" + brief(command) + "'", e);
    } finally {
      if (writer != null) {
        writer.interrupt();
      }
    }
  }

  /**
   * Asks the host to listen on a free port of its loopback interface and to carry every connection
   * made to it, through this SSH connection, to {@code target} here (OpenSSH's {@code ssh -R}). The
   * forward lives as long as the connection.
   *
   * @return the port the host listens on
   * @throws HostFailure if the host refuses (its sshd may have {@code AllowTcpForwarding no})
   */
  public int forwardToLocal(InetSocketAddress target) throws HostFailure {
    requireOpen();
    try {
      RemotePortForwarder.Forward bound =
          client
              .getRemotePortForwarder()
              .bind(
                  new RemotePortForwarder.Forward("127.0.0.1", 0),
                  new SocketForwardingConnectListener(target));
      return bound.getPort();
    } catch (IOException e) {
      throw new HostFailure(
          name,
          "refuses to forward a port back to the coordinator ("
              + e.getMessage()
              + "); allow TCP forwarding in its sshd (AllowTcpForwarding) or run without --tunnel",
          e);
    }
  }

  /**
   * Runs {@code command} like {@link #exec(String, StdinWriter, Duration)}, for input of many
   * megabytes: through the OpenSSH client on a connection of its own if there is one ({@link
   * OpenSshClient}; several times faster), else, or if that client cannot connect, on this
   * connection. {@code stdin} may then be called twice: it must write the same input again.
   *
   * @throws HostFailure if it does not finish within {@code timeout} (it is then killed) or the
   *     connection fails while it runs
   */
  public ExecResult execBulk(String command, StdinWriter stdin, Duration timeout)
      throws HostFailure {
    requireOpen();
    Optional<OpenSshClient> openSsh = OpenSshClient.find();
    if (openSsh.isPresent()) {
      try {
        ExecResult result = openSsh.get().run(endpoint, command, stdin, timeout);
        if (result.exitCode() != OpenSshClient.SSH_FAILED) {
          return result;
        }
        // ssh could not connect or log in as sshj did (or lost the connection): use sshj's.
      } catch (IOException e) {
        // No usable ssh binary after all: use sshj's connection.
      } catch (OpenSshClient.TimeoutOrInterrupt e) {
        if (e.interrupted()) {
          throw new HostFailure(name, "interrupted while running '" + brief(command) + "'", e);
        }
        throw new HostFailure(
            name,
            "'" + brief(command) + "' did not finish within " + ConnectFailures.seconds(timeout),
            e);
      }
    }
    return exec(command, stdin, timeout);
  }

  /**
   * Starts {@code command} on a channel of its own and keeps it running until {@link
   * HeldCommand#close}, or until this connection ends: then its input ends, and a command that
   * reads it to its end ({@code cat >/dev/null}) ends with it. Returns once the command has written
   * its first line, which {@link HeldCommand#firstLine} holds.
   *
   * @throws HostFailure if the command ends or writes no line within {@code timeout}
   */
  public HeldCommand hold(String command, Duration timeout) throws HostFailure {
    requireOpen();
    long deadline = System.nanoTime() + timeout.toNanos();
    Session session = null;
    try {
      session = client.startSession();
      Session.Command cmd = session.exec(command);
      InputStream stdout = cmd.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        boolean read = drainAvailable(stdout, out);
        if (out.toString(StandardCharsets.UTF_8).indexOf('\n') >= 0) {
          break;
        }
        if (!cmd.isOpen() || cmd.isEOF()) {
          ByteArrayOutputStream err = new ByteArrayOutputStream();
          drainAvailable(cmd.getErrorStream(), err);
          String stdoutText = out.toString(StandardCharsets.UTF_8);
          String stderrText = err.toString(StandardCharsets.UTF_8);
          String why = new ExecResult(-1, stdoutText, stderrText).firstErrorLine();
          throw new HostFailure(name, "'" + brief(command) + "' ended at once (" + why + ")");
        }
        if (System.nanoTime() > deadline) {
          throw new HostFailure(
              name,
              "'" + brief(command) + "' wrote nothing within " + ConnectFailures.seconds(timeout));
        }
        if (!read) {
          Thread.sleep(POLL_MILLIS);
        }
      }
      String first = out.toString(StandardCharsets.UTF_8);
      HeldCommand held = new HeldCommand(session, cmd, first.substring(0, first.indexOf('\n')));
      session = null;
      return held;
    } catch (IOException e) {
      throw new HostFailure(
          name,
          "connection lost while running '" + brief(command) + "' (" + e.getMessage() + ")",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostFailure(name, "interrupted while running '" + brief(command) + "'", e);
    } finally {
      if (session != null) {
        try {
          session.close();
        } catch (IOException e) {
          // The channel is gone either way.
        }
      }
    }
  }

  /** Disconnects; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(client);
  }

  @Override
  public String toString() {
    return "SSH connection to " + name;
  }

  /** Runs {@code stdin} on {@code to}, then closes it (end of file), on a thread of its own. */
  private Thread startStdinWriter(OutputStream to, StdinWriter stdin) {
    if (stdin == null) {
      return null;
    }
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream out = to) {
                stdin.writeTo(out);
              } catch (IOException e) {
                // The command exited or the channel closed before reading all of its input:
                // what it did is in its exit status and output.
              }
            },
            "ssh-stdin-" + name);
    writer.setDaemon(true);
    writer.start();
    return writer;
  }

  /**
   * A command as messages name it: its first line, cut to 60 characters (scripts run as {@code sh
   * -c '...'} span many lines, and a message is one line).
   */
  static String brief(String command) {
    String first = command.lines().findFirst().orElse("").strip();
    boolean more = first.length() > 60 || command.strip().contains("\n");
    return (first.length() > 60 ? first.substring(0, 60) : first) + (more ? " ..." : "");
  }

  private static boolean drainAvailable(InputStream in, ByteArrayOutputStream to)
      throws IOException {
    int available = in.available();
    if (available <= 0) {
      return false;
    }
    byte[] buffer = new byte[available];
    int n = in.read(buffer);
    if (n > 0) {
      to.write(buffer, 0, n);
    }
    return n > 0;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  private static void closeQuietly(SSHClient client) {
    try {
      client.disconnect();
    } catch (IOException | RuntimeException e) {
      // Nothing more to release: the socket is closed either way.
    }
  }

  /**
   * sshj's defaults, but with only the ciphers the JDK's own provider runs on the CPU's AES
   * instructions, AES-GCM first. sshj would offer chacha20-poly1305 first and probe (and log) a
   * dozen ciphers the JDK does not have. (Bulk uploads go through the OpenSSH client instead:
   * {@link #execBulk}.)
   */
  private static final class JdkCipherConfig extends DefaultConfig {
    @Override
    protected void initCipherFactories() {
      setCipherFactories(
          List.<Factory.Named<Cipher>>of(
              GcmCiphers.AES128GCM(),
              GcmCiphers.AES256GCM(),
              BlockCiphers.AES128CTR(),
              BlockCiphers.AES192CTR(),
              BlockCiphers.AES256CTR()));
    }
  }
}
