package dev.jxdist.coordinator.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of a host list: {@code [user@]host[:port][*N|*auto]}.
 *
 * @param user the login, if given (else ~/.ssh/config or the local user decides)
 * @param host the host name or address, as reports name the host
 * @param port the SSH port, if given
 * @param workers how many workers to run there; empty for {@code *auto} (the host's cores)
 */
public record HostSpec(Optional<String> user, String host, OptionalInt port, OptionalInt workers) {

  private static final Pattern SPEC =
      Pattern.compile(
          "^(?:(?<user>[A-Za-z0-9._-]+)@)?"
              + "(?<host>\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+)"
              + "(?::(?<port>\\d+))?"
              + "(?:\\*(?<workers>\\d+|auto))?$");

  /** The most workers one host may be asked for: more would only exhaust its processes. */
  public static final int MAX_WORKERS = 1024;

  public HostSpec {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(workers, "workers");
  }

  /**
   * Parses one spec.
   *
   * @param where names the source in error messages ({@code --hosts}, {@code hosts.txt line 3})
   * @throws UsageException naming the spec and what is wrong with it
   */
  public static HostSpec parse(String spec, String where) {
    String s = spec.strip();
    Matcher m = SPEC.matcher(s);
    if (!m.matches()) {
      throw new UsageException(
          where
              + ": '"
              + spec
              + "' is not a host; write [user@]host[:port][*N|*auto], e.g. ci@build1:2222*4");
    }
    OptionalInt port = OptionalInt.empty();
    if (m.group("port") != null) {
      long p = number(m.group("port"));
      if (p < 1 || p > 65535) {
        throw new UsageException(
            where
                + ": '"
                + spec
                + "' has port "
                + m.group("port")
                + "; give a port from 1 to 65535");
      }
      port = OptionalInt.of((int) p);
    }
    OptionalInt workers = OptionalInt.of(1);
    String w = m.group("workers");
    if (w != null) {
      if (w.equals("auto")) {
        workers = OptionalInt.empty();
      } else {
        long n = number(w);
        if (n < 1 || n > MAX_WORKERS) {
          throw new UsageException(
              where
                  + ": '"
                  + spec
                  + "' asks for "
                  + w
                  + " workers; give from 1 to "
                  + MAX_WORKERS
                  + ", or *auto");
        }
        workers = OptionalInt.of((int) n);
      }
    }
    String host = m.group("host");
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    return new HostSpec(Optional.ofNullable(m.group("user")), host, port, workers);
  }

  /** A string of digits as a number; {@link Long#MAX_VALUE} if it has too many to fit. */
  private static long number(String digits) {
    return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
  }

  /** Parses {@code --hosts a,b,c}. */
  public static List<HostSpec> parseList(String specs) {
    List<HostSpec> out = new ArrayList<>();
    for (String s : specs.split(",")) {
      if (!s.isBlank()) {
        out.add(parse(s, "--hosts"));
      }
    }
    if (out.isEmpty()) {
      throw new UsageException("--hosts is empty; give one or more [user@]host[:port][*N|*auto]");
    }
    return out;
  }

  /** Parses a hosts file: one spec a line; blank lines and {@code #} comments are ignored. */
  public static List<HostSpec> parseFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("--hosts-file " + file + " cannot be read: " + e.getMessage());
    }
    List<HostSpec> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String spec = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (!spec.isEmpty()) {
        out.add(parse(spec, file + " line " + (i + 1)));
      }
    }
    if (out.isEmpty()) {
      throw new UsageException("--hosts-file " + file + " names no host");
    }
    return out;
  }
}
