package dev.jxdist.coordinator.ssh;

import dev.jxdist.coordinator.config.SshOptions;
import dev.jxdist.coordinator.config.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The basics of an OpenSSH client config ({@code ~/.ssh/config}): {@code Host} blocks with {@code
 * HostName}, {@code User}, {@code Port} and {@code IdentityFile}. As in OpenSSH, the first value
 * found for a host wins, {@code IdentityFile}s add up, patterns take {@code *}, {@code ?} and
 * {@code !}, and lines before the first {@code Host} apply to every host. Other keywords are
 * ignored, and so are {@code Match} blocks.
 */
public final class SshConfig {

  /** What the config says about one host; empty where it says nothing. */
  public record Entry(
      Optional<String> hostName,
      Optional<String> user,
      OptionalInt port,
      List<Path> identityFiles) {
    public Entry {
      identityFiles = List.copyOf(identityFiles);
    }
  }

  private record Line(int number, String keyword, List<String> args) {}

  private static final Pattern SPLIT = Pattern.compile("^\\s*(\\S+?)(?:\\s*=\\s*|\\s+)(.*)$");

  private final String source;
  private final List<Line> lines;
  private final Path home;

  private SshConfig(String source, List<Line> lines, Path home) {
    this.source = source;
    this.lines = lines;
    this.home = home;
  }

  /** A config that says nothing about any host. */
  public static SshConfig empty() {
    return new SshConfig("(none)", List.of(), SshOptions.userHome());
  }

  /**
   * Reads {@code file}; a missing file is an empty config.
   *
   * @param home what {@code ~} in {@code IdentityFile} stands for
   * @throws UsageException if the file exists but cannot be read, or a line makes no sense
   */
  public static SshConfig read(Path file, Path home) {
    if (!Files.exists(file)) {
      return new SshConfig(file.toString(), List.of(), home);
    }
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), home);
    } catch (IOException e) {
      throw new UsageException(
          "the SSH config "
              + file
              + " cannot be read ("
              + e.getMessage()
              + "); fix its permissions");
    }
  }

  /** Parses config text; {@code source} names it in error messages. */
  public static SshConfig parse(String source, String text, Path home) {
    List<Line> lines = new ArrayList<>();
    List<String> raw = text.lines().toList();
    for (int i = 0; i < raw.size(); i++) {
      String line = raw.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      var m = SPLIT.matcher(line);
      if (!m.matches()) {
        throw new UsageException(
            "the SSH config "
                + source
                + " line "
                + (i + 1)
                + " '"
                + line
                + "' has a keyword but no value; fix or remove it");
      }
      lines.add(new Line(i + 1, m.group(1).toLowerCase(Locale.ROOT), words(m.group(2))));
    }
    return new SshConfig(source, List.copyOf(lines), home);
  }

  /** What applies to {@code host} (the name as the host list gives it). */
  public Entry lookup(String host) {
    String hostName = null;
    String user = null;
    Integer port = null;
    List<Path> identityFiles = new ArrayList<>();
    boolean applies = true;
    for (Line line : lines) {
      switch (line.keyword()) {
        case "host":
          applies = matches(host, line.args());
          continue;
        case "match":
          applies = false; // not supported: its settings are left out
          continue;
        default:
          break;
      }
      if (!applies || line.args().isEmpty()) {
        continue;
      }
      String value = line.args().get(0);
      switch (line.keyword()) {
        case "hostname":
          if (hostName == null) {
            hostName = value.replace("%h", host);
          }
          break;
        case "user":
          if (user == null) {
            user = value;
          }
          break;
        case "port":
          if (port == null) {
            port = port(value, line);
          }
          break;
        case "identityfile":
          identityFiles.add(path(value, host));
          break;
        default:
          break;
      }
    }
    return new Entry(
        Optional.ofNullable(hostName),
        Optional.ofNullable(user),
        port == null ? OptionalInt.empty() : OptionalInt.of(port),
        identityFiles);
  }

  private int port(String value, Line line) {
    try {
      int p = Integer.parseInt(value);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        "the SSH config "
            + source
            + " line "
            + line.number()
            + " has Port "
            + value
            + "; give a port from 1 to 65535");
  }

  private Path path(String value, String host) {
    String v = value.replace("%d", home.toString()).replace("%h", host);
    if (v.equals("~")) {
      return home;
    }
    if (v.startsWith("~/")) {
      return home.resolve(v.substring(2));
    }
    Path p = Path.of(v);
    return p.isAbsolute() ? p : home.resolve(".ssh").resolve(p);
  }

  /** True if {@code host} matches one of the patterns and none of the negated ones. */
  static boolean matches(String host, List<String> patterns) {
    boolean matched = false;
    for (String pattern : patterns) {
      boolean negated = pattern.startsWith("!");
      String p = negated ? pattern.substring(1) : pattern;
      if (glob(p).matcher(host).matches()) {
        if (negated) {
          return false;
        }
        matched = true;
      }
    }
    return matched;
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
  }

  /** Splits a value into words; double quotes group words with spaces. */
  private static List<String> words(String value) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (any) {
          words.add(word.toString());
          word.setLength(0);
          any = false;
        }
      } else {
        word.append(c);
        any = true;
      }
    }
    if (any) {
      words.add(word.toString());
    }
    return words;
  }

  @Override
  public String toString() {
    return "SSH config " + source;
  }
}
