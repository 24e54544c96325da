package dev.jxdist.coordinator.ssh;

import dev.jxdist.coordinator.config.HostSpec;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.forwarded.RemotePortForwarder;
import net.schmizz.sshj.connection.channel.forwarded.SocketForwardingConnectListener;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * An authenticated SSH connection to one host of the host list. {@link #connect} checks the host
 * key against known_hosts and logs in with keys; {@link #exec} runs commands over it. Thread-safe:
 * several commands may run at once, each on its own channel.
 */
public final class SshHost implements AutoCloseable {

  static {
    // sshj would make Bouncy Castle the provider of every algorithm, AES included: its pure-Java
    // AES made the first sync 1.5 times slower than with the JDK's, which uses the CPU's AES
    // instructions (bench/SYNC-RESULTS.md). The JDK 17 provider has all sshj needs here.
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
  private volatile boolean closed;

  private SshHost(String name, SSHClient client) {
    this.name = name;
    this.client = client;
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
      return new SshHost(spec.host(), client);
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
    return exec(command, null, timeout);
  }

  /**
   * Runs {@code command} like {@link #exec(String, Duration)}, with {@code stdin} (if not null) as
   * its standard input, followed by end of file. The input is written by a thread of its own
   * ({@code ssh-stdin-<host>}), so a command that writes while it reads never blocks on a full
   * channel.
   *
   * @throws HostFailure if it does not finish within {@code timeout} (it is then abandoned) or the
   *     connection fails while it runs
   */
  public ExecResult exec(String command, byte[] stdin, Duration timeout) throws HostFailure {
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
        boolean read = drainAvailable(stdout, out) | drainAvailable(stderr, err);
        if (System.nanoTime() > deadline) {
          throw new HostFailure(
              name, "'" + command + "' did not finish within " + ConnectFailures.seconds(timeout));
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
          name, "connection lost while running '" + command + "' (" + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostFailure(name, "interrupted while running '" + command + "'", e);
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
   * Opens an SFTP channel on this connection, for uploads. Several may be open at once; each is
   * used by one thread at a time.
   *
   * @throws HostFailure if the host refuses the SFTP subsystem or the connection fails
   */
  public SftpChannel openSftp() throws HostFailure {
    requireOpen();
    try {
      return new SftpChannel(name, client.newSFTPClient());
    } catch (IOException e) {
      throw new HostFailure(
          name,
          "cannot open an SFTP channel ("
              + e.getMessage()
              + "); enable the sftp subsystem in the host's sshd",
          e);
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

  /** Writes {@code stdin} to {@code to} and closes it (end of file), on a thread of its own. */
  private Thread startStdinWriter(OutputStream to, byte[] stdin) {
    if (stdin == null) {
      return null;
    }
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream out = to) {
                out.write(stdin);
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
   * dozen ciphers the JDK does not have; the first sync is bound by the cipher
   * (bench/SYNC-RESULTS.md).
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
