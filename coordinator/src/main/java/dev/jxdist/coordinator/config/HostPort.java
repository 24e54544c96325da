package dev.jxdist.coordinator.config;

import java.util.Objects;

/**
 * A TCP address as the user wrote it: {@code host:port}, {@code [v6-address]:port}. Nothing is
 * resolved here.
 *
 * @param host a host name or IP address (an IPv6 address without brackets)
 * @param port the TCP port, 0 for any free one
 */
public record HostPort(String host, int port) {

  public HostPort {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not in 0..65535");
    }
  }

  /**
   * Parses {@code text} given to {@code option}.
   *
   * @throws UsageException naming the option and the value if it is not {@code host:port}
   */
  public static HostPort parse(String text, String option) {
    String s = text.strip();
    int colon = s.lastIndexOf(':');
    String host = colon > 0 ? s.substring(0, colon) : "";
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      host = ""; // an IPv6 address needs brackets to tell it from the port
    }
    int port = -1;
    if (colon > 0) {
      try {
        port = Integer.parseInt(s.substring(colon + 1));
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    if (host.isEmpty() || port < 0 || port > 65535) {
      throw new UsageException(
          option + " " + text + ": give ADDRESS:PORT, e.g. 10.0.0.5:7070 or [::1]:7070");
    }
    return new HostPort(host, port);
  }

  /** As the user would write it: {@code host:port}, IPv6 addresses in brackets. */
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
