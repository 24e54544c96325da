package dev.jxdist.worker.suite;

import dev.jxdist.common.model.Selector;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.worker.bridge.api.ExecutionBridge;
import dev.jxdist.worker.bridge.api.ExecutionSink;
import dev.jxdist.worker.bridge.api.LaunchOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The suite under test, loaded: its {@link SuiteClassLoader} and the {@link ExecutionBridge}
 * defined in it. Every call runs with the suite's loader as the thread context class loader (the
 * launcher finds engines through it). Not thread-safe: the worker calls it from one thread, but for
 * {@link #warmUp}.
 */
public final class SuiteRuntime implements AutoCloseable {

  /** A class every junit-platform-launcher jar has, 1.x and 6.x alike. */
  static final String LAUNCHER_PROBE = "org.junit.platform.launcher.core.LauncherFactory";

  private final SuiteClassLoader loader;
  private final ExecutionBridge bridge;
  private volatile boolean closed;

  private SuiteRuntime(SuiteClassLoader loader, ExecutionBridge bridge) {
    this.loader = loader;
    this.bridge = bridge;
  }

  /**
   * Loads the suite from {@code classpath} and the bridge into it.
   *
   * @param classpath the suite's class path entries as the coordinator sent them
   * @param workerLoader the worker's own class loader (shared packages, bridge bytes)
   * @throws SuiteSetupException if an entry does not exist, the launcher is missing or the bridge
   *     cannot link against it
   */
  public static SuiteRuntime open(List<String> classpath, ClassLoader workerLoader)
      throws SuiteSetupException {
    List<Path> entries = new ArrayList<>();
    for (String entry : classpath) {
      Path path = Path.of(entry).toAbsolutePath();
      if (!Files.exists(path)) {
        throw new SuiteSetupException(
            "suite class path entry "
                + path
                + " does not exist; build the project first (e.g. mvn test-compile) or fix the"
                + " class path");
      }
      entries.add(path);
    }
    SuiteClassLoader loader = new SuiteClassLoader(entries, workerLoader);
    try {
      return new SuiteRuntime(loader, loadBridge(loader));
    } catch (SuiteSetupException | RuntimeException | Error e) {
      closeQuietly(loader);
      throw e;
    }
  }

  private static ExecutionBridge loadBridge(SuiteClassLoader loader) throws SuiteSetupException {
    try {
      Class.forName(LAUNCHER_PROBE, false, loader);
    } catch (ClassNotFoundException e) {
      throw new SuiteSetupException(
          "the suite class path has no junit-platform-launcher jar; add"
              + " org.junit.platform:junit-platform-launcher in the suite's JUnit Platform version"
              + " (1.x for JUnit 5, 6.x for JUnit 6)");
    }
    try {
      return inContext(
          loader,
          () ->
              Class.forName(ExecutionBridge.JUNIT_PLATFORM_IMPLEMENTATION, true, loader)
                  .asSubclass(ExecutionBridge.class)
                  .getConstructor()
                  .newInstance());
    } catch (LinkageError e) {
      throw new SuiteSetupException(
          "the suite's junit-platform-launcher cannot run the jxdist bridge ("
              + e
              + "); use JUnit Platform 1.10 or newer",
          e);
    } catch (Exception e) {
      throw new SuiteSetupException(
          "the jxdist bridge cannot be created in the suite (" + e + ")", e);
    }
  }

  /** The suite's class loader. */
  public ClassLoader classLoader() {
    return loader;
  }

  /**
   * Discovers the test plan.
   *
   * @throws SuiteSetupException if the launcher fails (no engine, a bad selector, ...)
   */
  public List<TestNode> discover(List<Selector> selectors, LaunchOptions options)
      throws SuiteSetupException {
    checkOpen();
    try {
      return inContext(loader, () -> bridge.discover(selectors, options));
    } catch (Exception | LinkageError e) {
      throw new SuiteSetupException(
          "discovering the suite's tests failed ("
              + e
              + "); check the selectors and that a test engine is on the suite class path",
          e);
    }
  }

  /**
   * The unique ids of the top-level nodes of {@code plan} (as {@link #discover} returned it) that
   * must run whole: see {@link IndivisibleClasses}.
   */
  public List<String> indivisibleClasses(List<TestNode> plan, LaunchOptions options) {
    checkOpen();
    return IndivisibleClasses.of(plan, loader, options.configurationParameters());
  }

  /**
   * Warms the suite's launcher up on a test of the worker's own (see {@link
   * ExecutionBridge#warmUp()}). Best effort: any failure is swallowed (the runtime closed under it
   * too), the run does not depend on it. Unlike the other calls it may run on a thread of its own
   * beside them: it shares nothing with them but the loaded classes.
   *
   * @return whether the warm-up test ran
   */
  public boolean warmUp() {
    if (closed) {
      return false;
    }
    try {
      return inContext(loader, bridge::warmUp);
    } catch (Exception | LinkageError e) {
      return false;
    }
  }

  /**
   * Runs the nodes named by {@code uniqueIds} in one launcher call.
   *
   * @throws SuiteSetupException if the launcher itself fails (a test failing is an event)
   */
  public void execute(List<String> uniqueIds, LaunchOptions options, ExecutionSink sink)
      throws SuiteSetupException {
    checkOpen();
    try {
      inContext(
          loader,
          () -> {
            bridge.execute(uniqueIds, options, sink);
            return null;
          });
    } catch (Exception | LinkageError e) {
      throw new SuiteSetupException("the suite's JUnit launcher failed (" + e + ")", e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      inContext(
          loader,
          () -> {
            bridge.close();
            return null;
          });
    } catch (Exception | LinkageError e) {
      // Closing a launcher that failed is best effort; the class loader goes anyway.
    }
    closeQuietly(loader);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the suite runtime is closed");
    }
  }

  private static <T> T inContext(ClassLoader loader, Callable<T> call) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return call.call();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static void closeQuietly(SuiteClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      // Nothing useful to do: the JVM is about to exit or the loader is unreachable.
    }
  }
}
