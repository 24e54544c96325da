package dev.jxdist.worker.bridge.api;

import dev.jxdist.common.model.Selector;
import dev.jxdist.common.model.TestNode;
import java.util.List;

/**
 * Discovers and runs a suite's tests through the suite's own JUnit Platform launcher.
 *
 * <p>The implementation ({@link #JUNIT_PLATFORM_IMPLEMENTATION}) is defined by the suite's class
 * loader, so it links against the launcher on the suite's class path; the worker sees it only
 * through this interface. Callers set the thread context class loader to the suite's loader around
 * every call. Calls are made from one thread at a time.
 */
public interface ExecutionBridge extends AutoCloseable {

  /** The implementation class, loaded by name in the suite's class loader. */
  String JUNIT_PLATFORM_IMPLEMENTATION = "dev.jxdist.worker.bridge.junit.JUnitPlatformBridge";

  /**
   * Discovers the test plan for {@code selectors}.
   *
   * @return the plan's nodes depth first from each engine root, in the launcher's order
   */
  List<TestNode> discover(List<Selector> selectors, LaunchOptions options);

  /**
   * Runs the nodes with the given unique ids in one launcher call, reporting every event to {@code
   * sink} (possibly from several threads, if the suite runs tests in parallel). Returns when the
   * launcher call returns.
   */
  void execute(List<String> uniqueIds, LaunchOptions options, ExecutionSink sink);

  /**
   * Runs a test of the worker's own through the suite's engine, outside the run, so that the JVM
   * has loaded and interpreted the execution path before its first unit. Nothing of it is reported.
   * Best effort: a suite whose engines cannot run it is left as it is.
   *
   * @return whether the warm-up test ran
   */
  default boolean warmUp() {
    return false;
  }

  /** Releases the launcher; idempotent. */
  @Override
  void close();
}
