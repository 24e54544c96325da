package dev.jxdist.coordinator.manager;

import dev.jxdist.common.wire.CoordinatorCommand;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A worker JVM the manager started, wherever it runs: what a crash report needs, and its end. */
public interface WorkerProcess extends AutoCloseable {

  /** The worker id ({@code w1}). */
  String id();

  /** The host it runs on, as the host list names it ({@code localhost} for local workers). */
  String host();

  /** Its process id on that host. */
  long pid();

  /** The command that started it (it never carries a secret). */
  String commandLine();

  /** Its exit code if it has ended within {@code waitMillis}. */
  OptionalInt exitCode(long waitMillis);

  /** True while it runs. */
  boolean isAlive();

  /** The last {@code lines} lines it wrote to stdout and stderr. */
  List<String> logTail(int lines);

  /**
   * {@code command} as this worker must see it: a worker on another host gets the classpath and
   * scan roots where they were laid out there. Local workers get it as it is.
   */
  default CoordinatorCommand adapt(CoordinatorCommand command) {
    return command;
  }

  /**
   * Whether its JVM has been launched, so that the session may count the time it takes to say
   * Hello. False while a join place waits for a joiner to take it and lay the code out: that wait
   * has a deadline of its own ({@link #startFailure}).
   */
  default boolean launched() {
    return true;
  }

  /**
   * Why it will never connect, once that is known before its JVM runs (a join place nobody took
   * within the join timeout, a joiner that could not lay the suite out): one sentence. The session
   * then counts it as a worker that could not be started.
   */
  default Optional<String> startFailure() {
    return Optional.empty();
  }

  /**
   * What every thread of its JVM is doing, taken from outside the JVM (jcmd's {@code Thread.print},
   * over SSH for a remote worker): for a worker that did not answer DumpThreads itself. Blocks up
   * to about {@code timeout}: never call it on the session's thread.
   *
   * @return the dump, or one line starting {@code no thread dump:} that says why there is none
   */
  default String threadDump(Duration timeout) {
    return "no thread dump: jcmd cannot reach worker " + id() + " (it was started by a joiner)";
  }

  /** Kills it at once. */
  void kill();

  /** Tells it to exit, without waiting: the first half of {@link #close}, for many at once. */
  void letGo();

  /** Lets it go: it is told to exit, then killed if it has not after a grace period. Idempotent. */
  @Override
  void close();
}
