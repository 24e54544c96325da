package dev.jxdist.it.hosts;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One SSH test host: a network namespace reached over a veth pair, with its own Unix user and a
 * real OpenSSH {@code sshd} listening on port 22 of its address. Made and removed by {@link
 * TestHosts}; using a host after its {@code TestHosts} is closed fails fast.
 */
public final class TestHost {

  /** Port sshd listens on, as on a real machine. */
  public static final int SSH_PORT = 22;

  private static final Duration SSHD_START = Duration.ofSeconds(10);
  private static final Duration LINK_CHANGE = Duration.ofSeconds(5);

  private final HostTools tools;
  private final int index;
  private final String namespace;
  private final String rootVeth;
  private final String hostVeth;
  private final String user;
  private final Path dir;
  private Path home;
  private String hostKey;
  private Process sshd;
  private volatile boolean closed;

  TestHost(HostTools tools, int index, long pid, Path workDir) {
    this.tools = tools;
    this.index = index;
    this.namespace = TestHosts.NAMESPACE_PREFIX + index + "-" + pid;
    this.rootVeth = TestHosts.VETH_PREFIX + pid + "-" + index;
    this.hostVeth = "jxdp" + pid + "-" + index;
    this.user = TestHosts.USER_PREFIX + index;
    this.dir = workDir.resolve("h" + index);
  }

  /** The host as a host list names it: its address. */
  public String name() {
    return address();
  }

  /** The host's IPv4 address (only on its veth pair), where sshd listens. */
  public String address() {
    return "10.213." + index + ".2";
  }

  /** The port sshd listens on. */
  public int port() {
    return SSH_PORT;
  }

  /** The Unix user that logs in to this host (and only to this one). */
  public String user() {
    return user;
  }

  /** The user's home directory, emptied when the host was made. */
  public Path home() {
    requireOpen();
    return home;
  }

  /** The network namespace the host lives in. */
  public String namespace() {
    return namespace;
  }

  /** The host's public key as known_hosts has it after the name: {@code ssh-ed25519 AAAA...}. */
  public String hostKey() {
    requireOpen();
    return hostKey;
  }

  /** sshd's log file (the {@code -E} file). */
  public Path sshdLog() {
    return dir.resolve("sshd.log");
  }

  /**
   * Cuts the host off: the root side of its veth goes down, so established connections stall
   * (packets are dropped silently) and new connections fail at once with "No route to host".
   */
  public void cut() {
    requireOpen();
    ip("link", "set", rootVeth, "down");
  }

