package dev.jxdist.common.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.jxdist.common.sync.ContentHash;
import dev.jxdist.common.sync.Manifest;
import dev.jxdist.proto.v1.JoinerMessage;
import java.io.IOException;

/**
 * Turns the join protocol's records ({@link JoinerEvent}, {@link JoinDirective}, {@link
 * FetchRequest}, {@link BlobChunk}) into protobuf messages of {@code join.proto} and back: the only
 * class that touches that protocol's builders, as {@link ProtoMapper} is for the worker protocol.
 *
 * <p>Decoding rejects what cannot be a valid message (an empty envelope, a manifest that does not
 * parse, a malformed hash) with a {@link MalformedMessageException} naming the part at fault.
 */
public final class JoinMapper {

  /** The join protocol version this code speaks (2: the coordinator proves it knows the token). */
  public static final int PROTOCOL_VERSION = 2;

  private JoinMapper() {}

  // ---- joiner -> coordinator ----

  /** Encodes a joiner's event for the wire. */
  public static JoinerMessage toProto(JoinerEvent event) {
    JoinerMessage.Builder m = JoinerMessage.newBuilder();
    if (event instanceof JoinerEvent.Challenge c) {
      m.setChallenge(
          dev.jxdist.proto.v1.Challenge.newBuilder()
              .setProtocolVersion(c.protocolVersion())
              .setNonce(ByteString.copyFrom(c.nonce().duplicate())));
    } else if (event instanceof JoinerEvent.Join j) {
      m.setJoin(
          dev.jxdist.proto.v1.JoinRequest.newBuilder()
              .setProtocolVersion(j.protocolVersion())
              .setToken(j.token())
              .setName(j.name())
              .setCores(j.cores()));
    } else if (event instanceof JoinerEvent.LaidOut l) {
      FetchStats f = l.fetch();
      m.setLaidOut(
          dev.jxdist.proto.v1.LaidOut.newBuilder()
              .setWorkerId(l.workerId())
              .addAllClasspath(l.classpath())
              .setProjectDir(l.projectDir())
              .setFetch(
                  dev.jxdist.proto.v1.FetchStats.newBuilder()
                      .setFiles(f.files())
                      .setBlobsFetched(f.blobsFetched())
                      .setBytesFetched(f.bytesFetched())
                      .setDurationMs(f.durationMs())));
    } else if (event instanceof JoinerEvent.WorkerStarted s) {
      m.setWorkerStarted(
          dev.jxdist.proto.v1.WorkerStarted.newBuilder()
              .setWorkerId(s.workerId())
              .setPid(s.pid())
              .setCommandLine(s.commandLine()));
    } else if (event instanceof JoinerEvent.WorkerExited x) {
      m.setWorkerExited(
          dev.jxdist.proto.v1.WorkerExited.newBuilder()
              .setWorkerId(x.workerId())
              .setExitCode(x.exitCode())
              .setFailure(x.failure())
              .addAllLogTail(x.logTail()));
    } else {
      throw new IllegalArgumentException("unknown message " + event);
    }
    return m.build();
  }

  /** Decodes a joiner's event from the wire. */
  public static JoinerEvent fromProto(JoinerMessage m) {
    return switch (m.getBodyCase()) {
      case CHALLENGE -> {
        var c = m.getChallenge();
        try {
          yield new JoinerEvent.Challenge(
              c.getProtocolVersion(), c.getNonce().asReadOnlyByteBuffer());
        } catch (IllegalArgumentException e) {
          throw new MalformedMessageException(e.getMessage());
        }
      }
      case JOIN -> {
        var j = m.getJoin();
        yield new JoinerEvent.Join(j.getProtocolVersion(), j.getToken(), j.getName(), j.getCores());
      }
      case LAID_OUT -> {
        var l = m.getLaidOut();
        var f = l.getFetch();
        yield new JoinerEvent.LaidOut(
            requireWorkerId(l.getWorkerId(), "LaidOut"),
            l.getClasspathList(),
            l.getProjectDir(),
            new FetchStats(
                f.getFiles(), f.getBlobsFetched(), f.getBytesFetched(), f.getDurationMs()));
      }
      case WORKER_STARTED -> {
        var s = m.getWorkerStarted();
        yield new JoinerEvent.WorkerStarted(
            requireWorkerId(s.getWorkerId(), "WorkerStarted"), s.getPid(), s.getCommandLine());
      }
      case WORKER_EXITED -> {
        var x = m.getWorkerExited();
        yield new JoinerEvent.WorkerExited(
            requireWorkerId(x.getWorkerId(), "WorkerExited"),
            x.getExitCode(),
            x.getFailure(),
            x.getLogTailList());
      }
      case BODY_NOT_SET -> throw new MalformedMessageException("JoinerMessage with no body");
    };
  }

  // ---- coordinator -> joiner ----

