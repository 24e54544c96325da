package dev.jxdist.worker.execution;

import dev.jxdist.common.model.PlanHash;
import dev.jxdist.common.model.Selector;
import dev.jxdist.common.model.SurefireSelection;
import dev.jxdist.common.model.TestNode;
import dev.jxdist.common.model.Unit;
import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.common.wire.WorkerBootstrap;
import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.worker.ExitCode;
import dev.jxdist.worker.bridge.api.LaunchOptions;
import dev.jxdist.worker.capture.OutputCapture;
import dev.jxdist.worker.connection.Outbox;
import dev.jxdist.worker.diagnostics.ThreadDumps;
import dev.jxdist.worker.diagnostics.WorkerLog;
import dev.jxdist.worker.suite.RandomOrderSeed;
import dev.jxdist.worker.suite.SuiteRuntime;
import dev.jxdist.worker.suite.SuiteSetupException;
import dev.jxdist.worker.suite.SurefireTestFilter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * One worker's life as the protocol sees it. Commands arrive on gRPC threads through {@link
 * #onCommand} and only enqueue work or flip flags; one thread does the work in order: Configure
 * (load the suite), Discover (find the plan), each unit of each Run (one launcher call), Shutdown
 * (say Bye, wait for the ByeAck). In a worker JVM that thread is the JVM's own {@code main} thread
 * ({@link #run}), so that tests run where Surefire runs them: a thread named {@code main}, not a
 * daemon, in the {@code main} thread group. Stop drops queued units; the unit in progress finishes.
 * Ping and DumpThreads are answered on the calling thread, whatever the test thread is doing. Any
 * failure to set up or run the suite is reported in a {@code WorkerFailure} and ends the worker.
 *
 * <p>The interrupt flag of that thread belongs to the tests: a flag a test leaves set is cleared
 * while the session waits for work or for the coordinator, and set again before the next unit runs,
 * so the next test sees what it would see in one launcher call. Only {@link #close} stops the
 * session.
 *
 * <p>It is longer than most classes on purpose: the order of a worker's work and the one thread
 * that does it are the class's invariant, and each command's handling is short once that order is
 * in one place; split up, every piece would have to know which thread it may run on.
 */
public final class WorkerSession implements AutoCloseable {

  /** How long the worker waits for the coordinator's ByeAck before it exits anyway. */
  static final Duration BYE_ACK_TIMEOUT = Duration.ofSeconds(5);

  private final Outbox outbox;
  private final Clock clock;
  private final WorkerLog log;
  private final ClassLoader workerLoader;
  private final BiConsumer<ExitCode, String> exit;
  private final long startMillis;

  /**
   * The system property that turns the launcher warm-up off when {@code false} ({@code jxdist run
   * -Djxdist.warmUp=false}); it is on by default. A JVM's first launcher call loads and interprets
   * the engine's execution path, which delayed each worker's first test of the first wave by a
   * different 0.1-0.3 s on an idle two-core machine; warmed up before it sends its plan, every
   * worker starts its first unit as fast as its later ones (bench/README.md, "The launcher
   * warm-up").
   */
  static final String WARM_UP_PROPERTY = "jxdist.warmUp";

  /** The longest the worker holds its plan back for an unfinished warm-up. */
  static final Duration WARM_UP_WAIT = Duration.ofSeconds(5);

  private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private final CountDownLatch byeAck = new CountDownLatch(1);
  private final CountDownLatch loopEnded = new CountDownLatch(1);
  private volatile Thread executor;
  private final Map<String, TestNode> nodes = new ConcurrentHashMap<>();
  private volatile ExitCode plannedExit;
  private volatile boolean closed;

  // Owned by the thread that runs the session.
  private volatile OutputCapture capture;
  private volatile InputStream originalIn;
  private SuiteRuntime suite;
  private Map<String, String> configurationParameters = Map.of();
  private List<TestNode> plan;

  /**
   * The Discover that found {@link #plan}, with send_plan cleared: a Discover again is for the same
   * tests whatever it asks to be sent.
   */
  private CoordinatorCommand.Discover discovered;

  private Thread warmUp;
  private LaunchOptions options;
  private int unitsFinished;
  private int testsFinished;

  /**
   * @param outbox where events go
   * @param clock the time source for timestamps
   * @param log the worker's diagnostics
   * @param workerLoader the loader of the worker's classes (shared with the suite's loader)
   * @param exit told once the session is done: after Bye, or after a failure it reported
   */
  public WorkerSession(
      Outbox outbox,
      Clock clock,
      WorkerLog log,
      ClassLoader workerLoader,
      BiConsumer<ExitCode, String> exit) {
    this.outbox = outbox;
    this.clock = clock;
    this.log = log;
    this.workerLoader = workerLoader;
    this.exit = exit;
    this.startMillis = clock.millis();
  }

  /**
   * Does the session's work on the calling thread until the session is over (Bye said, a failure
   * reported) or closed. A worker JVM calls it on its main thread.
   */
  public void run() {
    if (executor != null) {
      throw new IllegalStateException("the worker session runs already");
    }
    executor = Thread.currentThread();
    try {
      runQueue();
    } finally {
      loopEnded.countDown();
    }
  }

  /**
   * Does the session's work on a new daemon thread, "worker-exec" (for sessions hosted in tests).
   */
  public void start() {
    Thread thread = new Thread(this::run, "worker-exec");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * The exit the session has committed to (set just before it says Bye or reports a failure), so
   * that the stream ending right after is not mistaken for a lost coordinator.
   */
  public Optional<ExitCode> plannedExit() {
    return Optional.ofNullable(plannedExit);
  }

  /** Accepts a command; called on gRPC threads. Never blocks. */
  public void onCommand(CoordinatorCommand command) {
    if (command instanceof CoordinatorCommand.Ping) {
      outbox.offer(new WorkerEvent.Pong(((CoordinatorCommand.Ping) command).sequence()));
    } else if (command instanceof CoordinatorCommand.DumpThreads) {
      // Here, on the stream's thread: the execution thread is the one that hangs.
      log.info("thread dump asked for: " + ((CoordinatorCommand.DumpThreads) command).reason());
      outbox.offer(new WorkerEvent.ThreadDump(ThreadDumps.now()));
    } else if (command instanceof CoordinatorCommand.Configure) {
      CoordinatorCommand.Configure c = (CoordinatorCommand.Configure) command;
      queue.add(() -> configure(c));
    } else if (command instanceof CoordinatorCommand.Discover) {
      CoordinatorCommand.Discover d = (CoordinatorCommand.Discover) command;
      queue.add(() -> discover(d));
    } else if (command instanceof CoordinatorCommand.Run) {
      for (Unit unit : ((CoordinatorCommand.Run) command).units()) {
        queue.add(new UnitTask(unit));
      }
    } else if (command instanceof CoordinatorCommand.Stop) {
      int before = queue.size();
      queue.removeIf(t -> t instanceof UnitTask);
      log.info(
          "stop ("
              + ((CoordinatorCommand.Stop) command).reason()
              + "): dropped "
              + (before - queue.size())
              + " queued units");
    } else if (command instanceof CoordinatorCommand.Shutdown) {
      queue.add(this::shutdown);
    } else if (command instanceof CoordinatorCommand.ByeAck) {
      byeAck.countDown();
    } else {
      throw new IllegalArgumentException("unknown command " + command);
    }
  }

  /**
   * Reports a protocol violation found outside the execution thread (a malformed message) and ends
   * the session.
   */
  public void protocolError(String problem) {
    fail(ExitCode.PROTOCOL_ERROR, "the coordinator sent a malformed message: " + problem, "");
  }

  /**
   * Stops the execution thread (waiting briefly for a test in progress), sends the last live output
   * and restores the standard streams (in, out, err). Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
    Thread running = executor;
    if (running != null && Thread.currentThread() != running && loopEnded.getCount() > 0) {
      running.interrupt();
      try {
        loopEnded.await(1000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (capture != null) {
      capture.close();
    }
    if (originalIn != null) {
      System.setIn(originalIn);
    }
    if (suite != null && (running == null || loopEnded.getCount() == 0)) {
      suite.close();
    }
  }

  private void runQueue() {
    // The flag the last unit's tests left set: not a signal to the session (only close() stops
    // it), but the next unit's tests get it back.
    boolean testsInterrupted = false;
    try {
      while (!closed) {
        testsInterrupted |= Thread.interrupted();
        Task task;
        try {
          task = queue.take();
        } catch (InterruptedException e) {
          continue; // close() interrupts a session that waits for work; the loop sees it closed
        }
        if (task instanceof UnitTask && testsInterrupted) {
          testsInterrupted = false;
          Thread.currentThread().interrupt();
        }
        if (!task.run()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // close() interrupted a wait of the session's own: the worker is exiting.
    } catch (SuiteSetupException e) {
      fail(ExitCode.SUITE_FAILURE, e.getMessage(), stackTrace(e.getCause()));
    } catch (ProtocolViolation e) {
      fail(ExitCode.PROTOCOL_ERROR, e.getMessage(), "");
    } catch (RuntimeException | Error e) {
      log.error("internal error", e);
      fail(
          ExitCode.INTERNAL_ERROR,
          "the worker failed unexpectedly (" + e + "); see the worker's log",
          stackTrace(e));
    }
  }

  private boolean configure(CoordinatorCommand.Configure c) throws SuiteSetupException {
    if (capture != null) {
      throw new ProtocolViolation("Configure arrived twice");
    }
    c.systemProperties().forEach(System::setProperty);
    capture = new OutputCapture(outbox, c.captureOutput(), GrpcDefaults.OUTPUT_FLUSH_INTERVAL);
    capture.install();
    // The suite gets an empty stdin: the real one belongs to the parent-liveness watch.
    originalIn = System.in;
    System.setIn(new ByteArrayInputStream(new byte[0]));
    suite = SuiteRuntime.open(c.classpath(), workerLoader);
    configurationParameters =
        RandomOrderSeed.withRunSeed(
            c.configurationParameters(),
            suite.classLoader(),
            System.getProperty(WorkerBootstrap.RUN_ID_PROPERTY));
    if (!"false".equals(System.getProperty(WARM_UP_PROPERTY))) {
      warmUp = startWarmUp();
    }
    log.info("configured with " + c.classpath().size() + " class path entries");
    return true;
  }

  private boolean discover(CoordinatorCommand.Discover d)
      throws SuiteSetupException, InterruptedException {
    if (suite == null) {
      throw new ProtocolViolation("Discover arrived before Configure");
    }
    if (plan != null) {
      if (!d.withSendPlan(false).equals(discovered)) {
        throw new ProtocolViolation("a second Discover that asks for other tests than the first");
      }
      // Asked again for the plan it found: the same plan, not a second discovery.
      sendPlan(d.sendPlan(), 0);
      return true;
    }
    List<Selector> selectors = d.selectors();
    Optional<Predicate<String>> classFilter = Optional.empty();
    if (d.surefire().isPresent()) {
      // Surefire's scan picks the classes of each root by their class files; a package scan can
      // only be narrowed by the class name filter.
      selectors = scanned(selectors, d.surefire().get());
      if (selectors.stream().anyMatch(s -> s.kind() == Selector.Kind.PACKAGE)) {
        classFilter = Optional.of(SurefireTestFilter.classes(d.surefire().get()));
      }
    }
    options =
        new LaunchOptions(
            d.includeClassNamePatterns(),
            d.excludeClassNamePatterns(),
            d.includeTags(),
            d.excludeTags(),
            configurationParameters,
            classFilter,
            d.surefire().flatMap(SurefireTestFilter::methods));
    long start = System.nanoTime();
    List<TestNode> found = suite.discover(selectors, options);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    plan = List.copyOf(found);
    discovered = d.withSendPlan(false);
    for (TestNode node : plan) {
      nodes.put(node.uniqueId(), node);
    }
    awaitWarmUp();
    sendPlan(d.sendPlan(), millis);
    return true;
  }

  /** Sends the plan's hash, and the plan with {@code whole}; discovery took {@code millis}. */
  private void sendPlan(boolean whole, long millis) {
    int tests = (int) plan.stream().filter(n -> n.type().isTest()).count();
    List<String> indivisible = whole ? suite.indivisibleClasses(plan, options) : List.of();
    outbox.send(
        new WorkerEvent.Discovered(
            PlanHash.of(plan), tests, whole ? plan : List.of(), millis, indivisible));
    log.info(
        "discovered "
            + tests
            + " tests ("
            + plan.size()
            + " nodes) in "
            + millis
            + " ms"
            + (whole ? ", sent the plan" : ", sent its hash"));
  }

  /**
   * Starts the bridge's warm-up test on a thread of its own, beside discovery: a JVM's first
   * launcher call loads and interprets the engine's execution path, and the worker's plan waits for
   * it ({@link #awaitWarmUp}), so that the first wave's units, sent when every worker's plan is in,
   * start as fast as later ones instead of each a different fraction of a second late.
   */
  private Thread startWarmUp() {
    Thread thread =
        new Thread(
            () -> {
              long start = System.nanoTime();
              boolean ran = suite.warmUp();
              log.info(
                  (ran ? "warmed the launcher up in " : "no launcher warm-up (no Jupiter engine); ")
                      + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                      + " ms");
            },
            "launcher-warm-up");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Waits for the warm-up started at Configure, if any, at most {@link #WARM_UP_WAIT}. */
  private void awaitWarmUp() throws InterruptedException {
    if (warmUp == null) {
      return;
    }
    warmUp.join(WARM_UP_WAIT.toMillis());
    if (warmUp.isAlive()) {
      log.info("sending the plan before the launcher warm-up ended");
    }
    warmUp = null;
  }

  private static List<Selector> scanned(List<Selector> selectors, SurefireSelection selection)
      throws SuiteSetupException {
    try {
      return SurefireTestFilter.scan(selectors, selection);
    } catch (UncheckedIOException e) {
      throw new SuiteSetupException(e.getMessage() + " (" + e.getCause().getMessage() + ")", e);
    }
  }

  private boolean runUnit(Unit unit) throws SuiteSetupException {
    if (plan == null) {
      throw new ProtocolViolation("Run arrived before Discover");
    }
    List<String> uniqueIds = new ArrayList<>();
    for (int index : unit.nodeIndices()) {
      if (index < 0 || index >= plan.size()) {
        throw new ProtocolViolation(
            "unit "
                + unit.unitId()
                + " names plan node "
                + index
                + " but the plan has "
                + plan.size()
                + " nodes");
      }
      uniqueIds.add(plan.get(index).uniqueId());
    }
    UnitReporter reporter = new UnitReporter(unit.unitId(), outbox, capture, clock, nodes);
    long start = System.nanoTime();
    suite.execute(uniqueIds, options, reporter);
    long nanos = System.nanoTime() - start;
    capture.flushLive();
    outbox.send(new WorkerEvent.UnitDone(unit.unitId(), nanos));
    unitsFinished++;
    testsFinished += reporter.testsFinished();
    return true;
  }

  private boolean shutdown() throws InterruptedException {
    if (capture != null) {
      capture.flushLive();
    }
    plannedExit = ExitCode.OK;
    outbox.send(new WorkerEvent.Bye(testsFinished, unitsFinished, clock.millis() - startMillis));
    boolean acknowledged = byeAck.await(BYE_ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    exit.accept(
        ExitCode.OK,
        "said bye after "
            + unitsFinished
            + " units and "
            + testsFinished
            + " tests"
            + (acknowledged ? "" : "; no ByeAck within " + BYE_ACK_TIMEOUT.toSeconds() + " s"));
    return false;
  }

  private void fail(ExitCode code, String message, String detail) {
    if (plannedExit != null) {
      return;
    }
    plannedExit = code;
    if (capture != null) {
      capture.flushLive();
    }
    outbox.send(new WorkerEvent.WorkerFailure(message, detail));
    exit.accept(code, message);
  }

  private static String stackTrace(Throwable t) {
    if (t == null) {
      return "";
    }
    StringWriter s = new StringWriter();
    t.printStackTrace(new PrintWriter(s));
    return s.toString();
  }

  /** A step of the execution thread; returns false when the session is over. */
  private interface Task {
    boolean run() throws SuiteSetupException, InterruptedException;
  }

  /** A queued unit; Stop removes these and nothing else. */
  private final class UnitTask implements Task {
    private final Unit unit;

    UnitTask(Unit unit) {
      this.unit = unit;
    }

    @Override
    public boolean run() throws SuiteSetupException {
      return runUnit(unit);
    }
  }

  /** The coordinator sent something out of order. */
  private static final class ProtocolViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProtocolViolation(String message) {
      super(message);
    }
  }
}
