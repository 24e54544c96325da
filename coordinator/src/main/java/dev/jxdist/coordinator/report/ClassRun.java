package dev.jxdist.coordinator.report;

import java.util.Objects;

/**
 * A top-level class that ran (or was skipped whole) in a module. Surefire writes its {@code
 * TEST-<suite>.xml} even when no result is filed under it (a class aborted by a failed assumption
 * in {@code @BeforeAll}, a test factory that made no test), and so does jxdist.
 *
 * @param module the module's {@code groupId:artifactId} ({@code classpath} for a run without a
 *     build), as {@link TestResult#module()}
 * @param suite the class as {@link SurefireName#suite()} names it
 */
public record ClassRun(String module, String suite) {

  public ClassRun {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(suite, "suite");
  }
}