  /** Encodes a directive for the wire. */
  public static dev.jxdist.proto.v1.JoinDirective toProto(JoinDirective directive) {
    dev.jxdist.proto.v1.JoinDirective.Builder m = dev.jxdist.proto.v1.JoinDirective.newBuilder();
    if (directive instanceof JoinDirective.Proof p) {
      m.setProof(
          dev.jxdist.proto.v1.TokenProof.newBuilder()
              .setHmac(ByteString.copyFrom(p.hmac().duplicate())));
    } else if (directive instanceof JoinDirective.Welcome w) {
      m.setWelcome(
          dev.jxdist.proto.v1.Welcome.newBuilder().setRunId(w.runId()).setPlaces(w.places()));
    } else if (directive instanceof JoinDirective.Assignment a) {
      m.setAssignment(
          dev.jxdist.proto.v1.Assignment.newBuilder()
              .setWorkerId(a.workerId())
              .setRunId(a.runId())
              .setSuiteName(a.suiteName())
              .setManifest(UnsafeByteOperations.unsafeWrap(a.manifest().toBytes()))
              .addAllJvmArgs(a.jvmArgs())
              .putAllEnvironment(a.environment())
              .setWorkerCount(a.workerCount()));
    } else if (directive instanceof JoinDirective.Launch l) {
      m.setLaunch(dev.jxdist.proto.v1.Launch.newBuilder().setWorkerId(l.workerId()));
    } else if (directive instanceof JoinDirective.Cancel c) {
      m.setCancel(
          dev.jxdist.proto.v1.Cancel.newBuilder().setWorkerId(c.workerId()).setReason(c.reason()));
    } else if (directive instanceof JoinDirective.Done d) {
      m.setDone(dev.jxdist.proto.v1.Done.newBuilder().setReason(d.reason()));
    } else {
      throw new IllegalArgumentException("unknown message " + directive);
    }
    return m.build();
  }

  /** Decodes a directive from the wire. */
  public static JoinDirective fromProto(dev.jxdist.proto.v1.JoinDirective m) {
    return switch (m.getBodyCase()) {
      case PROOF -> new JoinDirective.Proof(m.getProof().getHmac().asReadOnlyByteBuffer());
      case WELCOME ->
          new JoinDirective.Welcome(m.getWelcome().getRunId(), m.getWelcome().getPlaces());
      case ASSIGNMENT -> {
        var a = m.getAssignment();
        Manifest manifest;
        try {
          manifest = Manifest.parse(a.getManifest().toByteArray());
        } catch (IOException | IllegalArgumentException e) {
          throw new MalformedMessageException(
              "the manifest of assignment " + a.getWorkerId() + " is not valid: " + e.getMessage());
        }
        yield new JoinDirective.Assignment(
            requireWorkerId(a.getWorkerId(), "Assignment"),
            a.getRunId(),
            a.getSuiteName(),
            manifest,
            a.getJvmArgsList(),
            a.getEnvironmentMap(),
            a.getWorkerCount());
      }
      case LAUNCH ->
          new JoinDirective.Launch(requireWorkerId(m.getLaunch().getWorkerId(), "Launch"));
      case CANCEL ->
          new JoinDirective.Cancel(
              requireWorkerId(m.getCancel().getWorkerId(), "Cancel"), m.getCancel().getReason());
      case DONE -> new JoinDirective.Done(m.getDone().getReason());
      case BODY_NOT_SET -> throw new MalformedMessageException("JoinDirective with no body");
    };
  }

  // ---- blobs ----

  /** Encodes a blob request for the wire. */
  public static dev.jxdist.proto.v1.FetchRequest toProto(FetchRequest request) {
    return dev.jxdist.proto.v1.FetchRequest.newBuilder()
        .setToken(request.token())
        .addAllSha256(request.hashes())
        .build();
  }

  /** Decodes a blob request; a malformed hash is named. */
  public static FetchRequest fromProto(dev.jxdist.proto.v1.FetchRequest m) {
    for (String h : m.getSha256List()) {
      if (!ContentHash.isValid(h)) {
        throw new MalformedMessageException("FetchRequest names a malformed blob hash");
      }
    }
    return new FetchRequest(m.getToken(), m.getSha256List());
  }

  /**
   * Encodes a chunk for the wire without copying its bytes: the chunk's buffer must not change
   * afterwards.
   */
  public static dev.jxdist.proto.v1.BlobChunk toProto(BlobChunk chunk) {
    return dev.jxdist.proto.v1.BlobChunk.newBuilder()
        .setSha256(chunk.sha256())
        .setData(UnsafeByteOperations.unsafeWrap(chunk.data()))
        .setLast(chunk.last())
        .build();
  }

  /** Decodes a chunk; its data is a read-only view of the message's bytes. */
  public static BlobChunk fromProto(dev.jxdist.proto.v1.BlobChunk m) {
    if (!ContentHash.isValid(m.getSha256())) {
      throw new MalformedMessageException("BlobChunk names a malformed blob hash");
    }
    if (m.getData().size() > BlobChunk.MAX_BYTES) {
      throw new MalformedMessageException(
          "a chunk of blob "
              + m.getSha256()
              + " holds more than "
              + BlobChunk.MAX_BYTES
              + " bytes");
    }
    return new BlobChunk(m.getSha256(), m.getData().asReadOnlyByteBuffer(), m.getLast());
  }

  private static String requireWorkerId(String workerId, String message) {
    if (workerId.isEmpty()) {
      throw new MalformedMessageException(message + " without a worker id");
    }
    return workerId;
  }
}
