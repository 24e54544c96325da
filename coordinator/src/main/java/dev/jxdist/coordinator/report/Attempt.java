package dev.jxdist.coordinator.report;

import dev.jxdist.common.model.ThrowableInfo;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a test that ran more than once ({@code --reruns}): where it ran and how it ended.
 *
 * @param worker the worker it ran on
 * @param host that worker's host
 * @param status how this attempt ended
 * @param durationS how long it ran, in seconds
 * @param message its failure message, empty if none
 * @param throwable what it threw, if anything
 * @param stdout what it wrote to System.out
 * @param stderr what it wrote to System.err
 */
public record Attempt(
    String worker,
    String host,
    TestStatus status,
    double durationS,
    String message,
    Optional<ThrowableInfo> throwable,
    String stdout,
    String stderr) {

  public Attempt {
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(throwable, "throwable");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }

  /** The attempt {@code result} records. */
  public static Attempt of(TestResult result) {
    return new Attempt(
        result.worker(),
        result.host(),
        result.status(),
        result.durationS(),
        result.message(),
        result.throwable(),
        result.stdout(),
        result.stderr());
  }
}
