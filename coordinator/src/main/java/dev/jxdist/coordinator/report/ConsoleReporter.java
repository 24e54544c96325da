package dev.jxdist.coordinator.report;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The console view of a run. While it goes, one progress line: tests done of all, failures so far
 * and what each worker is doing ({@link ProgressLine}; a {@code +} after the total while more tests
 * may still be found):
 *
 * <pre>[ 412/2000] 3 failed  ETA 1m05s | w1: fx.SlowTest  w2: idle</pre>
 *
 * <p>On a terminal the line is redrawn in place ({@code '\r'}) at most every 100 ms and cut to the
 * width; elsewhere (a CI log) a plain line is printed at most every 5 s of the clock and no {@code
 * '\r'} is ever written. Notices get lines of their own. When the run is over: the failed tests
 * with their traces and output, the slowest tests and classes when asked for ({@code
 * --durations-report N}), then a summary block that ends with the {@link SummaryLine}.
 *
 * <p>Before that, while the run's SSH hosts are prepared ({@link SyncListener}), the line is that
 * of their syncs on a terminal ({@code sync: build1 45/310 files 40.2/105.3 MiB | build2 done});
 * elsewhere each host gets one line when it is ready ({@code sync build1: 310 files, 12 uploaded,
 * 3.1 MiB in 1.4s}). Sync events come from several threads; after the run is over or the reporter
 * is closed they are ignored.
 *
 * <p>An update that the throttle holds back is drawn by the next event or by {@link #tick()}; the
 * refresh thread ({@code console-progress}, started with the first event when asked for) calls it a
 * few times a second so the line never stays stale while a slow test runs (on a terminal, it also
 * redraws a counting-down ETA once the second shown changes). Listener methods are synchronized
 * with it. {@link #close()} clears the progress line and stops the thread; it does not close the
 * stream.
 */
public final class ConsoleReporter implements RunListener, SyncListener, AutoCloseable {

  /** The width the progress line is cut to on a terminal unless told otherwise. */
  public static final int DEFAULT_WIDTH = 79;

  static final long TERMINAL_MILLIS = 100;
  static final long LOG_SECONDS = 5;

  private final PrintStream out;
  private final boolean terminal;
  private final Clock clock;
  private final int width;
  private final boolean refreshThread;
  private final Duration interval;
  private final int durationsReport;
  private final ProgressLine progress = new ProgressLine();
  private final SyncLine sync = new SyncLine();

  private boolean dirty;
  private Instant lastDrawn;
  private int shownLength;
  private String shownLine = "";
  private boolean finished;
  private boolean closed;
  private ScheduledExecutorService refresher;

  /**
   * A reporter with the default width and a refresh thread.
   *
   * @param out where to write (usually {@code System.out}); never closed by this reporter
   * @param terminal true when {@code out} is an interactive terminal (redraw in place)
   * @param clock the time the throttle reads
   */
  public ConsoleReporter(PrintStream out, boolean terminal, Clock clock) {
    this(out, terminal, clock, DEFAULT_WIDTH, true);
  }

  /**
   * A reporter.
   *
   * @param out where to write (usually {@code System.out}); never closed by this reporter
   * @param terminal true when {@code out} is an interactive terminal (redraw in place)
   * @param clock the time the throttle reads
   * @param width the terminal's width in columns: the progress line stays shorter (terminal only)
   * @param refreshThread whether to run a thread that draws held-back updates; without it, call
   *     {@link #tick()} now and then
   */
  public ConsoleReporter(
      PrintStream out, boolean terminal, Clock clock, int width, boolean refreshThread) {
    this(out, terminal, clock, width, refreshThread, 0);
  }

  /**
   * A reporter with the default width and a refresh thread that lists the slowest tests and classes
   * at the end.
   *
   * @param out where to write (usually {@code System.out}); never closed by this reporter
   * @param terminal true when {@code out} is an interactive terminal (redraw in place)
   * @param clock the time the throttle reads
   * @param durationsReport how many of the slowest tests and classes to list at the end; 0 for none
   */
  public ConsoleReporter(PrintStream out, boolean terminal, Clock clock, int durationsReport) {
    this(out, terminal, clock, DEFAULT_WIDTH, true, durationsReport);
  }

  /**
   * A reporter.
   *
   * @param out where to write (usually {@code System.out}); never closed by this reporter
   * @param terminal true when {@code out} is an interactive terminal (redraw in place)
   * @param clock the time the throttle reads
   * @param width the terminal's width in columns: the progress line stays shorter (terminal only)
   * @param refreshThread whether to run a thread that draws held-back updates; without it, call
   *     {@link #tick()} now and then
   * @param durationsReport how many of the slowest tests and classes to list at the end; 0 for none
   */
  public ConsoleReporter(
      PrintStream out,
      boolean terminal,
      Clock clock,
      int width,
      boolean refreshThread,
      int durationsReport) {
    if (durationsReport < 0) {
      throw new IllegalArgumentException(
          "durations report of " + durationsReport + " tests; give 0 (none) or more");
    }
    this.durationsReport = durationsReport;
    this.out = Objects.requireNonNull(out, "out");
    this.terminal = terminal;
    this.clock = Objects.requireNonNull(clock, "clock");
    if (width < 20) {
      throw new IllegalArgumentException(
          "console width " + width + " is too small; use 20 or more");
    }
    this.width = width;
    this.refreshThread = refreshThread;
    this.interval = terminal ? Duration.ofMillis(TERMINAL_MILLIS) : Duration.ofSeconds(LOG_SECONDS);
  }

  @Override
  public synchronized void progress(int done, int known, boolean complete) {
    open();
    startRefresh();
    progress.counts(done, known, complete);
    changed();
  }

  @Override
  public synchronized void workerActivity(String workerId, String activity) {
    open();
    startRefresh();
    progress.activity(workerId, activity);
    changed();
  }

  @Override
  public synchronized void testFinished(TestResult result) {
    open();
    startRefresh();
    progress.finished(result.status());
    // The session tells the new count next (progress): that call draws, or the refresh thread.
    if (!finished) {
      dirty = true;
    }
  }

  @Override
  public synchronized void estimate(Duration remaining) {
    open();
    startRefresh();
    progress.estimate(clock.instant().plus(remaining));
    changed();
  }

  @Override
  public synchronized void notice(String message) {
    open();
    clearLine();
    message.lines().forEach(out::println);
    if (terminal && lastDrawn != null && !finished) {
      draw();
    }
    out.flush();
  }

  @Override
  public synchronized void runFinished(RunReport report) {
    open();
    clearLine();
    finished = true;
    out.print(ConsoleSummary.render(report, durationsReport));
    out.flush();
  }

  @Override
  public synchronized void hostsPreparing(List<String> hosts) {
    if (closed || finished) {
      return;
    }
    sync.hosts(hosts);
    syncChanged();
  }

  @Override
  public synchronized void uploading(
      String host, int filesDone, int filesTotal, long bytesDone, long bytesTotal) {
    if (closed || finished) {
      return;
    }
    sync.uploading(host, filesDone, filesTotal, bytesDone, bytesTotal);
    syncChanged();
  }

  @Override
  public synchronized void hostReady(String host, SyncStats stats) {
    if (closed || finished) {
      return;
    }
    sync.done(host);
    if (!terminal) {
      out.println(SyncLine.finished(host, stats));
      out.flush();
    }
    syncChanged();
  }

  @Override
  public synchronized void hostFailed(String host) {
    if (closed || finished) {
      return;
    }
    sync.failed(host);
    // The reason is printed next, elsewhere: on a line of its own.
    clearLine();
    out.flush();
    syncChanged();
  }

  /** Draws an update the throttle held back, if its time has come. */
  public synchronized void tick() {
    if (terminal && progress.hasEstimate() && !finished && lastDrawn != null) {
      // The ETA counts down: redraw when the text would change.
      dirty |= !progress.render(width, clock.instant()).equals(shownLine);
    }
    if (!closed && !finished && dirty && due()) {
      draw();
      out.flush();
    }
  }

  /** Clears the progress line and stops the refresh thread. Idempotent. */
  @Override
  public void close() {
    ScheduledExecutorService stopping;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      clearLine();
      out.flush();
      stopping = refresher;
      refresher = null;
    }
    if (stopping != null) {
      stopping.shutdownNow();
      try {
        stopping.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("the console reporter is closed; it takes no more events");
    }
  }

  private void startRefresh() {
    if (refreshThread && refresher == null && !finished) {
      refresher =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "console-progress");
                thread.setDaemon(true);
                return thread;
              });
      long period = terminal ? TERMINAL_MILLIS : 1000;
      var unused =
          refresher.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }
  }

  /** On a terminal, redraws the sync line, or clears it once no host is being prepared. */
  private void syncChanged() {
    if (!terminal) {
      return;
    }
    if (sync.active()) {
      startRefresh();
      changed();
    } else {
      clearLine();
      out.flush();
      dirty = false;
      // The run's own line is drawn at its first event.
      lastDrawn = null;
    }
  }

  private void changed() {
    if (finished) {
      return;
    }
    dirty = true;
    if (due()) {
      draw();
      out.flush();
    }
  }

  private boolean due() {
    return lastDrawn == null || !clock.instant().isBefore(lastDrawn.plus(interval));
  }

  private void draw() {
    String line =
        sync.active()
            ? sync.render(terminal ? width : 0)
            : progress.render(terminal ? width : 0, clock.instant());
    shownLine = line;
    if (terminal) {
      StringBuilder text = new StringBuilder("\r").append(line);
      for (int i = line.length(); i < shownLength; i++) {
        text.append(' ');
      }
      out.print(text);
      shownLength = line.length();
    } else {
      out.println(line);
    }
    lastDrawn = clock.instant();
    dirty = false;
  }

  private void clearLine() {
    if (terminal && shownLength > 0) {
      out.print("\r" + " ".repeat(shownLength) + "\r");
      shownLength = 0;
    }
  }
}
