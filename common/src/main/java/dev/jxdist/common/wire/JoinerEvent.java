package dev.jxdist.common.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * What a joiner ({@code jxdist worker}) tells the coordinator on its Join stream. Field meanings
 * are documented in {@code join.proto}.
 */
public sealed interface JoinerEvent {

  /**
   * The first message of every Join stream: prove you know the token ({@link TokenProof}).
   *
   * @param nonce {@link TokenProof#NONCE_BYTES} fresh random bytes, read-only
   */
  record Challenge(int protocolVersion, ByteBuffer nonce) implements JoinerEvent {
    public Challenge {
      TokenProof.requireNonce(nonce);
      nonce = nonce.asReadOnlyBuffer();
    }
  }

  /**
   * The second message of every Join stream, once the coordinator's proof checked. The token is
   * never printed: see {@link #toString}.
   */
  record Join(int protocolVersion, String token, String name, int cores) implements JoinerEvent {
    @Override
    public String toString() {
      return "Join[" + name + ", " + cores + " cores, protocol " + protocolVersion + "]";
    }
  }

  /** The assignment's code is laid out on the joiner's machine. */
  record LaidOut(String workerId, List<String> classpath, String projectDir, FetchStats fetch)
      implements JoinerEvent {
    public LaidOut {
      classpath = List.copyOf(classpath);
    }
  }

  /** The assignment's worker JVM runs. */
  record WorkerStarted(String workerId, long pid, String commandLine) implements JoinerEvent {}

  /**
   * The assignment is over: its JVM exited with {@code exitCode}, or, if {@code failure} is not
   * empty, no JVM was started.
   */
  record WorkerExited(String workerId, int exitCode, String failure, List<String> logTail)
      implements JoinerEvent {
    public WorkerExited {
      logTail = List.copyOf(logTail);
    }

    /** Whether a worker JVM ran (else {@link #failure} says why none did). */
    public boolean ran() {
      return failure.isEmpty();
    }
  }
}
