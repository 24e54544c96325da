package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The distribution as a user gets it: {@code jxdist-VERSION.tar.gz} unpacked into an empty
 * directory by a fresh Unix account ({@link FreshUser}: an empty home, so no {@code ~/.m2}, no
 * cache, no jxdist), its {@code bin} on a PATH that holds no other jxdist, and the demo copied next
 * to it. That user's Maven reaches "Maven Central" through a mirror on loopback that serves the
 * build's own local repository minus every jxdist artifact ({@link RepositoryMirror}): Maven
 * downloads exactly what the demo needs, offline and fast, and jxdist's Maven plugin can only come
 * from the distribution. The tests run in order and build on each other: a {@code --project} run
 * (with the HTML report, checked in Chromium and photographed), a {@code --classpath} run done by a
 * {@code jxdist worker} that joins it, and Maven itself running the plugin's {@code help} and
 * {@code test} goals from the distribution, as the README tells users to.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionIT {

  private static final Duration RUN = Duration.ofMinutes(5);

  private static Path work;
  private static FreshUser user;
  private static RepositoryMirror mirror;
  private static Path dist;
  private static Path demo;
  private static Map<String, String> env;
  private static int demoTests;

  @BeforeAll
  static void unpackForAUserWithNothingElse() throws IOException {
    String version = property("jxdist.version");
    Path tarball = Path.of(property("jxdist.tarball"));
    assertThat(tarball).as("the build's tarball").isRegularFile();
    work = Files.createTempDirectory("jxdist-dist-it-");
    user = FreshUser.create(work.resolve("home"));
    mirror = RepositoryMirror.serve(Path.of(property("jxdist.buildRepository")), "dev/jxdist/");

    Path copy = Files.copy(tarball, work.resolve(tarball.getFileName()));
    demo = work.resolve("demo");
    Path demoSource = Path.of(property("jxdist.repo"), "examples", "demo");
    copyTree(demoSource, demo);
    primeTheBuildRepository(demoSource);
    Path m2 = Files.createDirectories(user.home().resolve(".m2"));
    Files.writeString(
        m2.resolve("settings.xml"),
        "<settings>\n"
            + "  <mirrors>\n"
            + "    <mirror>\n"
            + "      <id>build-repository</id>\n"
            + "      <mirrorOf>*</mirrorOf>\n"
            + "      <url>"
            + mirror.url()
            + "</url>\n"
            + "    </mirror>\n"
            + "  </mirrors>\n"
            + "</settings>\n");
    Path install = Files.createDirectories(work.resolve("install"));
    user.own(work);

    dist = install.resolve("jxdist-" + version);
    Set<String> path = new LinkedHashSet<>();
    path.add(dist.resolve("bin").toString());
    path.add(Path.of(System.getProperty("java.home"), "bin").toString());
    path.add(mavenHome().resolve("bin").toString());
    path.add("/usr/bin");
    path.add("/bin");
    env = new LinkedHashMap<>();
    env.put("HOME", user.home().toString());
    env.put("PATH", String.join(":", path));
    env.put("LANG", "C.UTF-8");
    for (String dir : path) {
      if (!dir.equals(dist.resolve("bin").toString())) {
        assertThat(Path.of(dir, "jxdist")).as("another jxdist on the PATH").doesNotExist();
      }
    }

    ProcessResult unpack =
        as("unpack", work, List.of("tar", "xzf", copy.toString(), "-C", install.toString()));
    assertThat(unpack.exitCode()).as(unpack.describe()).isZero();
    assertThat(dist.resolve("bin/jxdist")).isExecutable();
    assertThat(dist.resolve("LICENSE")).isRegularFile();
    assertThat(dist.resolve("README.md")).isRegularFile();
  }

  /** The launcher's start-up archives in the user's cache (none if it has no such directory). */
  private static List<String> launcherArchives() {
    Path dir = user.home().resolve(".cache/jxdist/cds");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith("cli-") && name.endsWith(".jsa"))
          .toList();
    } catch (IOException e) {
      throw new AssertionError("the user's " + dir + " cannot be listed", e);
    }
  }

  /**
   * The fresh user's Maven reads only the build's repository (through the mirror), which holds what
   * building jxdist needed, not necessarily the plugins that build the demo (on a new machine,
   * maven-resources-plugin's dependencies were missing, fetched only later by another test's Maven
   * call). Building a copy of the demo once with the build's own Maven puts them there.
   */
  private static void primeTheBuildRepository(Path demoSource) throws IOException {
    Path copy = work.resolve("demo-for-the-build-repository");
    copyTree(demoSource, copy);
    ProcessResult built =
        Fixtures.runMaven(copy, "dist-demo-plugins", Map.of(), "-B", "-q", "test-compile");
    assertThat(built.exitCode()).as(built.describe()).isZero();
  }

  @AfterAll
  static void removeTheUser() throws IOException {
    try {
      if (mirror != null) {
        mirror.close();
      }
      if (user != null) {
        user.close();
      }
    } finally {
      if (work != null) {
        deleteTree(work);
      }
    }
  }

  @Test
  @Order(1)
  void aProjectRunOfTheDemoWithItsHtmlReport() throws IOException {
    ProcessResult version = as("dist-version", work, List.of("jxdist", "--version"));
    assertThat(version.exitCode()).as(version.describe()).isZero();
    assertThat(launcherArchives())
        .as("an archive of what --version loads would leave every run after it nearly without one")
        .isEmpty();
    // The archives of five other installations, used 10 to 6 days ago, and one a killed run left.
    Path cds = Files.createDirectories(user.home().resolve(".cache/jxdist/cds"));
    Instant now = Instant.now();
    for (int i = 1; i <= 5; i++) {
      Path other = Files.writeString(cds.resolve("cli-" + i + "-old.jsa"), "an archive");
      Files.setLastModifiedTime(other, FileTime.from(now.minus(Duration.ofDays(11 - i))));
    }
    Path abandoned = Files.writeString(cds.resolve("cli-9-old.jsa.123.tmp"), "half an archive");
    Files.setLastModifiedTime(abandoned, FileTime.from(now.minus(Duration.ofDays(2))));
    user.own(user.home().resolve(".cache"));

    Path json = work.resolve("demo.json");
    Path html = work.resolve("demo.html");

    ProcessResult run =
        as(
            "dist-project-run",
            work,
            List.of(
                "jxdist",
                "run",
                "-n",
                "2",
                "--project",
                demo.toString(),
                "--report-json",
                json.toString(),
                "--report-html",
                html.toString()));

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonObject report = ReportPage.json(json);
    JsonObject summary = report.getAsJsonObject("summary");
    demoTests = summary.get("total").getAsInt();
    assertThat(demoTests).isPositive().isEqualTo(summary.get("passed").getAsInt());
    assertThat(run.output()).contains(demoTests + " tests: " + demoTests + " passed");
    assertNothingOfJxdistFromARepository();
    assertThat(launcherArchives())
        .as(
            "the launcher's start-up archive, in the user's cache, written by the run, and the"
                + " three other installations' used most recently")
        .hasSize(4)
        .contains("cli-3-old.jsa", "cli-4-old.jsa", "cli-5-old.jsa")
        .doesNotContain("cli-1-old.jsa", "cli-2-old.jsa");
    assertThat(abandoned).doesNotExist();

    try (Browser browser = Browser.start(1400, 1000)) {
      ReportPage.assertDrawsItsJson(browser, html, report);
      // The README's picture: what the demo's report shows first, the widest bar hovered.
      browser.resize(1400, 1000);
      WebElement widest =
          browser.driver().findElements(By.cssSelector("#timeline .bar")).stream()
              .max(Comparator.comparingInt(bar -> bar.getRect().getWidth()))
              .orElseThrow();
      new Actions(browser.driver()).moveToElement(widest).perform();
      browser.screenshot(Fixtures.runsDir().resolve("demo-report.png"));
    }
  }

  @Test
  @Order(2)
  void aClasspathRunThatAJoiningWorkerDoes() throws Exception {
    ProcessResult classpath =
        as(
            "dist-demo-classpath",
            demo,
            List.of(
                "mvn",
                "-B",
                "-q",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
                "-Dmdep.outputFile=" + work.resolve("classpath.txt"),
                "-Dmdep.includeScope=test"));
    assertThat(classpath.exitCode()).as(classpath.describe()).isZero();
    String entries =
        demo.resolve("target/test-classes")
            + ":"
            + demo.resolve("target/classes")
            + ":"
            + Files.readString(work.resolve("classpath.txt")).strip();
    // A token of 128 bits or more, readable by its owner only, or the run refuses it.
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    Path token = Files.writeString(work.resolve("token"), HexFormat.of().formatHex(secret) + "\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    user.own(token);
    Path json = work.resolve("classpath.json");
    String address = "127.0.0.1:" + freePort();

    try (Background joiner =
        Background.start(
            user.command(
                env,
                List.of(
                    "jxdist",
                    "worker",
                    "--coordinator",
                    address,
                    "--token-file",
                    token.toString(),
                    "--name",
                    "joiner",
                    "--connect-timeout",
                    "120s")),
            work,
            Fixtures.runsDir().resolve("dist-joiner.log"))) {
      ProcessResult run =
          as(
              "dist-classpath-run",
              demo,
              List.of(
                  "jxdist",
                  "run",
                  "--join",
                  "1",
                  "--listen",
                  address,
                  "--token-file",
                  token.toString(),
                  "-cp",
                  entries,
                  "--scan",
                  demo.resolve("target/test-classes").toString(),
                  "--report-json",
                  json.toString()));

      assertThat(run.exitCode()).as(run.describe()).isZero();
      assertThat(joiner.waitFor(Duration.ofSeconds(60))).as(joiner.describe()).isZero();
    }
    JsonObject report = ReportPage.json(json);
    assertThat(report.getAsJsonObject("summary").get("total").getAsInt()).isEqualTo(demoTests);
    assertThat(report.getAsJsonObject("summary").get("passed").getAsInt()).isEqualTo(demoTests);
    Set<String> hosts = new LinkedHashSet<>();
    for (JsonElement test : report.getAsJsonArray("tests")) {
      hosts.add(test.getAsJsonObject().get("host").getAsString());
    }
    assertThat(hosts).as("every test ran on the joined worker").containsExactly("joiner");
  }

  @Test
  @Order(3)
  void mavenRunsThePluginFromTheDistribution() {
    String extension =
        "-Dmaven.ext.class.path=" + dist.resolve("lib/maven/jxdist-maven-workspace.jar");
    String plugin = "dev.jxdist:jxdist-maven-plugin:" + property("jxdist.version");

    ProcessResult help =
        as("dist-plugin-help", demo, List.of("mvn", "-B", extension, plugin + ":help"));

    assertThat(help.exitCode()).as(help.describe()).isZero();
    assertThat(help.output())
        .contains("jxdist:describe")
        .contains("jxdist:test")
        .contains("jxdist:help");

    Path json = work.resolve("plugin.json");
    ProcessResult test =
        as(
            "dist-plugin-test",
            demo,
            List.of(
                "mvn",
                "-B",
                "-q",
                extension,
                plugin + ":test",
                "-Djxdist.workers=2",
                "-Djxdist.reportJson=" + json));

    assertThat(test.exitCode()).as(test.describe()).isZero();
    assertThat(ReportPage.json(json).getAsJsonObject("summary").get("passed").getAsInt())
        .isEqualTo(demoTests);
    assertNothingOfJxdistFromARepository();
  }

  /** Maven never asked a repository for a jxdist artifact, and has none in its local one. */
  private static void assertNothingOfJxdistFromARepository() {
    assertThat(mirror.refused()).as("requests for jxdist's artifacts").isEmpty();
    assertThat(mirror.served()).as("artifacts Maven downloaded").isPositive();
    assertThat(user.home().resolve(".m2/repository/dev/jxdist")).doesNotExist();
  }

  private static ProcessResult as(String logName, Path dir, List<String> command) {
    return ProcessResult.run(
        user.command(env, command), dir, Fixtures.runsDir().resolve(logName + ".log"), RUN);
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(
          "system property " + name + " is not set; run the ITs with Failsafe from deploy/");
    }
    return value;
  }

  /** The Maven the build runs with: MAVEN_HOME, else the one mvn on the PATH belongs to. */
  private static Path mavenHome() throws IOException {
    String home = System.getenv("MAVEN_HOME");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path mvn = Path.of(dir, "mvn");
      if (!dir.isEmpty() && Files.isExecutable(mvn)) {
        return mvn.toRealPath().getParent().getParent();
      }
    }
    throw new IllegalStateException("no mvn on the PATH; install Maven");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    Files.walkFileTree(
        source,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Path name = dir.getFileName();
            if (!dir.equals(source)
                && (name.toString().equals("target") || name.toString().equals(".jxdist"))) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            Files.createDirectories(target.resolve(source.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(file, target.resolve(source.relativize(file).toString()));
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.forEach(paths::add);
    }
    paths.sort((a, b) -> b.compareTo(a));
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }
}
