package dev.jxdist.worker.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.model.NodeType;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.common.wire.MalformedMessageException;
import dev.jxdist.common.wire.PlanParts;
import dev.jxdist.common.wire.ProtoMapper;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.proto.v1.WorkerMessage;
import dev.jxdist.worker.diagnostics.WorkerLog;
import io.grpc.stub.ClientCallStreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The outbound queue: what a caller's interrupt flag, a failing transport and an ending JVM do to
 * events.
 */
class OutboundSenderTest {

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final WorkerLog log =
      new WorkerLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), "w1");
  private final LinkedBlockingQueue<String> failures = new LinkedBlockingQueue<>();

  @Test
  void anInterruptedCallerLosesNoEventAndKeepsItsFlag() throws Exception {
    FakeStream stream = new FakeStream(false);
    try (OutboundSender sender = new OutboundSender(log, failures::add)) {
      sender.attach(stream);
      sender.start();
      Thread.currentThread().interrupt();
      try {
        for (int i = 0; i < 3; i++) {
          sender.send(new WorkerEvent.Pong(i));
        }
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (stream.written.size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(stream.written).hasSize(3);
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void aWriteTheTransportRefusesIsAFailureWithAMessage() throws Exception {
    FakeStream stream = new FakeStream(true);
    try (OutboundSender sender = new OutboundSender(log, failures::add)) {
      sender.attach(stream);
      sender.start();
      sender.send(new WorkerEvent.Pong(1));
      String failure = failures.poll(5, TimeUnit.SECONDS);
      assertThat(failure)
          .contains("writing an event to the coordinator failed")
          .contains("call already closed");
      assertThat(sender.offer(new WorkerEvent.Pong(2))).isFalse();
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void drainingReturnsOnceEverythingQueuedIsWrittenAndTheStreamStaysOpen() throws Exception {
    FakeStream stream = new FakeStream(false, 20);
    try (OutboundSender sender = new OutboundSender(log, failures::add)) {
      sender.attach(stream);
      sender.start();
      for (int i = 0; i < 10; i++) {
        sender.send(new WorkerEvent.Pong(i));
      }
      assertThat(sender.drain(Duration.ofSeconds(10))).isTrue();
      assertThat(stream.written).hasSize(10);
      assertThat(stream.completed).isFalse();
    }
  }

  @Test
  void drainingGivesUpAtItsTimeoutWhenTheTransportTakesNothing() throws Exception {
    FakeStream stream = new FakeStream(false, 0);
    stream.ready = false;
    try (OutboundSender sender = new OutboundSender(log, failures::add)) {
      sender.attach(stream);
      sender.start();
      sender.send(new WorkerEvent.Pong(1));
      long start = System.nanoTime();
      assertThat(sender.drain(Duration.ofMillis(300))).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
      assertThat(stream.written).isEmpty();
    }
  }

  @Test
  void whatIsQueuedTogetherGoesInOneWriteInOrderAfterAFirstMessageAlone() throws Exception {
    FakeStream stream = new FakeStream(false, 5);
    try (OutboundSender sender = new OutboundSender(log, failures::add)) {
      sender.attach(stream);
      sender.start();
      for (int i = 0; i < 200; i++) {
        sender.send(new WorkerEvent.Pong(i));
      }
      assertThat(sender.finish(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(stream.written)
        .extracting(m -> m.getPong().getSequence())
        .containsExactly(java.util.stream.LongStream.range(0, 200).boxed().toArray(Long[]::new));
    assertThat(stream.writes.get(0).hasBatch()).as("the first message goes alone").isFalse();
    assertThat(stream.writes.size()).as("writes for 200 messages").isLessThan(100);
    assertThat(stream.completed).isTrue();
  }

  @Test
  void aBatchStaysUnderItsByteLimitAndALargerMessageGoesAlone() throws Exception {
    FakeStream stream = new FakeStream(false, 0);
    stream.ready = false;
    String big = "x".repeat(GrpcDefaults.MAX_BATCH_BYTES / 3);
    try (OutboundSender sender = new OutboundSender(log, failures::add)) {
      sender.attach(stream);
      sender.start();
      sender.send(new WorkerEvent.Pong(0));
      for (int i = 0; i < 6; i++) {
        sender.send(new WorkerEvent.ThreadDump(big));
      }
      sender.send(new WorkerEvent.ThreadDump("y".repeat(GrpcDefaults.MAX_BATCH_BYTES + 1)));
      sender.send(new WorkerEvent.Pong(1));
      stream.ready = true;
      assertThat(sender.drain(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(stream.written).hasSize(9);
    for (WorkerMessage write : stream.writes) {
      if (write.hasBatch()) {
        assertThat(write.getSerializedSize()).isLessThan(GrpcDefaults.MAX_BATCH_BYTES + 64);
      }
    }
    assertThat(stream.writes.size())
        .as("at least three writes for six thirds and one whole")
        .isGreaterThanOrEqualTo(5);
  }

  @Test
  void aPlanLargerThanAPartGoesInPartsThatJoinIntoIt() throws Exception {
    FakeStream stream = new FakeStream(false, 0);
    // Some 20,000 nodes of about 400 bytes: two parts or more.
    String padding = "p".repeat(300);
    List<TestNode> plan =
        java.util.stream.IntStream.range(0, 20_000)
            .mapToObj(
                i ->
                    new TestNode(
                        "[engine:e]/[test:t" + i + "]",
                        "[engine:e]",
                        "t" + i + padding,
                        "t" + i,
                        NodeType.TEST,
                        "a.B",
                        "t" + i,
                        List.of()))
            .toList();
    WorkerEvent.Discovered whole = new WorkerEvent.Discovered("h", plan.size(), plan, 1);
    try (OutboundSender sender = new OutboundSender(log, failures::add)) {
      sender.attach(stream);
      sender.start();
      sender.send(whole);
      assertThat(sender.drain(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(stream.written).hasSizeGreaterThan(1);
    assertThat(stream.written)
        .allMatch(m -> m.getSerializedSize() <= GrpcDefaults.PLAN_PART_BYTES + 1024);
    PlanParts joiner = new PlanParts(GrpcDefaults.MAX_PLAN_BYTES);
    List<WorkerMessage> heard = new java.util.ArrayList<>();
    for (WorkerMessage m : stream.written) {
      joiner.join(m).ifPresent(heard::add);
    }
    assertThat(heard)
        .singleElement()
        .satisfies(m -> assertThat(ProtoMapper.fromProto(m)).isEqualTo(whole));
  }

  @Test
  void withBatchingOffEveryMessageGoesAlone() throws Exception {
    FakeStream stream = new FakeStream(false, 5);
    System.setProperty(OutboundSender.BATCH_PROPERTY, "false");
    try (OutboundSender sender = new OutboundSender(log, failures::add)) {
      sender.attach(stream);
      sender.start();
      for (int i = 0; i < 20; i++) {
        sender.send(new WorkerEvent.Pong(i));
      }
      assertThat(sender.drain(Duration.ofSeconds(10))).isTrue();
    } finally {
      System.clearProperty(OutboundSender.BATCH_PROPERTY);
    }
    assertThat(stream.writes).hasSize(20).noneMatch(WorkerMessage::hasBatch);
  }

  /**
   * A stream that records what is written, taking {@code millisPerWrite} for each, or refuses every
   * write; ready unless told otherwise.
   */
  private static final class FakeStream extends ClientCallStreamObserver<WorkerMessage> {
    /** The messages written, a batch's one by one. */
    final List<WorkerMessage> written = new CopyOnWriteArrayList<>();

    /** The writes, a batch as one. */
    final List<WorkerMessage> writes = new CopyOnWriteArrayList<>();

    volatile boolean ready = true;
    volatile boolean completed;
    private final boolean refuse;
    private final long millisPerWrite;

    FakeStream(boolean refuse) {
      this(refuse, 0);
    }

    FakeStream(boolean refuse, long millisPerWrite) {
      this.refuse = refuse;
      this.millisPerWrite = millisPerWrite;
    }

    @Override
    public void onNext(WorkerMessage value) {
      if (refuse) {
        throw new IllegalStateException("call already closed");
      }
      try {
        Thread.sleep(millisPerWrite);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      writes.add(value);
      try {
        written.addAll(ProtoMapper.unbatch(value));
      } catch (MalformedMessageException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {
      completed = true;
    }

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public void setOnReadyHandler(Runnable onReadyHandler) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void cancel(String message, Throwable cause) {}
  }
}
