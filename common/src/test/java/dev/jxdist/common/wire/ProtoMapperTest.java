package dev.jxdist.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.model.NodeType;
import dev.jxdist.common.model.Outcome;
import dev.jxdist.common.model.ReportEntry;
import dev.jxdist.common.model.Selector;
import dev.jxdist.common.model.SurefireSelection;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.model.ThrowableInfo;
import dev.jxdist.common.model.Unit;
import dev.jxdist.proto.v1.CoordinatorMessage;
import dev.jxdist.proto.v1.WorkerMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProtoMapperTest {

  static final TestNode NODE =
      new TestNode(
          "[engine:junit-jupiter]/[class:a.B]/[method:c()]",
          "[engine:junit-jupiter]/[class:a.B]",
          "c()",
          "c()",
          NodeType.TEST,
          "a.B",
          "c",
          List.of("slow"));

  static Stream<WorkerEvent> events() {
    return Stream.of(
        new WorkerEvent.Hello(1, "w1", "box", 42, "17.0.15", "Debian", 2, "secret"),
        new WorkerEvent.Discovered("abc", 1, List.of(NODE), 12),
        new WorkerEvent.Discovered("abc", 1, List.of(NODE), 12, List.of("[engine:e]/[class:a.B]")),
        new WorkerEvent.TestStarted(NODE.uniqueId(), 3, 1000),
        new WorkerEvent.TestFinished(
            NODE.uniqueId(),
            3,
            Outcome.FAILED,
            "",
            Optional.of(new ThrowableInfo("java.lang.AssertionError", "boom", "trace", true)),
            5_000_000,
            "out",
            "err",
            List.of(new ReportEntry(7, Map.of("k", "v"))),
            1005),
        new WorkerEvent.TestFinished(
            NODE.uniqueId(), 3, Outcome.SKIPPED, "off", Optional.empty(), 0, "", "", List.of(), 9),
        new WorkerEvent.DynamicTestRegistered(NODE, 4),
        new WorkerEvent.UnitDone(3, 77),
        new WorkerEvent.Output(true, "text", NODE.uniqueId()),
        new WorkerEvent.Bye(10, 2, 3000),
        new WorkerEvent.Pong(5),
        new WorkerEvent.WorkerFailure("bad classpath", "trace"),
        new WorkerEvent.ThreadDump("\"worker-exec\" RUNNABLE\n\tat fx.HangTest.sleeps"));
  }

  static Stream<CoordinatorCommand> commands() {
    return Stream.of(
        new CoordinatorCommand.Configure(
            List.of("/a.jar", "/b"), Map.of("p", "1"), Map.of("s", "2"), true, 2),
        new CoordinatorCommand.Discover(
            List.of(
                new Selector(Selector.Kind.CLASS, "a.B"),
                new Selector(Selector.Kind.CLASSPATH_ROOT, "/b")),
            List.of(".*Test"),
            List.of(".*IT"),
            List.of("fast"),
            List.of("slow"),
            true),
        new CoordinatorCommand.Discover(
            List.of(new Selector(Selector.Kind.CLASSPATH_ROOT, "/b")),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            false,
            Optional.of(
                new SurefireSelection(
                    List.of("**/*Test.java"),
                    List.of("**/*$*"),
                    List.of("FooTest#bar*"),
                    List.of("%regex[.*Slow.*]")))),
        new CoordinatorCommand.Run(List.of(new Unit(0, List.of(1, 2)), new Unit(1, List.of(5)))),
        new CoordinatorCommand.Stop("maxfail"),
        new CoordinatorCommand.Shutdown(),
        new CoordinatorCommand.ByeAck(),
        new CoordinatorCommand.Ping(9),
        new CoordinatorCommand.DumpThreads("fx.A > a() timed out after 5s"));
  }

  @ParameterizedTest
  @MethodSource("events")
  void workerEventsSurviveTheWire(WorkerEvent event) throws Exception {
    byte[] bytes = ProtoMapper.toProto(event).toByteArray();
    assertThat(ProtoMapper.fromProto(WorkerMessage.parseFrom(bytes))).isEqualTo(event);
  }

  @ParameterizedTest
  @MethodSource("commands")
  void coordinatorCommandsSurviveTheWire(CoordinatorCommand command) throws Exception {
    byte[] bytes = ProtoMapper.toProto(command).toByteArray();
    assertThat(ProtoMapper.fromProto(CoordinatorMessage.parseFrom(bytes))).isEqualTo(command);
  }

  @Test
  void aBatchUnpacksToItsMessagesInOrderAndOneAloneIsItself() throws Exception {
    WorkerMessage a = ProtoMapper.toProto(new WorkerEvent.Pong(1));
    WorkerMessage b = ProtoMapper.toProto(new WorkerEvent.UnitDone(7, 42));

    assertThat(ProtoMapper.unbatch(ProtoMapper.batch(List.of(a, b, a)))).containsExactly(a, b, a);
    assertThat(ProtoMapper.unbatch(a)).containsExactly(a);
  }

  @Test
  void anEmptyOrNestedBatchIsMalformedAndABatchDoesNotDecodeAsOneEvent() {
    WorkerMessage a = ProtoMapper.toProto(new WorkerEvent.Pong(1));
    WorkerMessage empty =
        WorkerMessage.newBuilder().setBatch(dev.jxdist.proto.v1.Batch.getDefaultInstance()).build();

    assertThatThrownBy(() -> ProtoMapper.unbatch(empty))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("empty Batch");
    assertThatThrownBy(
            () ->
                ProtoMapper.unbatch(
                    ProtoMapper.batch(List.of(a, ProtoMapper.batch(List.of(a, a))))))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("inside a Batch");
    assertThatThrownBy(() -> ProtoMapper.fromProto(ProtoMapper.batch(List.of(a, a))))
        .isInstanceOf(MalformedMessageException.class);
  }

  @Test
  void emptyEnvelopeIsRejectedWithAReason() {
    assertThatThrownBy(() -> ProtoMapper.fromProto(WorkerMessage.getDefaultInstance()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("no body");
  }

  @Test
  void helloNeverPrintsTheToken() {
    assertThat(new WorkerEvent.Hello(1, "w1", "box", 42, "17", "x", 2, "s3cr3t").toString())
        .doesNotContain("s3cr3t");
  }
}