  /** Reconnects a host that was {@link #cut()}: returns once its link is up again. */
  public void heal() {
    requireOpen();
    ip("link", "set", rootVeth, "up");
    Path operstate = Path.of("/sys/class/net", rootVeth, "operstate");
    long deadline = System.nanoTime() + LINK_CHANGE.toNanos();
    while (!"up".equals(readQuietly(operstate))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "host " + name() + ": link " + rootVeth + " did not come up within " + LINK_CHANGE);
      }
      pause(20);
    }
  }

  /**
   * Stops SSH to the host as if its sshd died: every sshd process in its namespace (the listener
   * and each connection's own) is killed, so established SSH connections break and new ones are
   * refused; the host's other processes live on. {@link #restartSshd} brings it back.
   */
  public void stopSshd() {
    requireOpen();
    String pids = ip("netns", "pids", namespace).stdout();
    for (String pid : pids.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      if ("sshd".equals(readQuietly(Path.of("/proc", pid, "comm")))) {
        CommandResult.run(List.of("kill", "-KILL", pid));
      }
    }
    try {
      sshd.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts sshd again after {@link #stopSshd}; returns once it accepts connections. */
  public void restartSshd() {
    requireOpen();
    startSshd();
    awaitSshd();
  }

  /**
   * Freezes ({@code SIGSTOP}) every process of this host's user whose command line matches {@code
   * pattern}, as a JVM stuck in the kernel or a paused VM: alive, silent. Returns their pids.
   */
  public List<Long> freeze(String pattern) {
    List<Long> pids = processes(pattern);
    for (long pid : pids) {
      CommandResult.run(List.of("kill", "-STOP", Long.toString(pid)));
    }
    return pids;
  }

  /**
   * Runs {@code command} (no shell) on this host as its user: in its namespace, in its home, with a
   * login-like environment; waits at most {@link CommandResult#DEFAULT_TIMEOUT}.
   */
  public CommandResult exec(String... command) {
    requireOpen();
    List<String> line = asUser(List.of(command));
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    environment.put("HOME", home.toString());
    environment.put("USER", user);
    environment.put("LOGNAME", user);
    environment.put("LANG", "C.UTF-8");
    return CommandResult.run(line, home, environment, CommandResult.DEFAULT_TIMEOUT);
  }

  /**
   * {@code command} as a command line that runs it on this host as its user, in its namespace
   * (without a shell and without changing the environment), for a test that starts it its own way.
   */
  public List<String> asUser(List<String> command) {
    requireOpen();
    List<String> line = new ArrayList<>();
    line.addAll(List.of(tools.ip().toString(), "netns", "exec", namespace));
    line.addAll(List.of(tools.runuser().toString(), "-u", user, "--"));
    line.addAll(command);
    return line;
  }

  /**
   * The pids of this host's user's processes whose full command line matches the extended regular
   * expression {@code pattern} ({@code pgrep -u USER -f PATTERN}).
   */
  public List<Long> processes(String pattern) {
    requireOpen();
    return TestHosts.pids(tools, "-u", user, "-f", pattern);
  }

  @Override
  public String toString() {
    return "test host " + name() + " (" + user + "@" + namespace + ")";
  }

  /** Makes the user, the keys, the sshd config and the network, then starts sshd. */
  void start(Path clientPublicKey) {
    setUpUser(clientPublicKey);
    setUpSshd();
    setUpNetwork();
    startSshd();
  }

  /** Waits until sshd accepts TCP connections, or fails with the end of its log. */
  void awaitSshd() {
    long deadline = System.nanoTime() + SSHD_START.toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address(), SSH_PORT), 200);
        return;
      } catch (IOException e) {
        if (!sshd.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "host "
                  + name()
                  + ": sshd did not start listening within "
                  + SSHD_START.toSeconds()
                  + "s; its log "
                  + sshdLog()
                  + " says: "
                  + readQuietly(sshdLog()).strip(),
              e);
        }
        pause(20);
      }
    }
  }

  /** The line this host adds to known_hosts. */
  String knownHostsLine() {
    return address() + " " + hostKey;
  }

  /** The root side of the veth pair, its address .1 being where workers connect back to. */
  String rootAddress() {
    return "10.213." + index + ".1";
  }

  /**
   * Stops sshd, kills every process in the namespace and of the user, and deletes the namespace
   * (with its veth pair) and the route that keeps its subnet off the default route. Idempotent.
   */
  void stop() {
    closed = true;
    if (sshd != null) {
      sshd.destroy();
      try {
        if (!sshd.waitFor(5, TimeUnit.SECONDS)) {
          sshd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    TestHosts.killNamespace(tools, namespace);
    TestHosts.killUser(tools, user);
    TestHosts.deleteNamespace(tools, namespace);
    TestHosts.deleteLink(tools, rootVeth);
    CommandResult.run(
        List.of(tools.ip().toString(), "route", "del", "unreachable", subnet(), "metric", "1000"));
  }

  private void setUpUser(Path clientPublicKey) {
    CommandResult exists = CommandResult.run(List.of("id", "-u", user));
    if (!exists.succeeded()) {
      run(tools.useradd().toString(), "-m", "-s", "/bin/bash", user);
    }
    // With UsePAM no, sshd refuses even key logins to a locked account: '*' unlocks it for keys.
    run(tools.usermod().toString(), "-p", "*", user);
    TestHosts.killUser(tools, user);
    home = Path.of(run("getent", "passwd", user).stdout().strip().split(":")[5]);
    try {
      HostTools.emptyDirectory(home);
      Path ssh = Files.createDirectories(home.resolve(".ssh"));
      Files.copy(clientPublicKey, ssh.resolve("authorized_keys"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the home of " + user, e);
    }
    run(tools.chown().toString(), "-R", user + ":", home.toString());
  }

  private void setUpSshd() {
    try {
      Files.createDirectories(dir);
      HostTools.emptyDirectory(dir);
      Path key = dir.resolve("ssh_host_ed25519_key");
      run(
          tools.sshKeygen().toString(),
          "-q",
          "-t",
          "ed25519",
          "-N",
          "",
          "-C",
          name(),
          "-f",
          key.toString());
      String[] publicKey =
          Files.readString(dir.resolve("ssh_host_ed25519_key.pub"), StandardCharsets.UTF_8)
              .strip()
              .split(" ");
      hostKey = publicKey[0] + " " + publicKey[1];
      String config =
          String.join(
              "\n",
              "ListenAddress " + address(),
              "Port " + SSH_PORT,
              "HostKey " + key,
              "PidFile " + dir.resolve("sshd.pid"),
              "AuthorizedKeysFile " + home.resolve(".ssh/authorized_keys"),
              "AllowUsers " + user,
              "PermitRootLogin no",
              "PubkeyAuthentication yes",
              "PasswordAuthentication no",
              "KbdInteractiveAuthentication no",
              "UsePAM no",
              "StrictModes no",
              "PrintMotd no",
              // Without it SFTP, and the SFTP-based scp, fail with "Connection closed".
              "Subsystem sftp internal-sftp",
              "");
      Files.writeString(dir.resolve("sshd_config"), config, StandardCharsets.UTF_8);
      // sshd's privilege separation directory (made by systemd on a booted machine).
      Files.createDirectories(Path.of("/run/sshd"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sshd files of " + this + " in " + dir, e);
    }
  }

  private void setUpNetwork() {
    ip("netns", "add", namespace);
    ip("link", "add", rootVeth, "type", "veth", "peer", "name", hostVeth, "netns", namespace);
    ip("addr", "add", rootAddress() + "/30", "dev", rootVeth);
    ip("link", "set", rootVeth, "up");
    // While the veth is down (cut) its connected route is gone: without this route, packets for
    // the host would take the default route out of the machine.
    ip("route", "replace", "unreachable", subnet(), "metric", "1000");
    ip("-n", namespace, "addr", "add", address() + "/30", "dev", hostVeth);
    ip("-n", namespace, "link", "set", hostVeth, "up");
    ip("-n", namespace, "link", "set", "lo", "up");
  }

  private void startSshd() {
    List<String> command =
        List.of(
            tools.ip().toString(),
            "netns",
            "exec",
            namespace,
            tools.sshd().toString(),
            "-D",
            "-f",
            dir.resolve("sshd_config").toString(),
            "-E",
            sshdLog().toString());
    try {
      // -D: sshd stays this process (ip execs it), so closing the hosts can stop it directly.
      sshd =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("sshd.out").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
    }
  }

  private String subnet() {
    return "10.213." + index + ".0/30";
  }

  private CommandResult ip(String... args) {
    List<String> line = new ArrayList<>();
    line.add(tools.ip().toString());
    line.addAll(List.of(args));
    return CommandResult.run(line).orThrow();
  }

  private static CommandResult run(String... command) {
    return CommandResult.run(List.of(command)).orThrow();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
