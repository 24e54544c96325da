package dev.jxdist.worker.bridge.junit;

import dev.jxdist.common.model.Selector;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.worker.bridge.api.ExecutionBridge;
import dev.jxdist.worker.bridge.api.ExecutionSink;
import dev.jxdist.worker.bridge.api.LaunchOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * {@link ExecutionBridge} on the JUnit Platform launcher of the suite. One {@link LauncherSession}
 * is opened on first use and its launcher reused for every request, as Surefire does for a fork: a
 * new launcher per call costs tens of milliseconds, and the default launcher opens a new session
 * (with its listeners) for every call. Launchers older than Platform 1.8 have no sessions; there
 * one launcher is reused.
 */
public final class JUnitPlatformBridge implements ExecutionBridge {

  private static final String JUPITER_ENGINE_CLASS = "org.junit.jupiter.engine.JupiterTestEngine";
  private static final String JUPITER_ENGINE_ID = "junit-jupiter";

  private LauncherSession session;
  private Launcher launcher;
  private boolean closed;

  /**
   * Creates the bridge; the launcher is created on first use, under the caller's context loader.
   */
  public JUnitPlatformBridge() {}

  @Override
  public List<TestNode> discover(List<Selector> selectors, LaunchOptions options) {
    List<DiscoverySelector> junitSelectors = new ArrayList<>();
    for (Selector s : selectors) {
      junitSelectors.addAll(toJUnit(s));
    }
    TestPlan plan = launcher().discover(request(junitSelectors, options));
    List<TestNode> nodes = new ArrayList<>();
    for (TestIdentifier root : plan.getRoots()) {
      addDepthFirst(plan, root, nodes);
    }
    return nodes;
  }

  @Override
  public void execute(List<String> uniqueIds, LaunchOptions options, ExecutionSink sink) {
    List<DiscoverySelector> junitSelectors = new ArrayList<>();
    for (String id : uniqueIds) {
      junitSelectors.add(DiscoverySelectors.selectUniqueId(id));
    }
    launcher().execute(request(junitSelectors, options), new SinkListener(sink));
  }

  /**
   * Runs {@link LauncherWarmUp} in the suite's Jupiter engine, on a launcher of its own that
   * registers none of the suite's listeners or filters and reads none of its configuration files,
   * so that nothing of the suite sees it. Returns false (and does nothing) when the suite has no
   * Jupiter engine.
   */
  @Override
  public boolean warmUp() {
    ClassLoader suite = Thread.currentThread().getContextClassLoader();
    try {
      Class.forName(JUPITER_ENGINE_CLASS, false, suite);
    } catch (ClassNotFoundException | LinkageError noJupiter) {
      return false;
    }
    Launcher quiet =
        LauncherFactory.create(
            LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .build());
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectClass(LauncherWarmUp.class))
            .filters(EngineFilter.includeEngines(JUPITER_ENGINE_ID))
            .enableImplicitConfigurationParameters(false)
            .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
            .build();
    boolean[] passed = {false};
    quiet.execute(
        request,
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
              passed[0] = true;
            }
          }
        });
    return passed[0];
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    launcher = null;
    if (session != null) {
      session.close();
      session = null;
    }
  }

  private synchronized Launcher launcher() {
    if (closed) {
      throw new IllegalStateException("the JUnit Platform bridge is closed");
    }
    if (launcher == null) {
      try {
        session = LauncherFactory.openSession();
        launcher = session.getLauncher();
      } catch (NoSuchMethodError | NoClassDefFoundError beforePlatform18) {
        launcher = LauncherFactory.create();
      }
    }
    return launcher;
  }

  private static LauncherDiscoveryRequest request(
      List<DiscoverySelector> selectors, LaunchOptions options) {
    LauncherDiscoveryRequestBuilder builder =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectors)
            .configurationParameters(options.configurationParameters());
    if (!options.includeClassNamePatterns().isEmpty()) {
      builder.filters(
          ClassNameFilter.includeClassNamePatterns(
              options.includeClassNamePatterns().toArray(new String[0])));
    }
    if (!options.excludeClassNamePatterns().isEmpty()) {
      builder.filters(
          ClassNameFilter.excludeClassNamePatterns(
              options.excludeClassNamePatterns().toArray(new String[0])));
    }
    if (!options.includeTags().isEmpty()) {
      builder.filters(TagFilter.includeTags(options.includeTags()));
    }
    if (!options.excludeTags().isEmpty()) {
      builder.filters(TagFilter.excludeTags(options.excludeTags()));
    }
    options.classFilter().ifPresent(f -> builder.filters(classNameFilter(f)));
    options.methodFilter().ifPresent(f -> builder.filters(methodFilter(f)));
    return builder.build();
  }

  /** Keeps the scanned classes whose fully qualified name {@code keep} accepts. */
  private static ClassNameFilter classNameFilter(Predicate<String> keep) {
    return className ->
        keep.test(className)
            ? FilterResult.included("selected")
            : FilterResult.excluded("not selected: " + className);
  }

  /**
   * Keeps the tests with a method source whose class and method {@code keep} accepts, and every
   * other node (containers without tests left are pruned by the launcher), as Surefire's method
   * filter does.
   */
  private static PostDiscoveryFilter methodFilter(BiPredicate<String, String> keep) {
    return descriptor -> {
      Optional<TestSource> source = descriptor.getSource();
      if (source.isPresent() && source.get() instanceof MethodSource) {
        MethodSource method = (MethodSource) source.get();
        return keep.test(method.getClassName(), method.getMethodName())
            ? FilterResult.included("selected")
            : FilterResult.excluded("not selected: " + method.getMethodName());
      }
      return FilterResult.included("not a method");
    };
  }

  private static List<? extends DiscoverySelector> toJUnit(Selector s) {
    Selector.Kind kind = s.kind();
    if (kind == Selector.Kind.CLASS) {
      return List.of(DiscoverySelectors.selectClass(s.value()));
    } else if (kind == Selector.Kind.PACKAGE) {
      return List.of(DiscoverySelectors.selectPackage(s.value()));
    } else if (kind == Selector.Kind.CLASSPATH_ROOT) {
      return DiscoverySelectors.selectClasspathRoots(Set.of(Path.of(s.value())));
    } else if (kind == Selector.Kind.UNIQUE_ID) {
      return List.of(DiscoverySelectors.selectUniqueId(s.value()));
    }
    throw new IllegalArgumentException("unknown selector kind " + kind);
  }

  private static void addDepthFirst(TestPlan plan, TestIdentifier node, List<TestNode> out) {
    out.add(TestNodes.of(node));
    for (TestIdentifier child : plan.getChildren(node)) {
      addDepthFirst(plan, child, out);
    }
  }
}
