package dev.jxdist.common.wire;

import com.google.protobuf.CodedOutputStream;
import dev.jxdist.proto.v1.Discovered;
import dev.jxdist.proto.v1.TestNode;
import dev.jxdist.proto.v1.WorkerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A plan too large for one message, in parts: the worker {@linkplain #split splits} its Discovered
 * into Discovered messages of at most a few megabytes of nodes, each but the last marked {@code
 * continued}, and the coordinator keeps one {@code PlanParts} per stream that {@linkplain #join
 * joins} them into the one Discovered they were. Joining is bounded: a plan above its limit is
 * refused, not buffered. Not thread-safe: a stream's messages arrive one at a time.
 */
public final class PlanParts {

  private final long limitBytes;
  private Discovered.Builder joined;
  private long bytes;

  /**
   * @param limitBytes how many bytes of parts a plan may have ({@link GrpcDefaults#MAX_PLAN_BYTES})
   */
  public PlanParts(long limitBytes) {
    this.limitBytes = limitBytes;
  }

  /**
   * {@code m} as one or more messages: a Discovered larger than {@code partBytes} as parts whose
   * nodes take at most that (a larger node goes alone), in order; any other message alone.
   */
  public static List<WorkerMessage> split(WorkerMessage m, int partBytes) {
    if (!m.hasDiscovered() || m.getDiscovered().getSerializedSize() <= partBytes) {
      return List.of(m);
    }
    Discovered whole = m.getDiscovered();
    List<WorkerMessage> parts = new ArrayList<>();
    Discovered.Builder part = Discovered.newBuilder().setContinued(true);
    int size = 0;
    for (TestNode node : whole.getNodesList()) {
      int nodeBytes = CodedOutputStream.computeMessageSize(Discovered.NODES_FIELD_NUMBER, node);
      if (size > 0 && size + nodeBytes > partBytes) {
        parts.add(WorkerMessage.newBuilder().setDiscovered(part).build());
        part = Discovered.newBuilder().setContinued(true);
        size = 0;
      }
      part.addNodes(node);
      size += nodeBytes;
    }
    // The last part: the remaining nodes with everything else the plan says.
    Discovered last =
        whole.toBuilder().clearNodes().addAllNodes(part.getNodesList()).setContinued(false).build();
    parts.add(WorkerMessage.newBuilder().setDiscovered(last).build());
    return parts;
  }

  /**
   * What the coordinator hears of {@code m}: nothing while it is a part of a plan, the whole
   * Discovered once its last part came, any other message (one sent between two parts too) as it
   * is.
   *
   * @throws MalformedMessageException if the parts so far exceed the limit (the plan is dropped:
   *     the stream cannot go on)
   */
  public Optional<WorkerMessage> join(WorkerMessage m) throws MalformedMessageException {
    if (!m.hasDiscovered()) {
      return Optional.of(m); // a Pong, say, between two parts
    }
    Discovered d = m.getDiscovered();
    if (joined == null) {
      if (!d.getContinued()) {
        return Optional.of(m);
      }
      joined = Discovered.newBuilder();
      bytes = 0;
    }
    bytes += d.getSerializedSize();
    if (bytes > limitBytes) {
      joined = null;
      throw new MalformedMessageException(
          "a plan larger than "
              + (limitBytes >= 1 << 20 ? (limitBytes >> 20) + " MiB" : limitBytes + " bytes")
              + ", the most a plan may have");
    }
    joined.addAllNodes(d.getNodesList());
    if (d.getContinued()) {
      return Optional.empty();
    }
    Discovered whole = d.toBuilder().clearNodes().addAllNodes(joined.getNodesList()).build();
    joined = null;
    return Optional.of(WorkerMessage.newBuilder().setDiscovered(whole).build());
  }
}
