package dev.jxdist.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.model.NodeType;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.proto.v1.WorkerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlanPartsTest {

  private static final List<TestNode> PLAN =
      IntStream.range(0, 1000)
          .mapToObj(
              i ->
                  new TestNode(
                      "[engine:junit-jupiter]/[class:a.B]/[method:t" + i + "()]",
                      "[engine:junit-jupiter]/[class:a.B]",
                      "t" + i + "()",
                      "t" + i + "()",
                      NodeType.TEST,
                      "a.B",
                      "t" + i,
                      List.of()))
          .toList();

  private static final WorkerMessage WHOLE =
      ProtoMapper.toProto(
          new WorkerEvent.Discovered("hash", 1000, PLAN, 7, List.of("[engine:junit-jupiter]")));

  @Test
  void aLargePlanGoesInPartsThatJoinIntoTheSameMessageWithOtherMessagesBetween() throws Exception {
    List<WorkerMessage> parts = PlanParts.split(WHOLE, 10_000);

    assertThat(parts).hasSizeGreaterThan(5);
    assertThat(parts).allMatch(p -> p.getSerializedSize() < 10_000 + 200);
    assertThat(parts.subList(0, parts.size() - 1))
        .allMatch(
            p -> p.getDiscovered().getContinued() && p.getDiscovered().getPlanHash().isEmpty());
    PlanParts joiner = new PlanParts(GrpcDefaults.MAX_PLAN_BYTES);
    WorkerMessage pong = ProtoMapper.toProto(new WorkerEvent.Pong(3));
    List<WorkerMessage> heard = new ArrayList<>();
    for (WorkerMessage part : parts) {
      joiner.join(part).ifPresent(heard::add);
      joiner.join(pong).ifPresent(heard::add);
    }

    assertThat(heard).hasSize(parts.size() + 1);
    assertThat(heard.subList(0, parts.size() - 1)).containsOnly(pong);
    assertThat(heard.get(parts.size() - 1)).isEqualTo(WHOLE);
    assertThat(ProtoMapper.fromProto(heard.get(parts.size() - 1)))
        .isEqualTo(ProtoMapper.fromProto(WHOLE));
  }

  @Test
  void aPlanThatFitsOrAnotherMessageGoesAloneAsItIs() throws Exception {
    WorkerMessage pong = ProtoMapper.toProto(new WorkerEvent.Pong(3));

    assertThat(PlanParts.split(WHOLE, GrpcDefaults.PLAN_PART_BYTES)).containsExactly(WHOLE);
    assertThat(PlanParts.split(pong, 1)).containsExactly(pong);
    assertThat(new PlanParts(10).join(WHOLE)).contains(WHOLE);
  }

  @Test
  void partsBeyondTheLimitAreRefusedAndNotKept() throws Exception {
    List<WorkerMessage> parts = PlanParts.split(WHOLE, 10_000);
    PlanParts joiner = new PlanParts(25_000);

    assertThat(joiner.join(parts.get(0))).isEmpty();
    assertThat(joiner.join(parts.get(1))).isEmpty();
    assertThatThrownBy(() -> joiner.join(parts.get(2)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("the most a plan may have");
    // What came before is dropped: a plan that fits starts afresh.
    WorkerMessage small =
        ProtoMapper.toProto(new WorkerEvent.Discovered("h", 1, PLAN.subList(0, 1), 1));
    assertThat(joiner.join(small)).isEqualTo(Optional.of(small));
  }
}
