package dev.jxdist.coordinator.session;

import dev.jxdist.coordinator.manager.WorkerProcess;
import java.util.List;
import java.util.OptionalInt;

/**
 * What the user is told about a worker that crashed: a headline naming the worker, its pid, its
 * host, why and its exit code (and the signal that killed it); and, for the tests it was running,
 * the headline with the command that started it and the last lines of its output, as Surefire
 * reports a crashed fork.
 *
 * <p>Reading the log tail may reach another machine; it is done here, in one place, so that it can
 * move off the session thread.
 *
 * @param headline one line for the console
 * @param detail the headline, the command and the log tail, for the crashed tests' reports
 */
record CrashReport(String headline, String detail) {

  /** Lines of a crashed worker's output in its crash report. */
  static final int LOG_LINES = 15;

  /** The report of {@code slot}'s crash for {@code reason}, with what {@code process} tells. */
  static CrashReport of(WorkerSlot slot, String reason, WorkerProcess process) {
    OptionalInt exit = slot.exitCode().isPresent() ? slot.exitCode() : process.exitCode(1_000);
    List<String> tail = process.logTail(LOG_LINES);
    String headline =
        "worker "
            + slot.id()
            + " (pid "
            + slot.pid()
            + " on "
            + slot.host()
            + ") crashed: "
            + reason
            + (exit.isPresent()
                ? " (exit code " + exit.getAsInt() + describeSignal(exit.getAsInt()) + ")"
                : "");
    String detail =
        headline
            + "\ncommand: "
            + process.commandLine()
            + "\nlast lines of its output:\n  "
            + String.join("\n  ", tail);
    return new CrashReport(headline, detail);
  }

  private static String describeSignal(int exitCode) {
    return exitCode > 128 && exitCode < 160 ? " (killed by signal " + (exitCode - 128) + ")" : "";
  }
}
