package dev.jxdist.common.wire;

import dev.jxdist.common.model.Selector;
import dev.jxdist.common.model.SurefireSelection;
import dev.jxdist.common.model.Unit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What the coordinator tells a worker. Field meanings are documented in {@code worker.proto}. */
public sealed interface CoordinatorCommand {

  /** How to set up the suite under test. */
  record Configure(
      List<String> classpath,
      Map<String, String> configurationParameters,
      Map<String, String> systemProperties,
      boolean captureOutput,
      int heartbeatSeconds)
      implements CoordinatorCommand {
    public Configure {
      classpath = List.copyOf(classpath);
      configurationParameters = Map.copyOf(configurationParameters);
      systemProperties = Map.copyOf(systemProperties);
    }
  }

  /** Which tests make up the run. */
  record Discover(
      List<Selector> selectors,
      List<String> includeClassNamePatterns,
      List<String> excludeClassNamePatterns,
      List<String> includeTags,
      List<String> excludeTags,
      boolean sendPlan,
      Optional<SurefireSelection> surefire)
      implements CoordinatorCommand {
    public Discover {
      selectors = List.copyOf(selectors);
      includeClassNamePatterns = List.copyOf(includeClassNamePatterns);
      excludeClassNamePatterns = List.copyOf(excludeClassNamePatterns);
      includeTags = List.copyOf(includeTags);
      excludeTags = List.copyOf(excludeTags);
      Objects.requireNonNull(surefire, "surefire");
    }

    /** A request without Surefire's selection. */
    public Discover(
        List<Selector> selectors,
        List<String> includeClassNamePatterns,
        List<String> excludeClassNamePatterns,
        List<String> includeTags,
        List<String> excludeTags,
        boolean sendPlan) {
      this(
          selectors,
          includeClassNamePatterns,
          excludeClassNamePatterns,
          includeTags,
          excludeTags,
          sendPlan,
          Optional.empty());
    }

    /** The same request, asking for the whole plan or only its hash. */
    public Discover withSendPlan(boolean send) {
      return new Discover(
          selectors,
          includeClassNamePatterns,
          excludeClassNamePatterns,
          includeTags,
          excludeTags,
          send,
          surefire);
    }
  }

  /** Units to append to the worker's queue. */
  record Run(List<Unit> units) implements CoordinatorCommand {
    public Run {
      units = List.copyOf(units);
    }
  }

  /** Fail fast: drop the queue, finish the test in progress. */
  record Stop(String reason) implements CoordinatorCommand {}

  /** No more work: drain the queue, then say Bye. */
  record Shutdown() implements CoordinatorCommand {}

  /** The Bye was recorded; exit. */
  record ByeAck() implements CoordinatorCommand {}

  /** Liveness probe. */
  record Ping(long sequence) implements CoordinatorCommand {}

  /** A test or unit ran past its timeout: answer with a ThreadDump at once. */
  record DumpThreads(String reason) implements CoordinatorCommand {}
}
