package dev.jxdist.common.wire;

import dev.jxdist.common.sync.Manifest;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the coordinator tells a joiner on its Join stream. Field meanings are documented in {@code
 * join.proto}.
 */
public sealed interface JoinDirective {

  /** The answer to a joiner's {@link JoinerEvent.Challenge} ({@link TokenProof}), read-only. */
  record Proof(ByteBuffer hmac) implements JoinDirective {
    public Proof {
      hmac = hmac.asReadOnlyBuffer();
    }
  }

  /** The joiner is in the run. */
  record Welcome(String runId, int places) implements JoinDirective {}

  /** One worker to lay out and, after {@link Launch}, to start. */
  record Assignment(
      String workerId,
      String runId,
      String suiteName,
      Manifest manifest,
      List<String> jvmArgs,
      Map<String, String> environment,
      int workerCount)
      implements JoinDirective {
    public Assignment {
      Objects.requireNonNull(manifest, "manifest");
      jvmArgs = List.copyOf(jvmArgs);
      environment = Map.copyOf(environment);
    }

    @Override
    public String toString() {
      return "Assignment["
          + workerId
          + " for "
          + suiteName
          + ", "
          + manifest.entries().size()
          + " files]";
    }
  }

  /** Start the laid-out worker JVM. */
  record Launch(String workerId) implements JoinDirective {}

  /** Give up the assignment of {@code workerId}. */
  record Cancel(String workerId, String reason) implements JoinDirective {}

  /** The run is over. */
  record Done(String reason) implements JoinDirective {}
}
