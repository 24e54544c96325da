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
 * What a worker must know before it can dial in, handed to it on its standard input (never on its
 * command line, where {@code ps} would show the token).
 *
 * <p>The format is {@code key=value} lines ended by an empty line, so that stdin can stay open
 * after it: a local worker whose stdin reaches end-of-file knows that its parent is gone.
 *
 * @param coordinator the coordinator's {@code host:port}
 * @param workerId the id the coordinator gave this worker
 * @param token the per-run secret the worker presents in Hello
 * @param exitOnStdinEof exit when stdin closes (the parent process died)
 */
public record WorkerBootstrap(
    String coordinator, String workerId, String token, boolean exitOnStdinEof) {

  public WorkerBootstrap {
    Objects.requireNonNull(coordinator, "coordinator");
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(token, "token");
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
        Boolean.parseBoolean(values.getOrDefault("exit-on-stdin-eof", "false")));
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
