package dev.jxdist.coordinator.report;

import dev.jxdist.common.model.ThrowableInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Run reports built by hand, with every status, for the reporter tests. */
final class SampleRuns {

  /** Text that XML and terminals find hostile: markup, a CDATA end, a control character. */
  static final String HOSTILE = "a <b> & \"c\" ]]> d\u0001e";

  static final String FAIL_TRACE =
      "org.opentest4j.AssertionFailedError: expected: <2> but was: <3>\n"
          + "\tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:38)\n"
          + "\tat org.junit.jupiter.api.Assertions.assertEquals(Assertions.java:531)\n"
          + "\tat fx.CalcTest.fails(CalcTest.java:12)\n"
          + "\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)\n"
          + "\tat java.base/java.lang.reflect.Method.invoke(Method.java:568)\n"
          + "\tat org.junit.platform.commons.util.ReflectionUtils.invokeMethod(R.java:1)\n"
          + "\tat org.junit.jupiter.engine.execution.MethodInvocation.proceed(M.java:1)\n";

  static final String ERROR_TRACE =
      "java.lang.IllegalStateException: boom\n"
          + "\tat fx.CalcTest.add(CalcTest.java:20)\n"
          + "Caused by: java.io.IOException: disk\n"
          + "\tat fx.Disk.read(Disk.java:7)\n"
          + "\t... 1 more\n";

  static final ThrowableInfo FAILURE =
      new ThrowableInfo(
          "org.opentest4j.AssertionFailedError", "expected: <2> but was: <3>", FAIL_TRACE, true);

  static final ThrowableInfo ERROR =
      new ThrowableInfo("java.lang.IllegalStateException", "boom", ERROR_TRACE, false);

  private SampleRuns() {}

  /** A result that ran on w1 at localhost, with no message, throwable or output. */
  static TestResult result(String className, String name, TestStatus status) {
    return new TestResult(
        "[engine:junit-jupiter]/[class:" + className + "]/[method:" + name + "]",
        className,
        name,
        status,
        false,
        0.012,
        "w1",
        "localhost",
        0.100,
        0.112,
        1,
        "",
        Optional.empty(),
        "",
        "");
  }

  static TestResult withOutput(TestResult r, String stdout, String stderr) {
    return new TestResult(
        r.uniqueId(),
        r.className(),
        r.name(),
        r.status(),
        r.aborted(),
        r.durationS(),
        r.worker(),
        r.host(),
        r.startS(),
        r.endS(),
        r.attempts(),
        r.message(),
        r.throwable(),
        stdout,
        stderr);
  }

  static TestResult withProblem(TestResult r, String message, ThrowableInfo thrown, int attempts) {
    return new TestResult(
        r.uniqueId(),
        r.className(),
        r.name(),
        r.status(),
        r.aborted(),
        r.durationS(),
        r.worker(),
        r.host(),
        r.startS(),
        r.endS(),
        attempts,
        message,
        Optional.ofNullable(thrown),
        r.stdout(),
        r.stderr());
  }

  static TestResult on(TestResult r, String worker, String host, double start, double end) {
    return new TestResult(
        r.uniqueId(),
        r.className(),
        r.name(),
        r.status(),
        r.aborted(),
        Math.round((end - start) * 1e6) / 1e6,
        worker,
        host,
        start,
        end,
        r.attempts(),
        r.message(),
        r.throwable(),
        r.stdout(),
        r.stderr());
  }

  static TestResult aborted(TestResult r) {
    return new TestResult(
        r.uniqueId(),
        r.className(),
        r.name(),
        r.status(),
        true,
        r.durationS(),
        r.worker(),
        r.host(),
        r.startS(),
        r.endS(),
        r.attempts(),
        r.message(),
        r.throwable(),
        r.stdout(),
        r.stderr());
  }

  /** {@code r} filed and named as {@code names} says. */
  static TestResult named(TestResult r, SurefireName names) {
    return new TestResult(
        r.uniqueId(),
        r.className(),
        r.name(),
        r.status(),
        r.aborted(),
        r.durationS(),
        r.worker(),
        r.host(),
        r.startS(),
        r.endS(),
        r.attempts(),
        r.message(),
        r.throwable(),
        r.stdout(),
        r.stderr(),
        r.module(),
        r.junitStatus(),
        names);
  }

  /**
   * Nine tests in three classes (one nested), one of each status and then some: fx.CalcTest has
   * passed, failed, error and skipped tests; fx.Outer$Inner passed, flaky (an assertion) and
   * crashed ones; fx.Other a flaky one (an exception) and an aborted one.
   */
  static RunReport mixed() {
    List<TestResult> tests =
        List.of(
            withOutput(
                on(
                    result("fx.CalcTest", "passes()", TestStatus.PASSED),
                    "w1",
                    "localhost",
                    0.1,
                    0.112),
                "hello\n",
                ""),
            withOutput(
                withProblem(
                    on(
                        result("fx.CalcTest", "fails()", TestStatus.FAILED),
                        "w1",
                        "localhost",
                        0.2,
                        0.22),
                    "",
                    FAILURE,
                    1),
                "out " + HOSTILE + "\n",
                "err " + HOSTILE + "\n"),
            withProblem(
                on(
                    result("fx.CalcTest", "add(int)[2]", TestStatus.ERROR),
                    "w1",
                    "localhost",
                    0.3,
                    0.303),
                "",
                ERROR,
                1),
            withProblem(
                on(
                    result("fx.CalcTest", "skipped()", TestStatus.SKIPPED),
                    "w1",
                    "localhost",
                    0.4,
                    0.4),
                "not today",
                null,
                1),
            on(
                result("fx.Outer$Inner", "nested()", TestStatus.PASSED),
                "w2",
                "localhost",
                0.1,
                0.15),
            withProblem(
                on(
                    result("fx.Outer$Inner", "flaky()", TestStatus.FLAKY),
                    "w2",
                    "localhost",
                    0.2,
                    0.25),
                "",
                FAILURE,
                2),
            withOutput(
                withProblem(
                    on(
                        result("fx.Outer$Inner", "crashed()", TestStatus.CRASHED),
                        "w2",
                        "localhost",
                        0.3,
                        1.3),
                    "worker w2 crashed: exit 137",
                    null,
                    1),
                "",
                "Killed\n"),
            withProblem(
                on(
                    result("fx.Other", "errorFlaky()", TestStatus.FLAKY),
                    "w1",
                    "localhost",
                    0.5,
                    0.6),
                "",
                ERROR,
                3),
            aborted(
                withProblem(
                    on(
                        result("fx.Other", "assumes()", TestStatus.SKIPPED),
                        "w1",
                        "localhost",
                        0.6,
                        0.61),
                    "Assumption failed: not on CI",
                    null,
                    1)));
    return new RunReport(
        new RunSummary(9, 2, 1, 1, 2, 1, 2, 3.14159, 1),
        List.of(
            new WorkerSummary("w1", "localhost", 101, 6, "finished"),
            new WorkerSummary("w2", "localhost", 102, 3, "crashed"),
            new WorkerSummary("w3", "build3", 0, 0, "failed")),
        List.of(
            new HostSummary("localhost", 2, SyncStats.NONE),
            new HostSummary("build3", 1, new SyncStats(1200, 15, 1_572_864, 0.84567))),
        tests);
  }

  /** A clock that moves only when told. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public synchronized Instant instant() {
      return now;
    }

    synchronized void advance(Duration by) {
      now = now.plus(by);
    }
  }
}
