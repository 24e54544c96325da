package dev.jxdist.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A Unix account made for one test and removed after it, with an empty home of its own: no {@code
 * ~/.m2}, no caches, nothing of the user who built jxdist (a JVM takes {@code user.home} from the
 * account, not from {@code $HOME}, so only another account gives a clean home). Commands run as it
 * through {@code runuser}, with exactly the environment the test gives and no other. Needs root, as
 * the SSH end-to-end tests do.
 */
final class FreshUser implements AutoCloseable {

  private static final Duration ADMIN = Duration.ofSeconds(30);

  private final String name;
  private final Path home;
  private boolean closed;

  private FreshUser(String name, Path home) {
    this.name = name;
    this.home = home;
  }

  /** Creates the account, its home at {@code home} (which must not exist yet), empty. */
  static FreshUser create(Path home) {
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException(
          "this test creates a Unix account with an empty home and runs as it; run it as root"
              + " (as CI does)");
    }
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    String name = "jxdist-" + HexFormat.of().formatHex(random);
    admin("useradd", "-M", "-U", "-s", "/bin/bash", "-d", home.toString(), name);
    FreshUser user = new FreshUser(name, home);
    try {
      Files.createDirectories(home);
      user.own(home);
    } catch (IOException | RuntimeException e) {
      user.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
    return user;
  }

  /** The account's name. */
  String name() {
    return name;
  }

  /** Its home directory. */
  Path home() {
    return home;
  }

  /** Gives {@code path} and everything under it to this account. */
  void own(Path path) {
    admin("chown", "-R", name + ":" + name, path.toString());
  }

  /** The command line that runs {@code command} as this account, with only {@code env} set. */
  List<String> command(Map<String, String> env, List<String> command) {
    List<String> out = new ArrayList<>(List.of(tool("runuser").toString(), "-u", name, "--"));
    out.add("/usr/bin/env");
    out.add("-i");
    env.forEach((k, v) -> out.add(k + "=" + v));
    out.addAll(command);
    return out;
  }

  /** Ends whatever still runs as this account, then removes the account (not its files). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ProcessHandle.allProcesses()
        .filter(p -> p.info().user().map(name::equals).orElse(false))
        .forEach(ProcessHandle::destroyForcibly);
    admin("userdel", name);
  }

  private static void admin(String tool, String... args) {
    List<String> command = new ArrayList<>(List.of(tool(tool).toString()));
    command.addAll(List.of(args));
    ProcessResult result =
        ProcessResult.run(
            command,
            Path.of("/"),
            Fixtures.runsDir().resolve("fresh-user-" + tool + ".log"),
            ADMIN);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(result.describe());
    }
  }

  private static Path tool(String name) {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        name + " is missing; install passwd and util-linux (they come with Debian)");
  }
}
