package dev.jxdist.common.wire;

import java.util.Objects;
import java.util.Optional;

/**
 * What a worker accepts as its coordinator, as the one who starts the worker says.
 *
 * <ul>
 *   <li>{@link #pinned}: the coordinator whose TLS certificate has the pinned fingerprint, and no
 *       other. Every worker whose connection could leave the machine, or go through a tunnel, or
 *       that someone else started, trusts this way.
 *   <li>{@link #loopback}: a plaintext connection to a loopback address, for a worker the
 *       coordinator spawned on its own machine in a run whose every worker is such a worker. The
 *       coordinator holds the port before it spawns the worker and the worker dials it once, so the
 *       kernel keeps every other process off that port and off the connection, which never leaves
 *       the machine: TLS would add its start-up (0.4-0.8 CPU s a run with one or two workers,
 *       bench/README.md) and no protection. The worker still proves itself with the run's token,
 *       and it refuses this trust for any address that is not a loopback address.
 * </ul>
 */
public final class CoordinatorTrust {

  private static final CoordinatorTrust LOOPBACK = new CoordinatorTrust(null);

  private final CertificatePin pin;

  private CoordinatorTrust(CertificatePin pin) {
    this.pin = pin;
  }

  /** TLS, accepting only the certificate with {@code pin}. */
  public static CoordinatorTrust pinned(CertificatePin pin) {
    return new CoordinatorTrust(Objects.requireNonNull(pin, "pin"));
  }

  /** Plaintext, to a loopback address only. */
  public static CoordinatorTrust loopback() {
    return LOOPBACK;
  }

  /** The pinned certificate; empty for {@link #loopback}. */
  public Optional<CertificatePin> pin() {
    return Optional.ofNullable(pin);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CoordinatorTrust && Objects.equals(pin, ((CoordinatorTrust) o).pin);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(pin);
  }

  @Override
  public String toString() {
    return pin == null ? "loopback" : "pinned " + pin;
  }
}
