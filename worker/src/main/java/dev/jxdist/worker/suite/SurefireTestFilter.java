package dev.jxdist.worker.suite;

import dev.jxdist.common.model.SurefireSelection;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.apache.maven.surefire.api.testset.TestListResolver;

/**
 * Surefire's selection as the launcher's filters, decided by Surefire's own {@link
 * TestListResolver} (its syntax, its defaults, its corner cases), in the two steps Surefire takes:
 * the scan lists pick the classes (as Surefire's directory scanner does), the test lists then pick
 * the test methods of those classes (as its JUnit Platform provider's method filter does). Both see
 * a class as Surefire does, as the path of its class file ({@code a/b/C$D.class}).
 */
public final class SurefireTestFilter {

  private SurefireTestFilter() {}

  /** Which scanned classes are test classes, by fully qualified name. */
  public static Predicate<String> classes(SurefireSelection selection) {
    TestListResolver scan =
        new TestListResolver(selection.scanIncludes(), selection.scanExcludes());
    return className -> shouldRun(scan, className, null);
  }

  /**
   * Which tests with a method source run, by class and method name; none when the test lists are
   * empty (Surefire adds no method filter then).
   */
  public static Optional<BiPredicate<String, String>> methods(SurefireSelection selection) {
    TestListResolver tests =
        new TestListResolver(selection.testIncludes(), selection.testExcludes());
    if (tests.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of((className, method) -> shouldRun(tests, className, method));
  }

  /** A resolver records what matched in a plain map: one caller at a time. */
  private static boolean shouldRun(TestListResolver resolver, String className, String method) {
    synchronized (resolver) {
      return resolver.shouldRun(TestListResolver.toClassFileName(className), method);
    }
  }
}
