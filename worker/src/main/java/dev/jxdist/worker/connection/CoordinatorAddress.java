package dev.jxdist.worker.connection;

/**
 * Where the coordinator listens.
 *
 * @param host a host name or IP address (IPv6 without brackets)
 * @param port the TCP port
 */
public record CoordinatorAddress(String host, int port) {

  public CoordinatorAddress {
    if (host.isEmpty()) {
      throw new IllegalArgumentException("coordinator host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("coordinator port " + port + " is not in 1..65535");
    }
  }

  /**
   * Parses {@code host:port}, {@code [v6-address]:port} included.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static CoordinatorAddress parse(String text) {
    String s = text.strip();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException(
          "coordinator address '" + text + "' is not host:port (e.g. build1:7001)");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "coordinator address '" + text + "' has no numeric port (e.g. build1:7001)", e);
    }
    return new CoordinatorAddress(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
