package dev.jxdist.common.wire;

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
import java.util.Optional;

/**
 * Turns protocol records into protobuf messages and back. The only class that touches generated
 * builders; everything else speaks {@link WorkerEvent} and {@link CoordinatorCommand}.
 *
 * <p>Decoding rejects what cannot be a valid message (an empty envelope, an unset enum) with a
 * {@link MalformedMessageException} naming the field, so a bad peer is reported, never crashes.
 */
public final class ProtoMapper {

  /** The protocol version this code speaks. */
  public static final int PROTOCOL_VERSION = 3;

  private ProtoMapper() {}

  // ---- worker -> coordinator ----

  /** One message carrying {@code messages} (two or more, none a batch), in order. */
  public static WorkerMessage batch(List<WorkerMessage> messages) {
    return WorkerMessage.newBuilder()
        .setBatch(dev.jxdist.proto.v1.Batch.newBuilder().addAllMessages(messages))
        .build();
  }

  /**
   * The messages {@code m} carries: those of a batch, in order, or {@code m} alone.
   *
   * @throws MalformedMessageException for a batch that is empty or holds a batch
   */
  public static List<WorkerMessage> unbatch(WorkerMessage m) throws MalformedMessageException {
    if (!m.hasBatch()) {
      return List.of(m);
    }
    List<WorkerMessage> messages = m.getBatch().getMessagesList();
    if (messages.isEmpty()) {
      throw new MalformedMessageException("an empty Batch");
    }
    for (WorkerMessage inner : messages) {
      if (inner.hasBatch()) {
        throw new MalformedMessageException("a Batch inside a Batch");
      }
    }
    return messages;
  }

  /** Encodes an event for the wire. */
  public static WorkerMessage toProto(WorkerEvent event) {
    WorkerMessage.Builder m = WorkerMessage.newBuilder();
    if (event instanceof WorkerEvent.Hello h) {
      m.setHello(
          dev.jxdist.proto.v1.Hello.newBuilder()
              .setProtocolVersion(h.protocolVersion())
              .setWorkerId(h.workerId())
              .setHost(h.host())
              .setPid(h.pid())
              .setJavaVersion(h.javaVersion())
              .setJavaVendor(h.javaVendor())
              .setCores(h.cores())
              .setToken(h.token()));
    } else if (event instanceof WorkerEvent.Discovered d) {
      var b =
          dev.jxdist.proto.v1.Discovered.newBuilder()
              .setPlanHash(d.planHash())
              .setTestCount(d.testCount())
              .setDurationMs(d.durationMs())
              .addAllIndivisibleIds(d.indivisibleIds());
      d.nodes().forEach(n -> b.addNodes(toProto(n)));
      m.setDiscovered(b);
    } else if (event instanceof WorkerEvent.TestStarted s) {
      m.setTestStarted(
          dev.jxdist.proto.v1.TestStarted.newBuilder()
              .setUniqueId(s.uniqueId())
              .setUnitId(s.unitId())
              .setTimestampMs(s.timestampMs()));
    } else if (event instanceof WorkerEvent.TestFinished f) {
      var b =
          dev.jxdist.proto.v1.TestFinished.newBuilder()
              .setUniqueId(f.uniqueId())
              .setUnitId(f.unitId())
              .setOutcome(toProto(f.outcome()))
              .setSkipReason(f.skipReason())
              .setDurationNanos(f.durationNanos())
              .setStdout(f.stdout())
              .setStderr(f.stderr())
              .setTimestampMs(f.timestampMs());
      f.throwable().ifPresent(t -> b.setThrowable(toProto(t)));
      for (ReportEntry e : f.reportEntries()) {
        b.addReportEntries(
            dev.jxdist.proto.v1.ReportEntry.newBuilder()
                .setTimestampMs(e.timestampMs())
                .putAllValues(e.values()));
      }
      m.setTestFinished(b);
    } else if (event instanceof WorkerEvent.DynamicTestRegistered r) {
      m.setDynamicTestRegistered(
          dev.jxdist.proto.v1.DynamicTestRegistered.newBuilder()
              .setNode(toProto(r.node()))
              .setUnitId(r.unitId()));
    } else if (event instanceof WorkerEvent.UnitDone u) {
      m.setUnitDone(
          dev.jxdist.proto.v1.UnitDone.newBuilder()
              .setUnitId(u.unitId())
              .setDurationNanos(u.durationNanos()));
    } else if (event instanceof WorkerEvent.Output o) {
      m.setOutput(
          dev.jxdist.proto.v1.Output.newBuilder()
              .setStream(
                  o.stderr()
                      ? dev.jxdist.proto.v1.Output.Stream.STDERR
                      : dev.jxdist.proto.v1.Output.Stream.STDOUT)
              .setText(o.text())
              .setUniqueId(o.uniqueId()));
    } else if (event instanceof WorkerEvent.Bye b) {
      m.setBye(
          dev.jxdist.proto.v1.Bye.newBuilder()
              .setTestsFinished(b.testsFinished())
              .setUnitsFinished(b.unitsFinished())
              .setUptimeMs(b.uptimeMs()));
    } else if (event instanceof WorkerEvent.Pong p) {
      m.setPong(dev.jxdist.proto.v1.Pong.newBuilder().setSequence(p.sequence()));
    } else if (event instanceof WorkerEvent.WorkerFailure f) {
      m.setFailure(
          dev.jxdist.proto.v1.WorkerFailure.newBuilder()
              .setMessage(f.message())
              .setDetail(f.detail()));
    } else if (event instanceof WorkerEvent.ThreadDump d) {
      m.setThreadDump(dev.jxdist.proto.v1.ThreadDump.newBuilder().setText(d.text()));
    } else {
      throw new IllegalArgumentException("unknown message " + event);
    }
    return m.build();
  }

