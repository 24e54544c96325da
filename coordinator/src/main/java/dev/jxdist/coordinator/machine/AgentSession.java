package dev.jxdist.coordinator.machine;

import com.google.protobuf.ByteString;
import dev.jxdist.common.wire.AgentProof;
import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.common.wire.TokenProof;
import dev.jxdist.coordinator.config.HostPort;
import dev.jxdist.proto.v1.AgentChallenge;
import dev.jxdist.proto.v1.AgentFinished;
import dev.jxdist.proto.v1.AgentGranted;
import dev.jxdist.proto.v1.AgentRunOffer;
import dev.jxdist.proto.v1.AgentToCoordinator;
import dev.jxdist.proto.v1.CoordinatorToAgent;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * One coordinator's Session on an agent (agent.proto), as a small state machine driven by the
 * stream's callbacks: both proofs of the agent token first (nothing else is read before the
 * coordinator's checks), then either a status answer or one run: slots reserved, the run offered,
 * its joiners started; and its end, either way, closes the run (workers killed, directory removed,
 * slots given back). Writes to the stream are serialized on this object.
 */
final class AgentSession implements StreamObserver<CoordinatorToAgent> {

  /** The agent protocol this agent speaks. */
  static final int PROTOCOL_VERSION = 1;

  private enum Step {
    HELLO,
    PROOF,
    ASK,
    OFFER,
    RUNNING,
    ENDED
  }

  private final AgentDaemon agent;
  private final StreamObserver<AgentToCoordinator> out;
  private final SocketAddress peer;
  private Step step = Step.HELLO;
  private ByteBuffer nonce;
  private AgentRun run;

  AgentSession(AgentDaemon agent, StreamObserver<AgentToCoordinator> out, SocketAddress peer) {
    this.agent = agent;
    this.out = out;
    this.peer = peer;
  }

  @Override
  public synchronized void onNext(CoordinatorToAgent message) {
    try {
      switch (step) {
        case HELLO -> hello(message);
        case PROOF -> proof(message);
        case ASK -> ask(message);
        case OFFER -> offer(message);
        default -> refuse(Status.FAILED_PRECONDITION, "unexpected " + message.getBodyCase());
      }
    } catch (IOException | RuntimeException e) {
      refuse(Status.INTERNAL, "the agent failed: " + e.getMessage());
    }
  }

  private void hello(CoordinatorToAgent message) {
    if (!message.hasHello()) {
      refuse(Status.FAILED_PRECONDITION, "a session opens with Hello");
      return;
    }
    ByteBuffer theirs = message.getHello().getNonce().asReadOnlyByteBuffer();
    if (theirs.remaining() != TokenProof.NONCE_BYTES) {
      refuse(Status.INVALID_ARGUMENT, "Hello's nonce is not " + TokenProof.NONCE_BYTES + " bytes");
      return;
    }
    nonce = TokenProof.nonce();
    ByteBuffer proof =
        AgentProof.of(AgentProof.Side.AGENT, agent.token(), theirs, agent.certificate());
    step = Step.PROOF;
    send(
        AgentToCoordinator.newBuilder()
            .setChallenge(
                AgentChallenge.newBuilder()
                    .setProtocolVersion(PROTOCOL_VERSION)
                    .setProof(ByteString.copyFrom(proof))
                    .setNonce(ByteString.copyFrom(nonce.duplicate())))
            .build());
  }

  private void proof(CoordinatorToAgent message) {
    if (!message.hasProof()
        || !AgentProof.checks(
            AgentProof.Side.COORDINATOR,
            message.getProof().getHmac().asReadOnlyByteBuffer(),
            agent.token(),
            nonce,
            agent.certificate())) {
      agent.say("refused a coordinator at " + peer + ": it did not prove the agent token");
      refuse(Status.UNAUTHENTICATED, "no proof of the agent token");
      return;
    }
    step = Step.ASK;
  }

