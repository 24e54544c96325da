package dev.jxdist.coordinator.report;

import java.util.Objects;

/**
 * Where Maven Surefire files a test result and what it calls it, as Surefire 3.5's JUnit Platform
 * provider does: the report file {@code TEST-<suite>.xml} and the {@code testcase}'s {@code
 * classname} and {@code name}.
 *
 * <p>Surefire files every result under the top-level class of the plan (the node just below the
 * engine): a {@code @Nested} class's tests go to its outer class's file, a JUnit 4 {@code suite()}
 * or {@code @RunWith(Suite.class)} class's tests to the suite's file. The session works these out
 * from the plan ({@code SurefireNames}); {@link #of} guesses them from a class name alone.
 *
 * @param suite the top-level class: the report file's name and the {@code testsuite}'s {@code
 *     name}; empty when the test has no class at all
 * @param className the class the {@code testcase} element names: the class that holds the test
 *     ({@code fx.Outer$Inner} for a nested class, the suite class for a JUnit 3 {@code TestSuite}'s
 *     tests, the class itself for a whole class's skipped or failed result)
 * @param name the {@code testcase}'s {@code name}: {@code passes} for {@code passes()}, {@code
 *     add(int)[2]} for an invocation, empty for a whole class
 */
public record SurefireName(String suite, String className, String name) {

  public SurefireName {
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(name, "name");
  }

  /**
   * The names of a test known only by its class and legacy reporting name, without its plan: the
   * suite is the class's top-level class ({@code fx.Outer} for {@code fx.Outer$Inner}).
   */
  public static SurefireName of(String className, String legacyReportingName) {
    int dollar = className.indexOf('$');
    String suite = dollar < 0 ? className : className.substring(0, dollar);
    return new SurefireName(suite, className, testCaseName(legacyReportingName));
  }

  /**
   * The {@code testcase} name Surefire gives a JUnit Platform test that comes from a method: its
   * legacy reporting name, without the {@code ()} of a method that takes no parameters ({@code
   * passes()} becomes {@code passes}, {@code add(int)[2]} and {@code computes[fib(1)=1]} stay).
   */
  public static String testCaseName(String legacyReportingName) {
    return legacyReportingName.endsWith("()")
        ? legacyReportingName.substring(0, legacyReportingName.length() - 2)
        : legacyReportingName;
  }
}