  /** Decodes an event from the wire. */
  public static WorkerEvent fromProto(WorkerMessage m) {
    return switch (m.getBodyCase()) {
      case HELLO -> {
        var h = m.getHello();
        yield new WorkerEvent.Hello(
            h.getProtocolVersion(),
            h.getWorkerId(),
            h.getHost(),
            h.getPid(),
            h.getJavaVersion(),
            h.getJavaVendor(),
            h.getCores(),
            h.getToken());
      }
      case DISCOVERED -> {
        var d = m.getDiscovered();
        yield new WorkerEvent.Discovered(
            d.getPlanHash(),
            d.getTestCount(),
            d.getNodesList().stream().map(ProtoMapper::fromProto).toList(),
            d.getDurationMs(),
            d.getIndivisibleIdsList());
      }
      case TEST_STARTED -> {
        var s = m.getTestStarted();
        yield new WorkerEvent.TestStarted(s.getUniqueId(), s.getUnitId(), s.getTimestampMs());
      }
      case TEST_FINISHED -> {
        var f = m.getTestFinished();
        yield new WorkerEvent.TestFinished(
            f.getUniqueId(),
            f.getUnitId(),
            fromProto(f.getOutcome()),
            f.getSkipReason(),
            f.hasThrowable() ? Optional.of(fromProto(f.getThrowable())) : Optional.empty(),
            f.getDurationNanos(),
            f.getStdout(),
            f.getStderr(),
            f.getReportEntriesList().stream()
                .map(e -> new ReportEntry(e.getTimestampMs(), e.getValuesMap()))
                .toList(),
            f.getTimestampMs());
      }
      case DYNAMIC_TEST_REGISTERED -> {
        var r = m.getDynamicTestRegistered();
        if (!r.hasNode()) {
          throw new MalformedMessageException("DynamicTestRegistered without a node");
        }
        yield new WorkerEvent.DynamicTestRegistered(fromProto(r.getNode()), r.getUnitId());
      }
      case UNIT_DONE -> {
        var u = m.getUnitDone();
        yield new WorkerEvent.UnitDone(u.getUnitId(), u.getDurationNanos());
      }
      case OUTPUT -> {
        var o = m.getOutput();
        yield new WorkerEvent.Output(
            o.getStream() == dev.jxdist.proto.v1.Output.Stream.STDERR,
            o.getText(),
            o.getUniqueId());
      }
      case BYE -> {
        var b = m.getBye();
        yield new WorkerEvent.Bye(b.getTestsFinished(), b.getUnitsFinished(), b.getUptimeMs());
      }
      case PONG -> new WorkerEvent.Pong(m.getPong().getSequence());
      case FAILURE ->
          new WorkerEvent.WorkerFailure(m.getFailure().getMessage(), m.getFailure().getDetail());
      case THREAD_DUMP -> new WorkerEvent.ThreadDump(m.getThreadDump().getText());
      case BATCH ->
          throw new MalformedMessageException(
              "a Batch where one message was expected (batches are not nested)");
      case BODY_NOT_SET -> throw new MalformedMessageException("WorkerMessage with no body");
    };
  }

