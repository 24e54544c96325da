package dev.jxdist.common.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The contract between whatever starts a worker JVM (a local spawn, an SSH host, a joiner, later an
 * agent) and the worker: what it must know before it can dial in, how it is told, and what the
 * tests it runs can read about it. The one place for each of these names.
 *
 * <p>A worker learns its coordinator, id and token either from its standard input (never from its
 * command line, where {@code ps} would show the token), as {@code key=value} lines ended by an
 * empty line, so that stdin can stay open after it: a local worker whose stdin reaches end-of-file
 * knows that its parent is gone; or, when it was started by someone else, from the environment
 * ({@link #COORDINATOR}, {@link #WORKER_ID}, {@link #TOKEN_FILE}, {@link
 * #COORDINATOR_CERT_SHA256}). Either way it accepts no coordinator but the one whose certificate it
 * was handed the pin of (TLS), unless the coordinator that spawned it on its own machine says it is
 * on loopback ({@link CoordinatorTrust#loopback}: plaintext, to a loopback address only, which only
 * stdin can say); and its tests see its slot, id, the run's worker count and run id, as environment
 * variables ({@link #testEnvironment}) and as system properties ({@link #testProperties}). On a
 * machine whose code was synced, the worker jar lays the code out first, run as {@link
 * #LAYOUT_MAIN}.
 *
 * @param coordinator the coordinator's {@code host:port}
 * @param workerId the id the coordinator gave this worker
 * @param token the per-run secret the worker presents in Hello
 * @param trust what the worker accepts as its coordinator: the pinned certificate, or loopback
 * @param exitOnStdinEof exit when stdin closes (the parent process died)
 */
public record WorkerBootstrap(
    String coordinator,
    String workerId,
    String token,
    CoordinatorTrust trust,
    boolean exitOnStdinEof) {

  /** The coordinator's {@code host:port}; its presence says the bootstrap is in the environment. */
  public static final String COORDINATOR = "JXDIST_COORDINATOR";

  /** The worker's id ({@code w3}). */
  public static final String WORKER_ID = "JXDIST_WORKER_ID";

  /** A file holding the token (surrounding whitespace ignored), readable by its user only. */
  public static final String TOKEN_FILE = "JXDIST_TOKEN_FILE";

  /**
   * The SHA-256 fingerprint of the coordinator's certificate ({@link CertificatePin}): not a
   * secret, but only the one who starts the worker may say it.
   */
  public static final String COORDINATOR_CERT_SHA256 = "JXDIST_COORDINATOR_CERT_SHA256";

  /** The bootstrap line's key and value for {@link CoordinatorTrust#loopback}. */
  private static final String TRUST = "coordinator-trust";

  private static final String LOOPBACK = "loopback";

  /** The bootstrap line's key for the pinned certificate's fingerprint. */
  private static final String CERT_SHA256 = "coordinator-cert-sha256";

  /** The slot the worker fills ({@code w1}...): a later JVM may fill it again. */
  public static final String SLOT = "JXDIST_WORKER";

  /** How many workers the run has at once. */
  public static final String WORKER_COUNT = "JXDIST_WORKER_COUNT";

  /** The run's id. */
  public static final String RUN_ID = "JXDIST_RUN_ID";

  /**
   * The class in the worker jar that lays synced code out on a machine: {@code java -cp
   * jxdist-worker.jar LAYOUT_MAIN STORE MANIFEST SESSION}.
   */
  public static final String LAYOUT_MAIN = "dev.jxdist.worker.sync.LayoutCommand";

  public WorkerBootstrap {
    Objects.requireNonNull(coordinator, "coordinator");
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(trust, "trust");
  }

  /** Writes the bootstrap lines and the closing empty line; does not close {@code out}. */
  public void writeTo(OutputStream out) throws IOException {
    String text =
        "coordinator="
            + coordinator
            + "\nworker-id="
            + workerId
            + "\ntoken="
            + token
            + "\n"
            + trust.pin().map(pin -> CERT_SHA256 + "=" + pin).orElse(TRUST + "=" + LOOPBACK)
            + "\nexit-on-stdin-eof="
            + exitOnStdinEof
            + "\n\n";
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * Reads bootstrap lines up to the first empty line. Reads byte by byte so that nothing after the
   * empty line is consumed, leaving {@code in} positioned for an end-of-file watch.
   *
   * @throws IOException if the stream ends early or a required key is missing; the message names it
   */
  public static WorkerBootstrap readFrom(InputStream in) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    String line;
    while ((line = readLine(in)) != null && !line.isEmpty()) {
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IOException("worker bootstrap: expected key=value, got a line without '='");
      }
      values.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return new WorkerBootstrap(
        required(values, "coordinator"),
        required(values, "worker-id"),
        required(values, "token"),
        trust(values),
        Boolean.parseBoolean(values.getOrDefault("exit-on-stdin-eof", "false")));
  }

  /**
   * What tests read about their worker from the environment: {@code JXDIST_WORKER} and the rest.
   */
  public static Map<String, String> testEnvironment(
      String slot, String workerId, int workerCount, String runId) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(SLOT, slot);
    env.put(WORKER_ID, workerId);
    env.put(WORKER_COUNT, Integer.toString(workerCount));
    env.put(RUN_ID, runId);
    return env;
  }

  /** The system property that holds the run's id in a worker ({@link #testProperties}). */
  public static final String RUN_ID_PROPERTY = "jxdist.run.id";

  /** The same as system properties: {@code jxdist.worker} (the slot) and the rest. */
  public static Map<String, String> testProperties(
      String slot, String workerId, int workerCount, String runId) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("jxdist.worker", slot);
    properties.put("jxdist.worker.id", workerId);
    properties.put("jxdist.worker.count", Integer.toString(workerCount));
    properties.put(RUN_ID_PROPERTY, runId);
    return properties;
  }

  /**
   * The environment that bootstraps a worker started by someone else: its coordinator, its id, the
   * file its token is in and the coordinator's certificate pin.
   */
  public static Map<String, String> dialEnvironment(
      String coordinator, String workerId, String tokenFile, CertificatePin coordinatorPin) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(COORDINATOR, coordinator);
    env.put(WORKER_ID, workerId);
    env.put(TOKEN_FILE, tokenFile);
    env.put(COORDINATOR_CERT_SHA256, coordinatorPin.toString());
    return env;
  }

  /**
   * Parses the pin given by {@code where}.
   *
   * @throws IOException naming {@code where} if it is not a fingerprint
   */
  public static CertificatePin pin(String text, String where) throws IOException {
    try {
      return CertificatePin.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IOException("worker bootstrap: " + where + " " + e.getMessage(), e);
    }
  }

  /** A {@code coordinator-trust=loopback} line, or else the pin's line, which is then required. */
  private static CoordinatorTrust trust(Map<String, String> values) throws IOException {
    String trust = values.get(TRUST);
    if (trust == null) {
      return CoordinatorTrust.pinned(
          pin(required(values, CERT_SHA256), "the " + CERT_SHA256 + "= line"));
    }
    if (!trust.equals(LOOPBACK)) {
      throw new IOException(
          "worker bootstrap: the " + TRUST + "= line must say " + LOOPBACK + " or be left out");
    }
    if (values.containsKey(CERT_SHA256)) {
      throw new IOException(
          "worker bootstrap: both a "
              + CERT_SHA256
              + "= line and "
              + TRUST
              + "="
              + LOOPBACK
              + "; a worker trusts one way");
    }
    return CoordinatorTrust.loopback();
  }

  private static String required(Map<String, String> values, String key) throws IOException {
    String v = values.get(key);
    if (v == null || v.isEmpty()) {
      throw new IOException("worker bootstrap on stdin has no '" + key + "=' line");
    }
    return v;
  }

  @Override
  public String toString() {
    return "WorkerBootstrap[" + workerId + " -> " + coordinator + "]";
  }

  /** One line without its terminator, or null at end of stream; reads nothing past the newline. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      bytes.write(c);
    }
    if (c < 0 && bytes.size() == 0) {
      return null;
    }
    return bytes.toString(StandardCharsets.UTF_8).stripTrailing();
  }
}
