package dev.jxdist.coordinator.machine;

import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.EventLoops;
import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.common.wire.JoinDirective;
import dev.jxdist.common.wire.JoinMapper;
import dev.jxdist.common.wire.JoinerEvent;
import dev.jxdist.common.wire.MalformedMessageException;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.common.wire.TokenProof;
import dev.jxdist.coordinator.config.JoinerConfig;
import dev.jxdist.coordinator.remote.TokenFile;
import dev.jxdist.proto.v1.JoinServiceGrpc;
import dev.jxdist.proto.v1.JoinerMessage;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * This machine's Join stream to a coordinator: dials it until it answers (or the connect timeout
 * passes), has it prove that it knows the token ({@link TokenProof}) and only then joins with the
 * token; then sends what the machine reports and queues what the coordinator directs, with the
 * stream's end, in one inbox that the machine's one deciding thread takes from. The stream's
 * callbacks only enqueue (and note a Cancel or Done at once, so that a fetch in progress can stop).
 *
 * <p>Over 400 lines because reaching a coordinator is one decision with many outcomes (no pin yet,
 * another pin, no proof, a refused token, not up yet), each of which has its own sentence for the
 * user; they stay together so that the order in which they are tried stays visible.
 */
final class JoinLink implements AutoCloseable {

  /** Pause between attempts to reach a coordinator that is not up yet. */
  private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

  /** The Join stream ended; {@code status} is null for a clean end. */
  record Ended(Status status) {}

  /** The worker JVM of {@code workerId} exited. */
  record JvmExited(String workerId, int exitCode) {}

  private final JoinerConfig config;
  private final RunToken token;
  private final Clock clock;
  private final Consumer<String> out;
  private final Channel current = new CurrentChannel();
  private final EventLoops loops = EventLoops.create("jxdist-join-link", 1);
  private volatile ManagedChannel channel;
  private volatile CertificatePin pin;
  private final AtomicReference<String> cancelled = new AtomicReference<>("");
  private volatile BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private volatile boolean done;
  private volatile boolean closed;
  private ClientCallStreamObserver<JoinerMessage> stream;

  /**
   * @param say where the machine says what it does, one line at a time
   */
  JoinLink(JoinerConfig config, RunToken token, Clock clock, Consumer<String> say) {
    this.config = config;
    this.token = token;
    this.clock = clock;
    this.out = say;
  }

  /**
   * The pin to dial with: {@code --coordinator-cert-sha256}, else the token file's line, read anew
   * at each attempt (the run writes it there before it listens).
   */
  private Optional<CertificatePin> wantedPin() {
    return config.coordinatorPin().or(() -> TokenFile.readPin(config.tokenFile(), "--token-file"));
  }