  private void ask(CoordinatorToAgent message) {
    if (message.hasStatus()) {
      step = Step.ENDED;
      send(AgentToCoordinator.newBuilder().setStatus(agent.status()).build());
      out.onCompleted();
      return;
    }
    if (!message.hasReserve()) {
      refuse(Status.FAILED_PRECONDITION, "expected Reserve or StatusRequest");
      return;
    }
    String runId = message.getReserve().getRunId();
    if (!runId.matches("[A-Za-z0-9._-]{1,64}")) {
      refuse(Status.INVALID_ARGUMENT, "a run id is 1 to 64 letters, digits, '.', '_' or '-'");
      return;
    }
    int wanted = Math.max(0, message.getReserve().getSlots());
    // What was free when it asked, not after: "1 of 2 slots are free" when it got 1 of 2.
    String free = agent.freeSlotsSentence();
    run = agent.reserve(runId, wanted);
    int granted = run == null ? 0 : run.slots();
    String reason =
        agent.draining() ? "the agent is stopping" : granted < wanted || granted == 0 ? free : "";
    send(
        AgentToCoordinator.newBuilder()
            .setGranted(
                AgentGranted.newBuilder().setSlots(granted).setName(agent.name()).setReason(reason))
            .build());
    if (run == null) {
      step = Step.ENDED;
      out.onCompleted();
      return;
    }
    agent.say(
        "run "
            + runId
            + " from "
            + peer
            + ": granted "
            + granted
            + " of "
            + (wanted == 0 ? "all free" : Integer.toString(wanted))
            + " slots");
    step = Step.OFFER;
  }

  private void offer(CoordinatorToAgent message) throws IOException {
    if (!message.hasOffer()) {
      refuse(Status.FAILED_PRECONDITION, "expected RunOffer");
      return;
    }
    AgentRunOffer offer = message.getOffer();
    String host = offer.getJoinHost();
    if (host.isEmpty()) {
      if (!(peer instanceof InetSocketAddress inet) || inet.getAddress() == null) {
        refuse(Status.INVALID_ARGUMENT, "no join host, and the coordinator's address is unknown");
        return;
      }
      host = inet.getAddress().getHostAddress();
    }
    HostPort coordinator;
    CertificatePin pin;
    RunToken token;
    try {
      coordinator = new HostPort(host, offer.getJoinPort());
      pin = CertificatePin.parse(HexFormat.of().formatHex(offer.getRunCertSha256().toByteArray()));
      token = RunToken.of(offer.getRunToken());
    } catch (IllegalArgumentException e) {
      refuse(Status.INVALID_ARGUMENT, "the offer is malformed: " + e.getMessage());
      return;
    }
    step = Step.RUNNING;
    run.start(coordinator, token, pin, this::finished);
  }

  /** Every joiner of the run is done: the run is over here. */
  private void finished(int failedJoiners) {
    synchronized (this) {
      if (step == Step.ENDED) {
        return;
      }
      step = Step.ENDED;
      send(
          AgentToCoordinator.newBuilder()
              .setFinished(
                  AgentFinished.newBuilder()
                      .setJoiners(run.slots())
                      .setFailedJoiners(failedJoiners))
              .build());
      try {
        out.onCompleted();
      } catch (RuntimeException e) {
        // The coordinator is gone already.
      }
    }
    agent.end(run);
  }

  /** The coordinator ended its half: the run is over (or never began). */
  @Override
  public void onCompleted() {
    end(null);
  }

  /** The stream broke: the coordinator vanished. Its run is reaped. */
  @Override
  public void onError(Throwable t) {
    end(t);
  }

  private void end(Throwable cause) {
    AgentRun ended;
    synchronized (this) {
      ended = run;
      boolean wasRunning = step == Step.RUNNING || step == Step.OFFER;
      if (step != Step.ENDED) {
        step = Step.ENDED;
        try {
          out.onCompleted();
        } catch (RuntimeException e) {
          // Already torn down.
        }
      }
      if (cause != null && wasRunning && ended != null) {
        agent.say(
            "run "
                + ended.id()
                + ": its coordinator at "
                + peer
                + " is gone ("
                + Status.fromThrowable(cause).getCode()
                + "); reaping its workers");
      }
    }
    if (ended != null) {
      agent.end(ended);
    }
  }

  private void refuse(Status status, String why) {
    Step was = step;
    step = Step.ENDED;
    try {
      out.onError(status.withDescription(why).asRuntimeException());
    } catch (RuntimeException e) {
      // Already torn down.
    }
    if (run != null && was != Step.ENDED) {
      agent.end(run);
    }
  }

  private void send(AgentToCoordinator message) {
    try {
      out.onNext(message);
    } catch (RuntimeException e) {
      // The stream is gone; its end is reported through onError.
    }
  }
}
