package dev.jxdist.coordinator.config;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network address as a command line gives it: {@code host:port}, {@code [v6 address]:port}.
 * Nothing is resolved here.
 *
 * @param host a name or an address, without brackets
 * @param port from 1 to 65535, or 0 for any free port (an address to listen on)
 */
public record HostPort(String host, int port) {

  private static final Pattern FORM =
      Pattern.compile("^(?:\\[(?<v6>[^\\]]+)\\]|(?<host>[^:\\[\\]]+)):(?<port>\\d{1,5})$");

  public HostPort {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not from 0 to 65535");
    }
  }

  /**
   * Parses {@code text}, given to {@code option}, an address to dial.
   *
   * @throws UsageException naming the option if it is not {@code HOST:PORT} with a port from 1 to
   *     65535
   */
  public static HostPort parse(String option, String text) {
    return parse(option, text, 1);
  }

  /**
   * Parses {@code text}, given to {@code option}, an address to listen on: port 0 is any free one.
   *
   * @throws UsageException naming the option if it is not {@code HOST:PORT}
   */
  public static HostPort parseListen(String option, String text) {
    return parse(option, text, 0);
  }

  private static HostPort parse(String option, String text, int lowestPort) {
    Matcher m = FORM.matcher(text.strip());
    int port = m.matches() ? Integer.parseInt(m.group("port")) : -1;
    if (port < lowestPort || port > 65535) {
      throw new UsageException(
          option + " '" + text + "' is not HOST:PORT; give e.g. 10.0.0.5:7070 or [fd00::5]:7070");
    }
    return new HostPort(m.group("v6") != null ? m.group("v6") : m.group("host"), port);
  }

  /** {@code host:port}, with brackets around an IPv6 address: what gRPC targets take. */
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