  // ---- coordinator -> worker ----

  /** Encodes a command for the wire. */
  public static CoordinatorMessage toProto(CoordinatorCommand command) {
    CoordinatorMessage.Builder m = CoordinatorMessage.newBuilder();
    if (command instanceof CoordinatorCommand.Configure c) {
      m.setConfigure(
          dev.jxdist.proto.v1.Configure.newBuilder()
              .addAllClasspath(c.classpath())
              .putAllConfigurationParameters(c.configurationParameters())
              .putAllSystemProperties(c.systemProperties())
              .setCaptureOutput(c.captureOutput())
              .setHeartbeatSeconds(c.heartbeatSeconds()));
    } else if (command instanceof CoordinatorCommand.Discover d) {
      var b =
          dev.jxdist.proto.v1.Discover.newBuilder()
              .addAllIncludeClassNamePatterns(d.includeClassNamePatterns())
              .addAllExcludeClassNamePatterns(d.excludeClassNamePatterns())
              .addAllIncludeTags(d.includeTags())
              .addAllExcludeTags(d.excludeTags())
              .setSendPlan(d.sendPlan());
      d.surefire()
          .ifPresent(
              f ->
                  b.setSurefire(
                      dev.jxdist.proto.v1.SurefireSelection.newBuilder()
                          .addAllScanIncludes(f.scanIncludes())
                          .addAllScanExcludes(f.scanExcludes())
                          .addAllTestIncludes(f.testIncludes())
                          .addAllTestExcludes(f.testExcludes())));
      for (Selector s : d.selectors()) {
        b.addSelectors(
            dev.jxdist.proto.v1.Selector.newBuilder()
                .setKind(dev.jxdist.proto.v1.Selector.Kind.valueOf(s.kind().name()))
                .setValue(s.value()));
      }
      m.setDiscover(b);
    } else if (command instanceof CoordinatorCommand.Run r) {
      var b = dev.jxdist.proto.v1.Run.newBuilder();
      for (Unit u : r.units()) {
        b.addUnits(
            dev.jxdist.proto.v1.Unit.newBuilder()
                .setUnitId(u.unitId())
                .addAllNodeIndices(u.nodeIndices()));
      }
      m.setRun(b);
    } else if (command instanceof CoordinatorCommand.Stop s) {
      m.setStop(dev.jxdist.proto.v1.Stop.newBuilder().setReason(s.reason()));
    } else if (command instanceof CoordinatorCommand.Shutdown) {
      m.setShutdown(dev.jxdist.proto.v1.Shutdown.getDefaultInstance());
    } else if (command instanceof CoordinatorCommand.ByeAck) {
      m.setByeAck(dev.jxdist.proto.v1.ByeAck.getDefaultInstance());
    } else if (command instanceof CoordinatorCommand.Ping p) {
      m.setPing(dev.jxdist.proto.v1.Ping.newBuilder().setSequence(p.sequence()));
    } else if (command instanceof CoordinatorCommand.DumpThreads d) {
      m.setDumpThreads(dev.jxdist.proto.v1.DumpThreads.newBuilder().setReason(d.reason()));
    } else {
      throw new IllegalArgumentException("unknown message " + command);
    }
    return m.build();
  }

