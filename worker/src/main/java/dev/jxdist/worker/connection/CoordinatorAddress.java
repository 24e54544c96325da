package dev.jxdist.worker.connection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

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

  /**
   * The socket address to dial in plaintext: this address resolved, if it is a loopback address.
   * The resolved address is what is dialled, so a name cannot resolve to loopback here and
   * elsewhere later.
   *
   * @throws IllegalArgumentException naming this address if it does not resolve to a loopback
   *     address
   */
  public InetSocketAddress loopback() {
    InetAddress resolved;
    try {
      resolved = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "coordinator address " + this + " does not resolve: " + e.getMessage(), e);
    }
    if (!resolved.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "the bootstrap says coordinator-trust=loopback, but "
              + this
              + " is not a loopback address: a worker speaks plaintext to its own machine"
              + " only; give the coordinator's certificate pin instead");
    }
    return new InetSocketAddress(resolved, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
