package dev.jxdist.coordinator.session;

import dev.jxdist.common.model.PlanHash;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.PlanParts;
import dev.jxdist.common.wire.ProtoMapper;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.testing.TestTls;
import dev.jxdist.proto.v1.CoordinatorMessage;
import dev.jxdist.proto.v1.WorkerChannelGrpc;
import dev.jxdist.proto.v1.WorkerMessage;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted worker that speaks the real protocol over a real loopback gRPC connection, so that the
 * session and the service are tested as they run, without a worker JVM.
 */
final class FakeWorker implements AutoCloseable {

  private final ManagedChannel channel;
  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private ClientCallStreamObserver<WorkerMessage> out;
  final String id;
  private volatile boolean muted;
  private volatile boolean planAsked;

  FakeWorker(String target, String id, String token) {
    this.id = id;
    this.channel = TestTls.channel(target);
    ClientCallStreamObserver<?>[] holder = new ClientCallStreamObserver<?>[1];
    WorkerChannelGrpc.newStub(channel)
        .connect(
            new ClientResponseObserver<WorkerMessage, CoordinatorMessage>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<WorkerMessage> requestStream) {
                holder[0] = requestStream;
              }

              @Override
              public void onNext(CoordinatorMessage value) {
                CoordinatorCommand command = ProtoMapper.fromProto(value);
                if (command instanceof CoordinatorCommand.Discover d) {
                  planAsked = d.sendPlan();
                }
                if (command instanceof CoordinatorCommand.Ping ping) {
                  if (!muted) {
                    send(new WorkerEvent.Pong(ping.sequence()));
                  }
                } else {
                  inbox.add(command);
                }
              }

              @Override
              public void onError(Throwable t) {
                inbox.add(Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                inbox.add("completed");
              }
            });
    @SuppressWarnings("unchecked")
    ClientCallStreamObserver<WorkerMessage> o = (ClientCallStreamObserver<WorkerMessage>) holder[0];
    this.out = o;
    send(
        new WorkerEvent.Hello(
            ProtoMapper.PROTOCOL_VERSION, id, "fakehost", 100, "17", "test", 2, token));
  }

  synchronized void send(WorkerEvent event) {
    out.onNext(ProtoMapper.toProto(event));
  }

  /** Sends {@code event} as a worker does a plan too large for one message: in parts. */
  synchronized void sendInParts(WorkerEvent event, int partBytes) {
    PlanParts.split(ProtoMapper.toProto(event), partBytes).forEach(out::onNext);
  }

  /**
   * Sends the plan's hash, and the plan if the last Discover asked for it, as a worker answers
   * Discover.
   */
  void discovered(List<TestNode> plan) {
    send(
        new WorkerEvent.Discovered(
            PlanHash.of(plan),
            (int) plan.stream().filter(n -> n.type().isTest()).count(),
            planAsked ? plan : List.of(),
            5));
  }

  /**
   * Waits for the next Discover and checks that it asks for the whole plan (the first of a suite's
   * workers, or one asked again: its hash differed, or the worker asked is lost or slow).
   */
  void expectAskedForPlan() throws InterruptedException {
    if (!expect(CoordinatorCommand.Discover.class).sendPlan()) {
      throw new AssertionError(id + ": a Discover for the plan's hash only, not the whole plan");
    }
  }

  /** Answers Configure and Discover with {@code plan}, as a worker does. */
  void handshake(List<TestNode> plan) throws InterruptedException {
    expect(CoordinatorCommand.Configure.class);
    expect(CoordinatorCommand.Discover.class);
    discovered(plan);
  }

  /** The next command of type {@code type} (Pings are answered by themselves); fails after 10 s. */
  <T> T expect(Class<T> type) throws InterruptedException {
    while (true) {
      Object next = inbox.poll(10, TimeUnit.SECONDS);
      if (next == null) {
        throw new AssertionError(id + ": no " + type.getSimpleName() + " within 10 s");
      }
      if (!type.isInstance(next)) {
        throw new AssertionError(id + ": expected " + type.getSimpleName() + " but got " + next);
      }
      return type.cast(next);
    }
  }

  /** The next command if it is of type {@code type} and arrives within 300 ms, else null. */
  <T> T poll(Class<T> type) throws InterruptedException {
    Object next = inbox.poll(300, TimeUnit.MILLISECONDS);
    if (next == null) {
      return null;
    }
    if (!type.isInstance(next)) {
      inbox.add(next);
      return null;
    }
    return type.cast(next);
  }

  /** How the coordinator ended this stream (commands before it are skipped); fails after 10 s. */
  Status awaitEnd() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Object next = inbox.poll(100, TimeUnit.MILLISECONDS);
      if (next instanceof Status status) {
        return status;
      }
      if ("completed".equals(next)) {
        return Status.OK;
      }
    }
    throw new AssertionError(id + ": the coordinator did not end the stream within 10 s");
  }

  /** Stops answering Pings, as a frozen JVM or a cut link does, while the stream stays open. */
  void mute() {
    muted = true;
  }

  /** Vanishes mid-stream, as a killed JVM does (the call is cancelled). */
  void vanish() {
    out.cancel("worker killed", null);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
