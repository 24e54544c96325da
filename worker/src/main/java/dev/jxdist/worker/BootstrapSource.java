package dev.jxdist.worker;

import dev.jxdist.common.wire.CoordinatorTrust;
import dev.jxdist.common.wire.WorkerBootstrap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a worker learns its coordinator, id, token and the coordinator's certificate pin: from the
 * environment if {@value #COORDINATOR} is set (workers started by someone else: a CI job, a systemd
 * unit), else from the bootstrap lines on standard input (workers the coordinator starts). The
 * token never comes from the command line.
 */
final class BootstrapSource {

  /** The coordinator's host:port; its presence selects the environment. */
  static final String COORDINATOR = WorkerBootstrap.COORDINATOR;

  /** The worker's id. */
  static final String WORKER_ID = WorkerBootstrap.WORKER_ID;

  /** A file holding the token (surrounding whitespace ignored). */
  static final String TOKEN_FILE = WorkerBootstrap.TOKEN_FILE;

  private BootstrapSource() {}

  /**
   * Reads the bootstrap.
   *
   * @throws IOException with a one-sentence message naming what is missing
   */
  static WorkerBootstrap read(Map<String, String> env, InputStream stdin) throws IOException {
    String coordinator = env.get(COORDINATOR);
    if (coordinator == null || coordinator.isBlank()) {
      return WorkerBootstrap.readFrom(stdin);
    }
    String workerId = required(env, WORKER_ID, "the worker's id, e.g. w1");
    Path tokenFile = Path.of(required(env, TOKEN_FILE, "a file holding the run's token"));
    String pin =
        required(
            env,
            WorkerBootstrap.COORDINATOR_CERT_SHA256,
            "the SHA-256 fingerprint of the coordinator's certificate");
    String token;
    try {
      // The token is the first line; a joiner's token file has more.
      token =
          Files.readString(tokenFile, StandardCharsets.UTF_8)
              .strip()
              .lines()
              .findFirst()
              .orElse("")
              .strip();
    } catch (NoSuchFileException e) {
      throw new IOException(TOKEN_FILE + " names " + tokenFile + ", which does not exist", e);
    }
    if (token.isEmpty()) {
      throw new IOException("the token file " + tokenFile + " (" + TOKEN_FILE + ") is empty");
    }
    return new WorkerBootstrap(
        coordinator.strip(),
        workerId.strip(),
        token,
        CoordinatorTrust.pinned(WorkerBootstrap.pin(pin, WorkerBootstrap.COORDINATOR_CERT_SHA256)),
        false);
  }

  private static String required(Map<String, String> env, String name, String what)
      throws IOException {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IOException(COORDINATOR + " is set but " + name + " is not; set it to " + what);
    }
    return value;
  }
}
