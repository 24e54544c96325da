package dev.jxdist.coordinator.session;

import dev.jxdist.coordinator.manager.WorkerProcess;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls on worker processes that may block (a kill, a log tail or a thread dump over SSH to a
 * host that no longer answers, an exit code waited for): run here, on threads of their own ({@code
 * jxdist-errand-N}), never on the session thread, so that Pings to healthy workers keep flowing
 * whatever another host does. An errand that hangs holds one of these daemon threads until its own
 * timeout, nothing else; the session bounds how long it waits for an answer itself (see {@link
 * CrashReports}). {@link #close} stops waiting for the errands left.
 */
final class ProcessErrands implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProcessErrands.class);

  /** Errands at once: enough for several hosts failing together, few for 2 cores. */
  private static final int THREADS = 4;

  private final ExecutorService threads;

  ProcessErrands() {
    AtomicInteger n = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "jxdist-errand-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Kills {@code process}, in the background. */
  void kill(WorkerProcess process) {
    run("kill " + process.id(), process::kill);
  }

  /**
   * Reads what {@code facts}' crash report needs from {@code process} (its exit code, its log
   * tail), in the background, and hands the report to {@code done} (from an errand thread).
   */
  void crashReport(CrashReport.Facts facts, WorkerProcess process, Consumer<CrashReport> done) {
    run(
        "crash report of " + facts.workerId(),
        () -> done.accept(CrashReport.fetch(facts, process)));
  }

  /**
   * Takes a thread dump of {@code process} from outside its JVM (jcmd, over SSH for a remote
   * worker; at most about {@code timeout}), in the background, and hands it to {@code done} (from
   * an errand thread).
   */
  void threadDump(WorkerProcess process, Duration timeout, Consumer<String> done) {
    run("thread dump of " + process.id(), () -> done.accept(process.threadDump(timeout)));
  }

  private void run(String what, Runnable errand) {
    try {
      threads.execute(
          () -> {
            try {
              errand.run();
            } catch (RuntimeException e) {
              log.debug("{} failed: {}", what, e.toString());
            }
          });
    } catch (RejectedExecutionException e) {
      log.debug("{} not done: the session is over", what);
    }
  }

  /** Stops taking errands and abandons those still running (their threads are daemons). */
  @Override
  public void close() {
    threads.shutdownNow();
  }
}
