package dev.jxdist.coordinator.ssh;

import java.util.Objects;

/**
 * A host that cannot be used, and why, in one line: the message is {@code <host>: <reason>}, e.g.
 * {@code build3: host key does not match /home/ci/.ssh/known_hosts; remove the old key if the host
 * was rebuilt}. The host is named as the host list names it.
 */
public final class HostFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final String host;
  private final String reason;

  public HostFailure(String host, String reason) {
    this(host, reason, null);
  }

  public HostFailure(String host, String reason, Throwable cause) {
    super(
        Objects.requireNonNull(host, "host") + ": " + Objects.requireNonNull(reason, "reason"),
        cause);
    this.host = host;
    this.reason = reason;
  }

  /** The host as the host list names it. */
  public String host() {
    return host;
  }

  /** Why it cannot be used: one line, without the host name. */
  public String reason() {
    return reason;
  }
}
