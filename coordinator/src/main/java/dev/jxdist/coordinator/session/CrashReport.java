package dev.jxdist.coordinator.session;

import dev.jxdist.coordinator.manager.WorkerProcess;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * What the user is told about a worker that crashed: a headline naming the worker, its pid, its
 * host, why and its exit code (and the signal that killed it); and, for the tests it was running,
 * the headline with the command that started it and the last lines of its output, as Surefire
 * reports a crashed fork.
 *
 * <p>Reading the log tail (and waiting for an exit code) may reach another machine that does not
 * answer: {@link #fetch} runs off the session thread ({@link ProcessErrands}), and {@link
 * #withoutLog} is what the session says when it did not come in time.
 *
 * @param headline one line for the console
 * @param detail the headline, the command and the log tail, for the crashed tests' reports
 */
record CrashReport(String headline, String detail) {

  /** Lines of a crashed worker's output in its crash report. */
  static final int LOG_LINES = 15;

  /** How long a crash report waits for the worker's log tail. */
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

  /**
   * What the session knows of a crash, taken on its thread.
   *
   * @param reason why the worker counts as crashed
   * @param exitCode its exit code, if already known
   * @param mayHaveExited its connection ended: if its JVM turns out to have exited, that is said
   */
  record Facts(
      String workerId,
      long pid,
      String host,
      String reason,
      OptionalInt exitCode,
      boolean mayHaveExited,
      String commandLine) {

    /**
     * These facts, with how its JVM had ended when the session asked, before the kill: an exit code
     * ({@code exit}), or none (it outlived its connection: an exit read later is the kill's, and
     * the report does not say it exited by itself).
     */
    Facts knowing(OptionalInt exit) {
      return new Facts(
          workerId,
          pid,
          host,
          reason,
          exit.isPresent() ? exit : exitCode,
          mayHaveExited && exit.isPresent(),
          commandLine);
    }

    static Facts of(WorkerSlot slot, String reason, boolean mayHaveExited) {
      return new Facts(
          slot.id(),
          slot.pid(),
          slot.host(),
          reason,
          slot.exitCode(),
          mayHaveExited,
          slot.process().map(WorkerProcess::commandLine).orElse("(never started)"));
    }
  }

  /**
   * The report, with what {@code process} tells: may block (on a host), so never on the session.
   */
  static CrashReport fetch(Facts facts, WorkerProcess process) {
    OptionalInt exit = facts.exitCode().isPresent() ? facts.exitCode() : process.exitCode(1_000);
    String reason =
        facts.mayHaveExited() && exit.isPresent()
            ? "its JVM exited before it said goodbye"
            : facts.reason();
    return of(facts, reason, exit, process.logTail(LOG_LINES));
  }

  /** The report when the log tail could not be fetched within {@link #FETCH_TIMEOUT}. */
  static CrashReport withoutLog(Facts facts) {
    return of(
        facts,
        facts.reason(),
        facts.exitCode(),
        List.of(
            "(its log on "
                + facts.host()
                + " could not be fetched within "
                + FETCH_TIMEOUT.toSeconds()
                + " s)"));
  }

  private static CrashReport of(Facts facts, String reason, OptionalInt exit, List<String> tail) {
    String headline =
        "worker "
            + facts.workerId()
            + " (pid "
            + facts.pid()
            + " on "
            + facts.host()
            + ") crashed: "
            + reason
            + (exit.isPresent()
                ? " (exit code " + exit.getAsInt() + describeSignal(exit.getAsInt()) + ")"
                : "");
    String detail =
        headline
            + "\ncommand: "
            + facts.commandLine()
            + "\nlast lines of its output:\n  "
            + String.join("\n  ", tail);
    return new CrashReport(headline, detail);
  }

  private static String describeSignal(int exitCode) {
    return bySignal(exitCode) ? " (killed by signal " + (exitCode - 128) + ")" : "";
  }

  /** True for the exit code of a process a signal ended (128 + the signal, as the shell says). */
  static boolean bySignal(int exitCode) {
    return exitCode > 128 && exitCode < 160;
  }
}
