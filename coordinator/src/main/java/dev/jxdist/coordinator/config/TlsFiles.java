package dev.jxdist.coordinator.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The coordinator's own TLS certificate and key ({@code --tls-cert}, {@code --tls-key}), PEM files,
 * instead of a fresh self-signed certificate for each run.
 *
 * @param certificate the certificate chain, the coordinator's own first
 * @param key its private key, unencrypted
 */
public record TlsFiles(Path certificate, Path key) {

  public TlsFiles {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(key, "key");
  }
}