  /** Dials with {@code wanted} from now on: a new channel if the pin changed. */
  private void use(CertificatePin wanted) {
    if (wanted.equals(pin)) {
      return;
    }
    ManagedChannel old = channel;
    pin = wanted;
    channel =
        NettyChannelBuilder.forAddress(config.coordinator().host(), config.coordinator().port())
            .sslContext(pinnedTls(wanted))
            .keepAliveTime(GrpcDefaults.KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
            .keepAliveTimeout(GrpcDefaults.KEEPALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .keepAliveWithoutCalls(true)
            .maxInboundMessageSize(GrpcDefaults.MAX_MESSAGE_BYTES)
            .eventLoopGroup(loops.group())
            .channelType(loops.socketChannel())
            .build();
    if (old != null) {
      old.shutdownNow();
    }
  }

  /** The coordinator's certificate pin this machine accepts (known once connected). */
  CertificatePin pin() {
    return pin;
  }

  /** The channel in use, whichever it is: stubs made before a change of pin follow it. */
  private final class CurrentChannel extends Channel {
    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
      return channel.newCall(method, options);
    }

    @Override
    public String authority() {
      return channel.authority();
    }
  }

  /** TLS to the coordinator whose certificate has {@code pin}, and to no other. */
  private static SslContext pinnedTls(CertificatePin pin) {
    try {
      return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
          .trustManager(pin.trustManager())
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("this JVM cannot make a TLS client: " + e.getMessage(), e);
    }
  }

  /** A stub for the blob calls, over the same connection. */
  JoinServiceGrpc.JoinServiceBlockingStub blobs() {
    return JoinServiceGrpc.newBlockingStub(current);
  }

  /** Whether the run is over for this machine (Done, or the stream ended cleanly). */
  boolean isDone() {
    return done;
  }

  /** The run is over for this machine. */
  void markDone() {
    done = true;
  }

  /** Whether the machine is being stopped (Ctrl-C). */
  boolean isClosed() {
    return closed;
  }

  /**
   * Whether work on {@code workerId} should stop: cancelled, the run over, or the machine stopped.
   */
  boolean stopping(String workerId) {
    return isCancelled(workerId) || done || closed;
  }

  /** Tells {@code item} to the deciding thread later, through the inbox it takes from now. */
  Consumer<Object> poster() {
    BlockingQueue<Object> q = inbox;
    return q::add;
  }

  /** Opens the Join stream and waits for Welcome; false if the run is over already. */
  boolean connect() throws JoinFailure {
    Instant deadline = clock.instant().plus(config.connectTimeout());
    boolean waitingSaid = false;
    while (true) {
      Optional<CertificatePin> wanted = wantedPin();
      if (wanted.isEmpty()) {
        if (!clock.instant().isBefore(deadline)) {
          throw new JoinFailure(
              JoinFailure.REFUSED,
              "--token-file "
                  + config.tokenFile()
                  + " has no "
                  + TokenFile.PIN_LINE
                  + " line: jxdist run writes the run's certificate pin there when it starts; copy"
                  + " the file after that, or give --coordinator-cert-sha256");
        }
        if (!waitingSaid) {
          say(
              "waiting for the coordinator at "
                  + config.coordinator()
                  + " (up to "
                  + seconds(config.connectTimeout())
                  + ") to write its certificate pin into "
                  + config.tokenFile());
          waitingSaid = true;
        }
        sleep(RETRY_PAUSE);
        continue;
      }
      use(wanted.get());
      BlockingQueue<Object> q = new LinkedBlockingQueue<>();
      inbox = q;
      stream = open(q);
      // Nothing of value goes out before the coordinator proved it knows the token.
      ByteBuffer nonce = TokenProof.nonce();
      stream.onNext(
          JoinMapper.toProto(new JoinerEvent.Challenge(JoinMapper.PROTOCOL_VERSION, nonce)));
      Object first = poll(q, left(deadline));
      if (first instanceof JoinDirective.Proof p) {
        if (!TokenProof.checks(p.hmac(), token, nonce, wanted.get())) {
          throw unproven("answered with a proof that does not check");
        }
        stream.onNext(
            JoinMapper.toProto(
                new JoinerEvent.Join(
                    JoinMapper.PROTOCOL_VERSION,
                    token.reveal(),
                    config.name(),
                    Runtime.getRuntime().availableProcessors())));
        first = poll(q, left(deadline));
      } else if (first instanceof JoinDirective d) {
        throw unproven("answered with " + d.getClass().getSimpleName() + " instead of a proof");
      }
      if (first instanceof JoinDirective.Welcome w) {
        say(
            "joined run "
                + w.runId()
                + " at "
                + config.coordinator()
                + " as "
                + config.name()
                + "; waiting for work");
        return true;
      }
      if (first instanceof JoinDirective.Done) {
        return false;
      }
      Status status = first instanceof Ended e && e.status() != null ? e.status() : null;
      if (status != null) {
        var mismatch = CertificatePin.mismatchIn(status.asRuntimeException());
        if (mismatch.isPresent() && !wantedPin().equals(wanted)) {
          continue; // the run wrote another pin into the token file meanwhile: dial with it
        }
        if (mismatch.isPresent()) {
          throw new JoinFailure(
              JoinFailure.REFUSED,
              "refused the coordinator at "
                  + config.coordinator()
                  + ": "
                  + mismatch.get().getMessage()
                  + " (from "
                  + config.tokenFile()
                  + " or --coordinator-cert-sha256); sent it nothing. Copy the token file again"
                  + " after jxdist run started, or check that this address is the run's");
        }
      }
      if (status != null && status.getCode() == Status.Code.UNAUTHENTICATED) {
        throw new JoinFailure(
            JoinFailure.REFUSED,
            "the coordinator at "
                + config.coordinator()
                + " refused the token in "
                + config.tokenFile()
                + ": it is not the run's token file; copy the file given to"
                + " jxdist run --token-file");
      }
      if (status != null && status.getCode() != Status.Code.UNAVAILABLE) {
        throw new JoinFailure(
            JoinFailure.REFUSED,
            "the coordinator at "
                + config.coordinator()
                + " refused to let this worker join: "
                + describe(status));
      }
      stream.cancel("giving up this attempt", null);
      if (!clock.instant().isBefore(deadline)) {
        throw new JoinFailure(
            JoinFailure.UNREACHABLE,
            "cannot reach the coordinator at "
                + config.coordinator()
                + " within "
                + seconds(config.connectTimeout())
                + (status == null ? "" : " (" + describe(status) + ")")
                + "; check that jxdist run --listen "
                + config.coordinator()
                + " is running and that this machine can reach that address (firewall, a --listen"
                + " address other machines see)");
      }
      if (!waitingSaid) {
        say(
            "waiting for the coordinator at "
                + config.coordinator()
                + " (up to "
                + seconds(config.connectTimeout())
                + ")");
        waitingSaid = true;
      }
      sleep(RETRY_PAUSE);
      channel.resetConnectBackoff();
    }
  }

  /**
   * The coordinator did not prove that it knows the token ({@code how}): the stream ends at once,
   * and the machine, having sent it nothing but the challenge, stops.
   */
  private JoinFailure unproven(String how) {
    stream.cancel("the coordinator did not prove it knows the token", null);
    return new JoinFailure(
        JoinFailure.REFUSED,
        "refused the coordinator at "
            + config.coordinator()
            + ": asked to prove that it knows the token in "
            + config.tokenFile()
            + ", it "
            + how
            + "; sent it nothing but a random challenge: either it is not the run's coordinator"
            + " (check the address and who listens there) or the file is not the run's token"
            + " file (copy the file given to jxdist run --token-file)");
  }

  private Duration left(Instant deadline) {
    Duration left = Duration.between(clock.instant(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private ClientCallStreamObserver<JoinerMessage> open(BlockingQueue<Object> q) {
    List<ClientCallStreamObserver<JoinerMessage>> holder = new ArrayList<>(1);
    JoinServiceGrpc.newStub(current)
        .join(
            new ClientResponseObserver<JoinerMessage, dev.jxdist.proto.v1.JoinDirective>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<JoinerMessage> requestStream) {
                holder.add(requestStream);
              }

              @Override
              public void onNext(dev.jxdist.proto.v1.JoinDirective message) {
                JoinDirective directive;
                try {
                  directive = JoinMapper.fromProto(message);
                } catch (MalformedMessageException e) {
                  q.add(
                      new Ended(
                          Status.INTERNAL.withDescription(
                              "the coordinator sent a malformed message: " + e.getMessage())));
                  return;
                }
                if (directive instanceof JoinDirective.Cancel c) {
                  cancelled.set(c.workerId());
                } else if (directive instanceof JoinDirective.Done) {
                  done = true;
                }
                q.add(directive);
              }

              @Override
              public void onError(Throwable t) {
                q.add(new Ended(Status.fromThrowable(t)));
              }

              @Override
              public void onCompleted() {
                q.add(new Ended(null));
              }
            });
    return holder.get(0);
  }

  boolean isCancelled(String workerId) {
    return workerId.equals(cancelled.get());
  }

  void send(JoinerEvent event) {
    try {
      stream.onNext(JoinMapper.toProto(event));
    } catch (RuntimeException e) {
      // The stream is gone; its end arrives in the inbox.
    }
  }

  Object take() throws JoinFailure {
    try {
      return inbox.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JoinFailure(JoinFailure.UNREACHABLE, "interrupted");
    }
  }

  private static Object poll(BlockingQueue<Object> q, Duration timeout) throws JoinFailure {
    try {
      return q.poll(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JoinFailure(JoinFailure.UNREACHABLE, "interrupted");
    }
  }

  private static void sleep(Duration d) throws JoinFailure {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JoinFailure(JoinFailure.UNREACHABLE, "interrupted");
    }
  }

  JoinFailure lost(Status status) {
    if (closed) {
      return new JoinFailure(
          JoinFailure.UNREACHABLE, "stopped; its worker JVM, if one ran, was killed");
    }
    return new JoinFailure(
        JoinFailure.UNREACHABLE,
        "lost the coordinator at "
            + config.coordinator()
            + " ("
            + describe(status)
            + "); the run's own report says what became of this machine's tests");
  }

  private static String describe(Status status) {
    return status.getCode()
        + (status.getDescription() == null ? "" : ": " + status.getDescription());
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }

  private void say(String line) {
    out.accept(line);
  }

  /** Marks the machine stopped; {@link #close} disconnects. */
  void stop() {
    closed = true;
  }

  /** Disconnects at once. Idempotent. */
  @Override
  public void close() {
    closed = true;
    ManagedChannel c = channel;
    if (c != null) {
      c.shutdownNow();
      try {
        c.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    loops.close();
  }
}
