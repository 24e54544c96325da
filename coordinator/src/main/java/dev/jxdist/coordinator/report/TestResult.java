package dev.jxdist.coordinator.report;

import dev.jxdist.common.model.ThrowableInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The final result of one test: a method, a parameterized invocation or a dynamic test; or of a
 * container that Surefire reports as one test case (a class whose {@code @BeforeAll} failed, a
 * disabled parameterized test, a nested class of a disabled class).
 *
 * @param uniqueId the JUnit unique id
 * @param className the class the test's code is in; a {@code @Nested} class keeps its binary name
 *     ({@code fx.Outer$Inner}), the tests of a JUnit 3 {@code TestSuite} name their test case class
 * @param name the JUnit legacy reporting name ({@code passes()}, {@code add(int)[2]})
 * @param status the one final status
 * @param aborted true when JUnit reported the test ABORTED (a failed assumption); counted as
 *     skipped
 * @param durationS how long it ran, in seconds
 * @param worker the worker it ran on, empty if it never ran on one
 * @param host the host of that worker, as the host list names it
 * @param startS when it started, in seconds since the run started
 * @param endS when it ended, in seconds since the run started
 * @param attempts how many times it ran
 * @param message the failure message or skip reason, empty if none
 * @param throwable what was thrown, for failed, error and crashed tests
 * @param stdout what it wrote to System.out
 * @param stderr what it wrote to System.err
 * @param module the suite it belongs to: the module's {@code groupId:artifactId}, {@code classpath}
 *     for a run without a build, empty when unknown
 * @param junitStatus the JUnit Platform's own word for the outcome ({@code successful}, {@code
 *     failed}, {@code aborted}, {@code skipped}); empty when JUnit never said (crashed, not run)
 * @param surefire where Surefire would file the result (its {@code TEST-<class>.xml}) and the XML
 *     attributes (class name and test name) it would give it
 * @param earlierAttempts the attempts before this one, first first, when it was rerun ({@code
 *     --reruns}); {@code attempts} is one more than their number
 */
public record TestResult(
    String uniqueId,
    String className,
    String name,
    TestStatus status,
    boolean aborted,
    double durationS,
    String worker,
    String host,
    double startS,
    double endS,
    int attempts,
    String message,
    Optional<ThrowableInfo> throwable,
    String stdout,
    String stderr,
    String module,
    String junitStatus,
    SurefireName surefire,
    List<Attempt> earlierAttempts) {

  /** A result that ran once, with its Surefire names. */
  public TestResult(
      String uniqueId,
      String className,
      String name,
      TestStatus status,
      boolean aborted,
      double durationS,
      String worker,
      String host,
      double startS,
      double endS,
      int attempts,
      String message,
      Optional<ThrowableInfo> throwable,
      String stdout,
      String stderr,
      String module,
      String junitStatus,
      SurefireName surefire) {
    this(
        uniqueId,
        className,
        name,
        status,
        aborted,
        durationS,
        worker,
        host,
        startS,
        endS,
        attempts,
        message,
        throwable,
        stdout,
        stderr,
        module,
        junitStatus,
        surefire,
        List.of());
  }

  /**
   * A result that ran once, whose Surefire names are guessed from its class name ({@link
   * SurefireName#of}).
   */
  public TestResult(
      String uniqueId,
      String className,
      String name,
      TestStatus status,
      boolean aborted,
      double durationS,
      String worker,
      String host,
      double startS,
      double endS,
      int attempts,
      String message,
      Optional<ThrowableInfo> throwable,
      String stdout,
      String stderr,
      String module,
      String junitStatus) {
    this(
        uniqueId,
        className,
        name,
        status,
        aborted,
        durationS,
        worker,
        host,
        startS,
        endS,
        attempts,
        message,
        throwable,
        stdout,
        stderr,
        module,
        junitStatus,
        SurefireName.of(className, name));
  }

  /**
   * This result as the last of several attempts: {@code earlier} came first; a pass after them is
   * {@link TestStatus#FLAKY}.
   */
  public TestResult after(List<Attempt> earlier) {
    if (earlier.isEmpty()) {
      return this;
    }
    return new TestResult(
        uniqueId,
        className,
        name,
        status == TestStatus.PASSED ? TestStatus.FLAKY : status,
        aborted,
        durationS,
        worker,
        host,
        startS,
        endS,
        earlier.size() + 1,
        message,
        throwable,
        stdout,
        stderr,
        module,
        junitStatus,
        surefire,
        earlier);
  }

  /** Every attempt, this one last (a flaky test's last attempt passed). */
  public List<Attempt> allAttempts() {
    List<Attempt> all = new java.util.ArrayList<>(earlierAttempts);
    Attempt last = Attempt.of(this);
    all.add(
        status == TestStatus.FLAKY
            ? new Attempt(
                worker, host, TestStatus.PASSED, durationS, message, throwable, stdout, stderr)
            : last);
    return List.copyOf(all);
  }

  /** A result outside any module, with JUnit's status derived from {@code status}. */
  public TestResult(
      String uniqueId,
      String className,
      String name,
      TestStatus status,
      boolean aborted,
      double durationS,
      String worker,
      String host,
      double startS,
      double endS,
      int attempts,
      String message,
      Optional<ThrowableInfo> throwable,
      String stdout,
      String stderr) {
    this(
        uniqueId,
        className,
        name,
        status,
        aborted,
        durationS,
        worker,
        host,
        startS,
        endS,
        attempts,
        message,
        throwable,
        stdout,
        stderr,
        "",
        junitStatusOf(status, aborted));
  }

  /** What JUnit would have called a result of {@code status}; empty for crashed tests. */
  public static String junitStatusOf(TestStatus status, boolean aborted) {
    switch (status) {
      case PASSED:
      case FLAKY:
        return "successful";
      case FAILED:
      case ERROR:
        return "failed";
      case SKIPPED:
        return aborted ? "aborted" : "skipped";
      default:
        return "";
    }
  }

  public TestResult {
    Objects.requireNonNull(uniqueId, "uniqueId");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(throwable, "throwable");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(junitStatus, "junitStatus");
    Objects.requireNonNull(surefire, "surefire");
    earlierAttempts = List.copyOf(earlierAttempts);
  }
}
