package dev.jxdist.coordinator.run;

import dev.jxdist.common.model.Selector;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.coordinator.config.Selection;
import dev.jxdist.coordinator.config.SuiteFilters;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.session.SessionSuite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a suite's workers are told: how to set it up (Configure) and what to discover (Discover).
 */
final class SuiteCommands {

  private SuiteCommands() {}

  /** {@code suite} as the session runs it, narrowed by the command line's {@code selection}. */
  static SessionSuite of(SuiteSpec suite, Selection selection) {
    return new SessionSuite(suite, configure(suite), discover(suite, selection));
  }

  static CoordinatorCommand.Configure configure(SuiteSpec suite) {
    return new CoordinatorCommand.Configure(
        suite.classpath().stream().map(Path::toString).toList(),
        suite.configurationParameters(),
        suite.systemProperties(),
        true,
        GrpcDefaults.HEARTBEAT_SECONDS);
  }

  /**
   * What a suite's workers discover: its scan roots filtered by its own includes, excludes and
   * groups (Surefire's selection, when the suite has one), narrowed by the command line's selection
   * (explicit classes replace the class-name filters; tags narrow the suite's own).
   */
  static CoordinatorCommand.Discover discover(SuiteSpec suite, Selection selection) {
    SuiteFilters filters = suite.filters();
    List<Selector> selectors = new ArrayList<>();
    List<String> includeNames = new ArrayList<>();
    List<String> excludeNames = new ArrayList<>();
    if (!selection.classes().isEmpty()) {
      selection.classes().forEach(c -> selectors.add(new Selector(Selector.Kind.CLASS, c)));
    } else {
      includeNames.addAll(filters.includeClassNamePatterns());
      excludeNames.addAll(filters.excludeClassNamePatterns());
      if (!selection.packages().isEmpty()) {
        selection.packages().forEach(p -> selectors.add(new Selector(Selector.Kind.PACKAGE, p)));
      } else {
        suite
            .scanRoots()
            .forEach(r -> selectors.add(new Selector(Selector.Kind.CLASSPATH_ROOT, r.toString())));
      }
    }
    List<String> includeTags = both(filters.includeTags(), selection.includeTags());
    List<String> excludeTags = new ArrayList<>(filters.excludeTags());
    excludeTags.addAll(selection.excludeTags());
    return new CoordinatorCommand.Discover(
        selectors, includeNames, excludeNames, includeTags, excludeTags, true, filters.surefire());
  }

  /** Tag expressions for tests that match one of {@code a} and one of {@code b}. */
  private static List<String> both(List<String> a, List<String> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return List.of("(" + String.join(" | ", a) + ") & (" + String.join(" | ", b) + ")");
  }
}