  /** Decodes a command from the wire. */
  public static CoordinatorCommand fromProto(CoordinatorMessage m) {
    return switch (m.getBodyCase()) {
      case CONFIGURE -> {
        var c = m.getConfigure();
        yield new CoordinatorCommand.Configure(
            c.getClasspathList(),
            c.getConfigurationParametersMap(),
            c.getSystemPropertiesMap(),
            c.getCaptureOutput(),
            c.getHeartbeatSeconds());
      }
      case DISCOVER -> {
        var d = m.getDiscover();
        yield new CoordinatorCommand.Discover(
            d.getSelectorsList().stream().map(ProtoMapper::fromProto).toList(),
            d.getIncludeClassNamePatternsList(),
            d.getExcludeClassNamePatternsList(),
            d.getIncludeTagsList(),
            d.getExcludeTagsList(),
            d.getSendPlan(),
            d.hasSurefire()
                ? Optional.of(
                    new SurefireSelection(
                        d.getSurefire().getScanIncludesList(),
                        d.getSurefire().getScanExcludesList(),
                        d.getSurefire().getTestIncludesList(),
                        d.getSurefire().getTestExcludesList()))
                : Optional.empty());
      }
      case RUN ->
          new CoordinatorCommand.Run(
              m.getRun().getUnitsList().stream()
                  .map(u -> new Unit(u.getUnitId(), u.getNodeIndicesList()))
                  .toList());
      case STOP -> new CoordinatorCommand.Stop(m.getStop().getReason());
      case SHUTDOWN -> new CoordinatorCommand.Shutdown();
      case BYE_ACK -> new CoordinatorCommand.ByeAck();
      case PING -> new CoordinatorCommand.Ping(m.getPing().getSequence());
      case DUMP_THREADS -> new CoordinatorCommand.DumpThreads(m.getDumpThreads().getReason());
      case BODY_NOT_SET -> throw new MalformedMessageException("CoordinatorMessage with no body");
    };
  }

  // ---- shared pieces ----

  private static dev.jxdist.proto.v1.TestNode toProto(TestNode n) {
    return dev.jxdist.proto.v1.TestNode.newBuilder()
        .setUniqueId(n.uniqueId())
        .setParentId(n.parentId())
        .setDisplayName(n.displayName())
        .setLegacyReportingName(n.legacyReportingName())
        .setType(dev.jxdist.proto.v1.NodeType.valueOf(n.type().name()))
        .setClassName(n.className())
        .setMethodName(n.methodName())
        .addAllTags(n.tags())
        .build();
  }

  private static TestNode fromProto(dev.jxdist.proto.v1.TestNode n) {
    NodeType type =
        switch (n.getType()) {
          case CONTAINER -> NodeType.CONTAINER;
          case TEST -> NodeType.TEST;
          case CONTAINER_AND_TEST -> NodeType.CONTAINER_AND_TEST;
          case NODE_TYPE_UNSPECIFIED, UNRECOGNIZED ->
              throw new MalformedMessageException("test node " + n.getUniqueId() + " has no type");
        };
    return new TestNode(
        n.getUniqueId(),
        n.getParentId(),
        n.getDisplayName(),
        n.getLegacyReportingName(),
        type,
        n.getClassName(),
        n.getMethodName(),
        List.copyOf(n.getTagsList()));
  }

  private static dev.jxdist.proto.v1.Outcome toProto(Outcome o) {
    return dev.jxdist.proto.v1.Outcome.valueOf(o.name());
  }

  private static Outcome fromProto(dev.jxdist.proto.v1.Outcome o) {
    return switch (o) {
      case SUCCESSFUL -> Outcome.SUCCESSFUL;
      case FAILED -> Outcome.FAILED;
      case ABORTED -> Outcome.ABORTED;
      case SKIPPED -> Outcome.SKIPPED;
      case OUTCOME_UNSPECIFIED, UNRECOGNIZED ->
          throw new MalformedMessageException("TestFinished without an outcome");
    };
  }

  private static dev.jxdist.proto.v1.ThrowableInfo toProto(ThrowableInfo t) {
    return dev.jxdist.proto.v1.ThrowableInfo.newBuilder()
        .setClassName(t.className())
        .setMessage(t.message())
        .setStackTrace(t.stackTrace())
        .setAssertion(t.assertion())
        .build();
  }

  private static ThrowableInfo fromProto(dev.jxdist.proto.v1.ThrowableInfo t) {
    return new ThrowableInfo(t.getClassName(), t.getMessage(), t.getStackTrace(), t.getAssertion());
  }

  private static Selector fromProto(dev.jxdist.proto.v1.Selector s) {
    Selector.Kind kind =
        switch (s.getKind()) {
          case CLASS -> Selector.Kind.CLASS;
          case PACKAGE -> Selector.Kind.PACKAGE;
          case CLASSPATH_ROOT -> Selector.Kind.CLASSPATH_ROOT;
          case UNIQUE_ID -> Selector.Kind.UNIQUE_ID;
          case KIND_UNSPECIFIED, UNRECOGNIZED ->
              throw new MalformedMessageException("selector '" + s.getValue() + "' has no kind");
        };
    return new Selector(kind, s.getValue());
  }
}
