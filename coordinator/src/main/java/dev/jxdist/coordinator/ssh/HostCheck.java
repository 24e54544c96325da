package dev.jxdist.coordinator.ssh;

import dev.jxdist.coordinator.config.HostSpec;
import dev.jxdist.coordinator.config.SshOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a host can run workers: SSH logs in, the remote Java is 17 or newer, the tools code
 * sync needs are there ({@code tar}, and {@code openssl} or {@code sha256sum}), the cache directory
 * can be made; and reports the host's cores, the free disk in its cache and the size of its blob
 * store. Each remote command runs through {@code sh -c} with its arguments quoted.
 */
public final class HostCheck {

  /** The oldest Java a worker runs on. */
  public static final int MIN_JAVA = 17;

  /** The cache directory on a host unless {@code --remote-cache} says otherwise. */
  public static final String DEFAULT_REMOTE_CACHE = "~/.cache/jxdist";

  /** How long one remote command may take (a cold {@code java -version} on a slow host: ~1 s). */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern VERSION = Pattern.compile("version \"([^\"]+)\"");

  private final SshOptions options;
  private final SshConfig config;
  private final String remoteJava;
  private final String remoteCache;

  /**
   * @param remoteJava the java command on the hosts ({@code java}: the one on the PATH)
   * @param remoteCache the cache directory on the hosts ({@code ~/} is the remote home)
   */
  public HostCheck(SshOptions options, SshConfig config, String remoteJava, String remoteCache) {
    this.options = options;
    this.config = config;
    this.remoteJava = remoteJava;
    this.remoteCache = remoteCache;
  }

  /** Connects to {@code spec}'s host and checks it; never throws for a bad host. */
  public HostStatus check(HostSpec spec) {
    try (SshHost host = SshHost.connect(spec, options, config)) {
      return check(host);
    } catch (HostFailure e) {
      return HostStatus.failed(spec.host(), false, e.reason());
    }
  }

  /** Checks a connected host. */
  public HostStatus check(SshHost host) {
    try {
      String version = javaVersion(host);
      syncTools(host);
      int cores = cores(host);
      long free = freeDisk(host);
      long store = storeSize(host);
      return new HostStatus(
          host.name(), true, Optional.of(version), cores, free, store, Optional.empty());
    } catch (HostFailure e) {
      return HostStatus.failed(host.name(), true, e.reason());
    }
  }

  private String javaVersion(SshHost host) throws HostFailure {
    ExecResult java = host.exec(Shell.sh(Shell.path(remoteJava) + " -version"), COMMAND_TIMEOUT);
    if (java.exitCode() == 126 || java.exitCode() == 127) {
      throw new HostFailure(
          host.name(), "no Java at " + remoteJava + "; install Java 17+ or pass --remote-java");
    }
    Optional<String> version = version(java.stderr() + "\n" + java.stdout());
    if (!java.succeeded() || version.isEmpty()) {
      throw new HostFailure(
          host.name(),
          "'"
              + remoteJava
              + " -version' failed ("
              + java.firstErrorLine()
              + "); pass --remote-java");
    }
    OptionalInt major = major(version.get());
    if (major.isEmpty()) {
      throw new HostFailure(
          host.name(),
          "cannot tell the Java version from '" + version.get() + "'; pass --remote-java");
    }
    if (major.getAsInt() < MIN_JAVA) {
      throw new HostFailure(
          host.name(),
          "Java "
              + major.getAsInt()
              + " is too old; jxdist needs "
              + MIN_JAVA
              + " or newer (pass --remote-java)");
    }
    return version.get();
  }

  private void syncTools(SshHost host) throws HostFailure {
    ExecResult tools =
        host.exec(
            Shell.sh(
                "command -v tar >/dev/null 2>&1 || echo tar\n"
                    + "command -v openssl >/dev/null 2>&1 || command -v sha256sum >/dev/null 2>&1"
                    + " || echo sha256sum"),
            COMMAND_TIMEOUT);
    Optional<String> missing = missingTools(tools.stdout());
    if (missing.isPresent()) {
      throw new HostFailure(host.name(), missing.get());
    }
  }

  /**
   * What the host lacks for code sync, from the names the tool check printed: {@code lacks tar and
   * sha256sum, which code sync needs; install them}; empty if nothing.
   */
  static Optional<String> missingTools(String printed) {
    List<String> names = printed.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (names.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "lacks "
            + String.join(" and ", names)
            + ", which code sync needs; install "
            + (names.size() == 1 ? "it" : "them"));
  }

  /**
   * How many processors the host has online ({@code *auto} in a host list means that many workers).
   *
   * @throws HostFailure if they cannot be counted
   */
  public static int cores(SshHost host) throws HostFailure {
    ExecResult getconf = host.exec(Shell.sh("getconf _NPROCESSORS_ONLN"), COMMAND_TIMEOUT);
    try {
      return Integer.parseInt(getconf.stdout().strip());
    } catch (NumberFormatException e) {
      throw new HostFailure(
          host.name(), "cannot count its cores (getconf: " + getconf.firstErrorLine() + ")");
    }
  }

  private long freeDisk(SshHost host) throws HostFailure {
    String cache = Shell.path(remoteCache);
    ExecResult mkdir = host.exec(Shell.sh("mkdir -p " + cache), COMMAND_TIMEOUT);
    if (!mkdir.succeeded()) {
      throw new HostFailure(
          host.name(),
          "cannot create the cache directory "
              + remoteCache
              + " ("
              + mkdir.firstErrorLine()
              + "); pass --remote-cache");
    }
    ExecResult df = host.exec(Shell.sh("df -Pk " + cache), COMMAND_TIMEOUT);
    long kib = dfAvailableKib(df.stdout());
    if (!df.succeeded() || kib < 0) {
      throw new HostFailure(
          host.name(),
          "cannot tell the free disk in " + remoteCache + " (df: " + df.firstErrorLine() + ")");
    }
    return kib * 1024;
  }

  private long storeSize(SshHost host) throws HostFailure {
    String blobs =
        Shell.path(remoteCache.endsWith("/") ? remoteCache + "blobs" : remoteCache + "/blobs");
    ExecResult du =
        host.exec(
            Shell.sh("if [ -d " + blobs + " ]; then du -sk " + blobs + "; else echo 0; fi"),
            COMMAND_TIMEOUT);
    try {
      return Long.parseLong(du.stdout().strip().split("\\s+")[0]) * 1024;
    } catch (NumberFormatException e) {
      throw new HostFailure(
          host.name(),
          "cannot measure the blob store in " + remoteCache + " (du: " + du.firstErrorLine() + ")");
    }
  }

  /**
   * The version string of {@code java -version} output: {@code 17.0.15} from {@code version
   * "17.0.15"}.
   */
  static Optional<String> version(String output) {
    Matcher m = VERSION.matcher(output);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * The feature release of a Java version string: 17 for {@code 17.0.15}, 8 for {@code 1.8.0_392}.
   */
  static OptionalInt major(String version) {
    Matcher m = Pattern.compile("^(?:1\\.)?(\\d+)").matcher(version);
    if (!m.find()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(m.group(1)));
  }

  /** The available KiB in {@code df -Pk} output (4th field of the 2nd line), -1 if absent. */
  static long dfAvailableKib(String output) {
    var lines = output.lines().filter(line -> !line.isBlank()).toList();
    if (lines.size() < 2) {
      return -1;
    }
    String[] fields = lines.get(lines.size() - 1).strip().split("\\s+");
    if (fields.length < 4) {
      return -1;
    }
    try {
      return Long.parseLong(fields[3]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
