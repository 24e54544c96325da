package dev.jxdist.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless Chromium (Debian's {@code chromium}, driven through its {@code chromium-driver}
 * by Selenium), for the end-to-end tests of the HTML report. Each page it opens collects its
 * JavaScript errors from before the page's first script on: uncaught exceptions, rejected promises,
 * resources that failed to load and content-security-policy violations; together with the console's
 * errors, {@link #errors()} returns them, and the tests count each as a failure.
 *
 * <p>Chromium runs with a fresh profile that is deleted on {@link #close()}, and with the flags
 * this machine needs (no sandbox as root, no GPU, no background networking).
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private static final Duration RENDERED = Duration.ofSeconds(15);

  /** Runs before any script of every page: records what goes wrong in window.__jxdistErrors. */
  private static final String COLLECTOR =
      "window.__jxdistErrors = [];"
          + "window.addEventListener('error', function (e) {"
          + "  var where = e.target && e.target !== window"
          + "    ? ' loading ' + (e.target.src || e.target.href || e.target.tagName)"
          + "    : ' at ' + e.filename + ':' + e.lineno;"
          + "  window.__jxdistErrors.push('error: ' + (e.message || e.type) + where);"
          + "}, true);"
          + "window.addEventListener('unhandledrejection', function (e) {"
          + "  window.__jxdistErrors.push('unhandled rejection: ' + e.reason);"
          + "});"
          + "document.addEventListener('securitypolicyviolation', function (e) {"
          + "  window.__jxdistErrors.push('blocked by the page policy: ' + e.blockedURI"
          + "    + ' (' + e.violatedDirective + ')');"
          + "});";

  private final ChromeDriver driver;
  private final Path profile;
  private boolean closed;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts Chromium with a window of {@code width} x {@code height} pixels. */
  static Browser start(int width, int height) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      throw new IllegalStateException(
          CHROMIUM
              + " or "
              + DRIVER
              + " is missing; install Debian's chromium and chromium-driver"
              + " (apt-get install -y chromium chromium-driver, as .ci/run does)");
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("jxdist-chromium-");
      Files.createDirectories(Fixtures.runsDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a Chromium profile directory", e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(Fixtures.runsDir().resolve("chromedriver.log").toFile())
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    Browser browser = new Browser(driver, profile);
    try {
      driver.executeCdpCommand(
          "Page.addScriptToEvaluateOnNewDocument", Map.of("source", COLLECTOR));
    } catch (RuntimeException e) {
      browser.close();
      throw e;
    }
    return browser;
  }

  /**
   * Opens {@code file} and waits until its page says it is drawn ({@code data-rendered} on the root
   * element); fails naming the errors if it is not within 15 s.
   */
  void open(Path file) {
    open(file, RENDERED);
  }

  /** Opens {@code file} and waits at most {@code timeout} until its page says it is drawn. */
  void open(Path file, Duration timeout) {
    driver.get(file.toUri().toString());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!"true"
        .equals(script("return document.documentElement.getAttribute('data-rendered')"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            file + " was not drawn within " + timeout.toMillis() + " ms; errors: " + errors());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + file, e);
      }
    }
  }

  /** What went wrong on the page since it was opened: script errors and console errors. */
  List<String> errors() {
    List<String> out = new ArrayList<>();
    Object collected =
        script("return window.__jxdistErrors || ['the error collector did not run']");
    if (collected instanceof List<?> list) {
      list.forEach(e -> out.add(String.valueOf(e)));
    }
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        out.add("console: " + entry.getMessage());
      }
    }
    return out;
  }

  /** Runs {@code javascript} in the page and returns its result. */
  Object script(String javascript, Object... args) {
    return driver.executeScript(javascript, args);
  }

  /** The driver, for what this class does not wrap (mouse moves, elements). */
  ChromeDriver driver() {
    return driver;
  }

  /** Gives the window {@code width} x {@code height} pixels. */
  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Saves what the window shows. */
  void screenshot(Path png) {
    try {
      Files.createDirectories(png.getParent());
      Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + png, e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      driver.quit();
    } finally {
      try (Stream<Path> paths = Files.walk(profile)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // A leftover profile in the temp directory is harmless.
      }
    }
  }
}
