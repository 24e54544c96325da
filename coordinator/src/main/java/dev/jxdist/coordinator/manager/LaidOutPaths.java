package dev.jxdist.coordinator.manager;

import dev.jxdist.common.model.Selector;
import dev.jxdist.common.wire.CoordinatorCommand;
import java.util.List;
import java.util.Map;

/**
 * Where a suite's classpath entries and scan roots were laid out on another machine (an SSH host, a
 * joiner), by their paths here: the one place that rewrites the commands such a worker is sent.
 */
public final class LaidOutPaths {

  private final Map<String, String> byLocalPath;

  /**
   * @param byLocalPath each local classpath entry and scan root, by its path there
   */
  public LaidOutPaths(Map<String, String> byLocalPath) {
    this.byLocalPath = Map.copyOf(byLocalPath);
  }

  /**
   * {@code command} as the worker there must see it: Configure's classpath and Discover's
   * classpath-root selectors name the paths laid out there; other commands, and paths not laid out,
   * stay as they are.
   */
  public CoordinatorCommand adapt(CoordinatorCommand command) {
    if (command instanceof CoordinatorCommand.Configure c) {
      return new CoordinatorCommand.Configure(
          c.classpath().stream().map(this::there).toList(),
          c.configurationParameters(),
          c.systemProperties(),
          c.captureOutput(),
          c.heartbeatSeconds());
    }
    if (command instanceof CoordinatorCommand.Discover d) {
      List<Selector> selectors =
          d.selectors().stream()
              .map(
                  s ->
                      s.kind() == Selector.Kind.CLASSPATH_ROOT
                          ? new Selector(s.kind(), there(s.value()))
                          : s)
              .toList();
      return new CoordinatorCommand.Discover(
          selectors,
          d.includeClassNamePatterns(),
          d.excludeClassNamePatterns(),
          d.includeTags(),
          d.excludeTags(),
          d.sendPlan(),
          d.surefire());
    }
    return command;
  }

  private String there(String local) {
    return byLocalPath.getOrDefault(local, local);
  }
}
