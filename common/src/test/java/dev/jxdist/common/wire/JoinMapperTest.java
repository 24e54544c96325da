package dev.jxdist.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.jxdist.common.sync.ContentHash;
import dev.jxdist.common.sync.Manifest;
import dev.jxdist.proto.v1.JoinerMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JoinMapperTest {

  static final String JAR_HASH = ContentHash.of("jar".getBytes(StandardCharsets.UTF_8));
  static final Manifest MANIFEST =
      new Manifest(
          List.of(Manifest.PROJECT),
          List.of("cp/001-jxdist-worker.jar"),
          List.of(
              new Manifest.Entry("cp/001-jxdist-worker.jar", JAR_HASH, 3, false),
              new Manifest.Entry("project/run.sh", JAR_HASH, 3, true)));

  static Stream<JoinerEvent> events() {
    return Stream.of(
        new JoinerEvent.Challenge(2, TokenProof.nonce()),
        new JoinerEvent.Join(2, "secret", "ci-7", 4),
        new JoinerEvent.LaidOut(
            "w3",
            List.of("/c/a.jar", "/c/jxdist-worker.jar"),
            "/c/project",
            new FetchStats(9, 2, 4096, 120)),
        new JoinerEvent.WorkerStarted("w3", 4242, "java -jar /c/jxdist-worker.jar"),
        new JoinerEvent.WorkerExited("w3", 137, "", List.of("line 1", "line 2")),
        new JoinerEvent.WorkerExited("w4", 0, "blob abc is missing", List.of()));
  }

  static Stream<JoinDirective> directives() {
    return Stream.of(
        new JoinDirective.Proof(ByteBuffer.wrap(new byte[] {1, 2, 3})),
        new JoinDirective.Welcome("run1", 2),
        new JoinDirective.Assignment(
            "w3", "run1", "basics", MANIFEST, List.of("-Xmx256m"), Map.of("A", "b"), 3),
        new JoinDirective.Launch("w3"),
        new JoinDirective.Cancel("w3", "the run is over"),
        new JoinDirective.Done("the run is over"));
  }

  @ParameterizedTest
  @MethodSource("events")
  void joinerEventsSurviveTheWire(JoinerEvent event) throws Exception {
    JoinerMessage sent = JoinMapper.toProto(event);
    JoinerMessage received = JoinerMessage.parseFrom(sent.toByteArray());
    assertThat(JoinMapper.fromProto(received)).isEqualTo(event);
  }

  @ParameterizedTest
  @MethodSource("directives")
  void directivesSurviveTheWire(JoinDirective directive) throws Exception {
    var sent = JoinMapper.toProto(directive);
    var received = dev.jxdist.proto.v1.JoinDirective.parseFrom(sent.toByteArray());
    assertThat(JoinMapper.fromProto(received)).isEqualTo(directive);
  }

  @Test
  void aChallengeWhoseNonceIsNot32BytesIsMalformed() {
    JoinerMessage shortNonce =
        JoinerMessage.newBuilder()
            .setChallenge(
                dev.jxdist.proto.v1.Challenge.newBuilder()
                    .setProtocolVersion(2)
                    .setNonce(ByteString.copyFrom(new byte[8])))
            .build();
    assertThatThrownBy(() -> JoinMapper.fromProto(shortNonce))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("32 bytes, not 8");
  }

  @Test
  void theAssignmentCarriesTheManifestTextByteForByte() {
    var a = new JoinDirective.Assignment("w1", "r", "s", MANIFEST, List.of(), Map.of(), 1);
    assertThat(JoinMapper.toProto(a).getAssignment().getManifest().toByteArray())
        .isEqualTo(MANIFEST.toBytes());
  }

  @Test
  void blobRequestsAndChunksSurviveTheWire() throws Exception {
    FetchRequest request = new FetchRequest("secret", List.of(JAR_HASH));
    var sentRequest =
        dev.jxdist.proto.v1.FetchRequest.parseFrom(JoinMapper.toProto(request).toByteArray());
    assertThat(JoinMapper.fromProto(sentRequest)).isEqualTo(request);

    BlobChunk chunk =
        new BlobChunk(JAR_HASH, ByteBuffer.wrap("jar".getBytes(StandardCharsets.UTF_8)), true);
    var sentChunk =
        dev.jxdist.proto.v1.BlobChunk.parseFrom(JoinMapper.toProto(chunk).toByteArray());
    BlobChunk back = JoinMapper.fromProto(sentChunk);
    assertThat(back).isEqualTo(chunk);
    assertThat(back.data().isReadOnly()).isTrue();
  }

  @Test
  void tokensNeverShowInToString() {
    assertThat(new JoinerEvent.Join(1, "secret", "ci-7", 4).toString())
        .doesNotContain("secret")
        .contains("ci-7");
    assertThat(new FetchRequest("secret", List.of(JAR_HASH)).toString()).doesNotContain("secret");
  }

  @Test
  void emptyEnvelopesAreRejected() {
    assertThatThrownBy(() -> JoinMapper.fromProto(JoinerMessage.getDefaultInstance()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("no body");
    assertThatThrownBy(
            () -> JoinMapper.fromProto(dev.jxdist.proto.v1.JoinDirective.getDefaultInstance()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("no body");
  }

  @Test
  void anAssignmentWhoseManifestDoesNotParseIsRejectedNamingIt() {
    var bad =
        dev.jxdist.proto.v1.JoinDirective.newBuilder()
            .setAssignment(
                dev.jxdist.proto.v1.Assignment.newBuilder()
                    .setWorkerId("w9")
                    .setManifest(ByteString.copyFromUtf8("not a manifest\n")))
            .build();
    assertThatThrownBy(() -> JoinMapper.fromProto(bad))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("assignment w9");
  }

  @Test
  void malformedHashesAndMissingWorkerIdsAreRejected() {
    var request =
        dev.jxdist.proto.v1.FetchRequest.newBuilder()
            .setToken("t")
            .addSha256("../../etc/passwd")
            .build();
    assertThatThrownBy(() -> JoinMapper.fromProto(request))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("malformed blob hash");
    var chunk = dev.jxdist.proto.v1.BlobChunk.newBuilder().setSha256("xyz").build();
    assertThatThrownBy(() -> JoinMapper.fromProto(chunk))
        .isInstanceOf(MalformedMessageException.class);
    var started =
        JoinerMessage.newBuilder()
            .setWorkerStarted(dev.jxdist.proto.v1.WorkerStarted.newBuilder().setPid(1))
            .build();
    assertThatThrownBy(() -> JoinMapper.fromProto(started))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("WorkerStarted without a worker id");
  }

  @Test
  void anOversizedChunkIsRejected() {
    var big =
        dev.jxdist.proto.v1.BlobChunk.newBuilder()
            .setSha256(JAR_HASH)
            .setData(ByteString.copyFrom(new byte[BlobChunk.MAX_BYTES + 1]))
            .build();
    assertThatThrownBy(() -> JoinMapper.fromProto(big))
        .isInstanceOf(MalformedMessageException.class);
  }
}
