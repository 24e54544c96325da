package dev.jxdist.coordinator.session;

import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.ProtoMapper;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.coordinator.remote.RemoteWorker;
import dev.jxdist.proto.v1.CoordinatorMessage;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Worker slots for the tests of the session's units, with their streams recorded. */
final class Slots {

  private Slots() {}

  static SuiteRun suite(String id) {
    SessionSuite s = DSessionTest.suite(id);
    return new SuiteRun(s.spec(), s.configure(), s.discover(), false);
  }

  static WorkerSlot starting(String id, String slot, SuiteRun suite, Instant at) {
    return new WorkerSlot(id, slot, suite, new FakeProcess(id), at);
  }

  /** What a worker's stream was sent, and how it ended. */
  static final class Stream implements StreamObserver<CoordinatorMessage> {
    final List<String> sent = new ArrayList<>();

    @Override
    public void onNext(CoordinatorMessage m) {
      sent.add(m.getBodyCase().name());
    }

    @Override
    public void onError(Throwable t) {
      sent.add("aborted");
    }

    @Override
    public void onCompleted() {
      sent.add("completed");
    }
  }

  /** Connects {@code slot} at {@code at} on a recorded stream. */
  static Stream connect(WorkerSlot slot, Instant at) {
    Stream stream = new Stream();
    slot.connected(
        new RemoteWorker(
            new WorkerEvent.Hello(
                ProtoMapper.PROTOCOL_VERSION, slot.id(), "h", 42, "17", "x", 2, "t"),
            stream),
        at);
    return stream;
  }

  /** A command's name as {@link Stream} records it. */
  static String name(CoordinatorCommand command) {
    return ProtoMapper.toProto(command).getBodyCase().name();
  }
}
