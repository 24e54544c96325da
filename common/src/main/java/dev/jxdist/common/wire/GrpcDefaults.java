package dev.jxdist.common.wire;

import java.time.Duration;

/** Every gRPC and liveness knob of the protocol, in one place, each with its reason. */
public final class GrpcDefaults {

  /**
   * Largest message either side accepts; a larger one ends the stream (RESOURCE_EXHAUSTED), so a
   * runaway or hostile peer cannot make the other buffer it. A TestFinished carries captured output
   * and a stack trace; a plan comes in parts of {@link #PLAN_PART_BYTES}.
   */
  public static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

  /**
   * How many bytes of plan nodes a worker puts in one Discovered message at most (a few hundred
   * bytes a node: some ten thousand nodes); a larger plan goes in parts.
   */
  public static final int PLAN_PART_BYTES = 4 * 1024 * 1024;

  /**
   * The largest plan the coordinator joins from parts: a plan of some three million tests. A worker
   * that sends more ends its stream, as one that sends a message above {@link #MAX_MESSAGE_BYTES}.
   */
  public static final long MAX_PLAN_BYTES = 1024L * 1024 * 1024;

  /**
   * Transport keepalive. gRPC clamps client keepalive to at least 10 s; it catches dead TCP paths
   * (a cut link) that application heartbeats alone would only see later.
   */
  public static final Duration KEEPALIVE_TIME = Duration.ofSeconds(10);

  /** How long a keepalive ping may go unanswered before the transport is declared dead. */
  public static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(5);

  /** The server accepts client keepalive pings this often (must not exceed KEEPALIVE_TIME). */
  public static final Duration PERMIT_KEEPALIVE_TIME = Duration.ofSeconds(5);

  /**
   * The system property that turns Netty's JFR events on or off (the name of gRPC's shaded Netty;
   * packaging relocates it with the classes).
   */
  static final String NETTY_JFR_PROPERTY = "io.grpc.netty.shaded.io.netty.jfr.enabled";

  /**
   * Keeps Netty's JFR events off in this JVM unless its command line says otherwise; call it before
   * anything uses gRPC. Netty records its buffer allocations as JFR events whenever the JDK has
   * JFR, recording or not: its first pooled buffer then sets up JFR's metadata and generates event
   * classes, about a hundred classes that no class data archive can hold. A worker connected 40 ms
   * sooner without them (bench/README.md), and a user who records a worker's tests with JFR does
   * not want jxdist's buffers in the recording.
   */
  public static void withoutNettyJfrEvents() {
    if (System.getProperty(NETTY_JFR_PROPERTY) == null) {
      System.setProperty(NETTY_JFR_PROPERTY, "false");
    }
  }

  /** Seconds between the coordinator's application Pings to each worker. */
  public static final int HEARTBEAT_SECONDS = 2;

  /**
   * Heartbeat intervals of silence after which either side considers the other gone: a worker
   * exits, the coordinator treats the worker as crashed.
   */
  public static final int MISSED_HEARTBEATS = 5;

  /** How long a worker waits for Hello's answer and the coordinator for a Hello. */
  public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

  /** How long live output is buffered in the worker before it is sent as one Output event. */
  public static final Duration OUTPUT_FLUSH_INTERVAL = Duration.ofMillis(200);

  /**
   * The most bytes of messages a worker packs into one Batch: far below {@link #MAX_MESSAGE_BYTES},
   * so that a batch of large results (output, stack traces) never ends the stream; a message larger
   * than this goes alone.
   */
  public static final int MAX_BATCH_BYTES = 256 * 1024;

  /** The most messages a worker packs into one Batch. */
  public static final int MAX_BATCH_MESSAGES = 512;

  /**
   * How long a worker's sender waits for a second message before it writes one alone: a trivial
   * test's finished event follows its started one within this, and both go in one write.
   */
  public static final Duration BATCH_LINGER = Duration.ofMillis(1);

  private GrpcDefaults() {}
}
