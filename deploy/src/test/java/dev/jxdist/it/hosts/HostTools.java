package dev.jxdist.it.hosts;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The absolute paths of the system programs that make test hosts, found once on {@code PATH} and in
 * the usual system directories; {@link #find()} fails with one message naming everything missing.
 */
record HostTools(
    Path ip,
    Path sshd,
    Path sshKeygen,
    Path useradd,
    Path usermod,
    Path chown,
    Path runuser,
    Path pgrep) {

  private static final List<String> SYSTEM_DIRS =
      List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

  /**
   * The tools, if this JVM runs as root and all of them are installed; otherwise an {@link
   * IllegalStateException} saying what is missing and that {@code .ci/run} installs it.
   */
  static HostTools find() {
    List<String> missing = new ArrayList<>();
    if (!runningAsRoot()) {
      missing.add("root privileges (to create network namespaces and users)");
    }
    Path ip = locate("ip", "iproute2", missing);
    Path sshd = locate("sshd", "openssh-server", missing);
    Path sshKeygen = locate("ssh-keygen", "openssh-client", missing);
    Path useradd = locate("useradd", "passwd", missing);
    Path usermod = locate("usermod", "passwd", missing);
    Path chown = locate("chown", "coreutils", missing);
    Path runuser = locate("runuser", "util-linux", missing);
    Path pgrep = locate("pgrep", "procps", missing);
    locate("ssh", "openssh-client", missing);
    locate("sftp", "openssh-client", missing);
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "cannot make SSH test hosts: missing "
              + String.join(", ", missing)
              + "; run the tests as root through .ci/run, which installs openssh-server and"
              + " iproute2 (apt-get install openssh-server iproute2)");
    }
    return new HostTools(ip, sshd, sshKeygen, useradd, usermod, chown, runuser, pgrep);
  }

  private static boolean runningAsRoot() {
    try {
      // /proc/self belongs to the user the process runs as.
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static Path locate(String program, String debianPackage, List<String> missing) {
    Set<String> dirs = new LinkedHashSet<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.addAll(SYSTEM_DIRS);
    for (String dir : dirs) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    missing.add(program + " (package " + debianPackage + ")");
    return null;
  }

  /** Deletes what {@code dir} holds, but not {@code dir}; symbolic links are not followed. */
  static void emptyDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var entries = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(entries.toList());
      for (int i = all.size() - 1; i > 0; i--) {
        Files.delete(all.get(i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty " + dir, e);
    }
  }
}
