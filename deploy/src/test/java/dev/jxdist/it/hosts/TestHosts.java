package dev.jxdist.it.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of SSH test hosts ({@link TestHost}): Linux network namespaces, each with its own address
 * {@code 10.213.N.2} on a veth pair whose root side is {@code 10.213.N.1}, its own Unix user {@code
 * jxhN} (home emptied on creation) and a real OpenSSH {@code sshd}; one client key and one
 * known_hosts file for all of them.
 *
 * <p>The users and addresses are the same for every run on a machine, so a JVM holds an exclusive
 * lock ({@value #LOCK_FILE}) from {@link #create} to {@link #close}: a second JVM waits for it, and
 * only one {@code TestHosts} can be open in a JVM. Namespace and veth names carry the pid of the
 * JVM that made them; {@code create} first removes what crashed runs left behind. Needs root,
 * {@code ip} (iproute2) and {@code sshd} (openssh-server), which {@code .ci/run} installs.
 */
public final class TestHosts implements AutoCloseable {

  static final String NAMESPACE_PREFIX = "jxd-h";
  static final String VETH_PREFIX = "jxdv";
  static final String USER_PREFIX = "jxh";

  private static final String LOCK_FILE = "/tmp/jxdist-test-hosts.lock";
  private static final Duration LOCK_WAIT = Duration.ofMinutes(10);
  private static final int MAX_HOSTS = 50;
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  private final HostTools tools;
  private final Path workDir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final List<TestHost> hosts = new ArrayList<>();
  private boolean closed;

  private TestHosts(HostTools tools, Path workDir, FileChannel lockChannel, FileLock lock) {
    this.tools = tools;
    this.workDir = workDir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Makes {@code count} hosts, their keys, configs and logs under {@code workDir}, and returns once
   * every sshd accepts connections. Fails with one message if the machine cannot make them (not
   * root, {@code ip} or {@code sshd} missing).
   */
  public static TestHosts create(int count, Path workDir) {
    if (count < 1 || count > MAX_HOSTS) {
      throw new IllegalArgumentException(
          "host count " + count + " is out of range; ask for 1 to " + MAX_HOSTS + " hosts");
    }
    HostTools tools = HostTools.find();
    Path dir = workDir.toAbsolutePath().normalize();
    FileChannel channel = null;
    TestHosts testHosts = null;
    try {
      Files.createDirectories(dir);
      channel =
          FileChannel.open(Path.of(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      testHosts = new TestHosts(tools, dir, channel, acquire(channel));
      testHosts.removeLeftovers();
      testHosts.start(count);
      return testHosts;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make SSH test hosts in " + dir, e);
    } catch (RuntimeException | Error e) {
      if (testHosts != null) {
        try {
          testHosts.close();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      } else {
        closeQuietly(channel);
      }
      throw e;
    }
  }

  /** The hosts, in order: host N has address {@code 10.213.N.2} and user {@code jxhN}. */
  public List<TestHost> hosts() {
    requireOpen();
    return List.copyOf(hosts);
  }

  /** A known_hosts file listing every host's address with its ed25519 host key. */
  public Path knownHosts() {
    requireOpen();
    return workDir.resolve("known_hosts");
  }

  /** The client's private ed25519 key (no passphrase); its public half is in every host's user. */
  public Path clientKey() {
    requireOpen();
    return workDir.resolve("client_ed25519");
  }

  /** The address on the root side of {@code host}'s link: where its workers connect back to. */
  public String rootAddress(TestHost host) {
    requireOpen();
    if (!hosts.contains(host)) {
      throw new IllegalArgumentException(host + " is not one of these hosts");
    }
    return host.rootAddress();
  }

  /**
   * OpenSSH client options for these hosts (before {@code user@address}): this client key only,
   * this known_hosts only and strictly, no user config, no prompts, a 3 s connect timeout.
   */
  public List<String> sshOptions() {
    requireOpen();
    return List.of(
        "-F",
        "/dev/null",
        "-i",
        clientKey().toString(),
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "UserKnownHostsFile=" + knownHosts(),
        "-o",
        "GlobalKnownHostsFile=/dev/null",
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        "UpdateHostKeys=no",
        "-o",
        "BatchMode=yes",
        "-o",
        "ConnectTimeout=3");
  }

  /**
   * Stops every sshd, kills every process of the hosts' users and in their namespaces, deletes the
   * namespaces (and with them the veth pairs) and releases the lock. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    for (TestHost host : hosts) {
      try {
        host.stop();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel releases the lock too.
    }
    closeQuietly(lockChannel);
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "SSH test hosts in " + workDir;
  }

  private void start(int count) throws IOException {
    Path key = clientKey();
    if (!Files.exists(key)) {
      CommandResult.run(
              List.of(
                  tools.sshKeygen().toString(),
                  "-q",
                  "-t",
                  "ed25519",
                  "-N",
                  "",
                  "-C",
                  "jxdist-test-client",
                  "-f",
                  key.toString()))
          .orThrow();
    }
    long pid = ProcessHandle.current().pid();
    for (int index = 1; index <= count; index++) {
      TestHost host = new TestHost(tools, index, pid, workDir);
      hosts.add(host);
      host.start(workDir.resolve("client_ed25519.pub"));
    }
    StringBuilder knownHosts = new StringBuilder();
    for (TestHost host : hosts) {
      host.awaitSshd();
      knownHosts.append(host.knownHostsLine()).append('\n');
    }
    Files.writeString(knownHosts(), knownHosts, StandardCharsets.UTF_8);
  }

  /** Removes the namespaces, veths and routes that crashed runs left behind. */
  private void removeLeftovers() {
    for (String line : ipLines("netns", "list")) {
      // "jxd-h1-1234 (id: 0)"
      String namespace = line.strip().split("\\s+")[0];
      if (namespace.startsWith(NAMESPACE_PREFIX)) {
        killNamespace(tools, namespace);
        deleteNamespace(tools, namespace);
      }
    }
    for (String line : ipLines("-o", "link", "show")) {
      // "7: jxdv1234-1@if2: <BROADCAST,..." (after the @, the peer's index)
      String[] fields = line.split(":\\s+", 3);
      if (fields.length > 1 && fields[1].startsWith(VETH_PREFIX)) {
        deleteLink(tools, fields[1].split("@")[0]);
      }
    }
    for (String line : ipLines("route", "show", "type", "unreachable", "root", "10.213.0.0/16")) {
      // "unreachable 10.213.1.0/30 metric 1000"
      List<String> route = new ArrayList<>(List.of(tools.ip().toString(), "route", "del"));
      route.addAll(List.of(line.strip().split("\\s+")));
      CommandResult.run(route).orThrow();
    }
  }

  private List<String> ipLines(String... args) {
    List<String> command = new ArrayList<>(List.of(tools.ip().toString()));
    command.addAll(List.of(args));
    return CommandResult.run(command).orThrow().stdout().lines().toList();
  }

  /** Kills every process in {@code namespace} (sshd's sessions run as root there). */
  static void killNamespace(HostTools tools, String namespace) {
    CommandResult listed =
        CommandResult.run(List.of(tools.ip().toString(), "netns", "pids", namespace));
    if (!listed.succeeded()) {
      return; // no such namespace (any more)
    }
    for (String line : listed.stdout().lines().toList()) {
      ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** Kills every process of {@code user} and waits until none is left. */
  static void killUser(HostTools tools, String user) {
    long deadline = System.nanoTime() + KILL_WAIT.toNanos();
    List<Long> left = pids(tools, "-u", user);
    while (!left.isEmpty()) {
      for (long pid : left) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "processes " + left + " of test user " + user + " survived kill -9 for " + KILL_WAIT);
      }
      sleep(20);
      left = pids(tools, "-u", user);
    }
  }

  static void deleteNamespace(HostTools tools, String namespace) {
    CommandResult deleted =
        CommandResult.run(List.of(tools.ip().toString(), "netns", "del", namespace));
    if (!deleted.succeeded() && !deleted.stderr().contains("No such file")) {
      deleted.orThrow();
    }
  }

  /**
   * Waits until the veth {@code link} is gone (deleting a namespace removes its veth pair shortly
   * after) and deletes it itself if it is still there after a while.
   */
  static void deleteLink(HostTools tools, String link) {
    long deadline = System.nanoTime() + KILL_WAIT.toNanos();
    while (Files.exists(Path.of("/sys/class/net", link))) {
      if (System.nanoTime() > deadline) {
        CommandResult.run(List.of(tools.ip().toString(), "link", "del", link)).orThrow();
        return;
      }
      sleep(20);
    }
  }

  /**
   * {@code pgrep ARGS}: the pids of the matching live processes, none if nothing matches. Zombies
   * are left out: they are dead, and in a container whose init does not reap orphans they stay.
   */
  static List<Long> pids(HostTools tools, String... args) {
    List<String> command = new ArrayList<>(List.of(tools.pgrep().toString()));
    command.addAll(List.of(args));
    CommandResult result = CommandResult.run(command);
    if (result.exitCode() == 1) {
      return List.of();
    }
    return result
        .orThrow()
        .stdout()
        .lines()
        .map(String::strip)
        .map(Long::valueOf)
        .filter(TestHosts::isLive)
        .toList();
  }

  /** True if {@code pid} is a process that has not exited (neither gone nor a zombie). */
  static boolean isLive(long pid) {
    try {
      // "1234 (comm) S ...": the state follows the last ')' (comm may contain anything).
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  private static FileLock acquire(FileChannel channel) throws IOException {
    long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
    while (true) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        throw new IllegalStateException(
            "another TestHosts is open in this JVM; close it before creating new test hosts", e);
      }
      if (lock != null) {
        return lock;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "another JVM has held "
                + LOCK_FILE
                + " (its SSH test hosts) for "
                + LOCK_WAIT.toMinutes()
                + " minutes; stop it or wait until it finishes");
      }
      sleep(200);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException(this + " are closed");
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing more to release.
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
