package dev.jxdist.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.report.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every option of every command, given a value that cannot be parsed, through the real CLI entry
 * point: exit code 4, one message that names the value, never a stack trace, and nothing started.
 */
class MalformedOptionsTest {

  @TempDir static Path dir;
  static Path classes;
  static Path workerJar;
  static Path aFile;
  static Path weakToken;
  static Path openToken;

  @BeforeAll
  static void files() throws IOException {
    classes = Files.createDirectories(dir.resolve("classes"));
    workerJar = Files.writeString(dir.resolve("jxdist-worker.jar"), "not really a jar");
    aFile = Files.writeString(dir.resolve("a-file"), "x");
    weakToken = Files.writeString(dir.resolve("weak-token"), "s3cret\n");
    Files.setPosixFilePermissions(weakToken, PosixFilePermissions.fromString("rw-------"));
    openToken = Files.writeString(dir.resolve("open-token"), "0123456789abcdef0123456789abcdef\n");
    Files.setPosixFilePermissions(openToken, PosixFilePermissions.fromString("rw-r--r--"));
  }

  /** A {@code jxdist run} that would be valid without {@code extra}. */
  private static String[] run(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--classpath",
                classes.toString(),
                "--scan",
                classes.toString(),
                "--worker-jar",
                workerJar.toString()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private static String[] agent(String... extra) {
    List<String> args = new ArrayList<>(List.of("agent", "--listen", "127.0.0.1:0"));
    args.addAll(List.of("--token-file", "t"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private static String[] worker(String... extra) {
    List<String> args = new ArrayList<>(List.of("worker"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /** Each row: the arguments, and what the message must name. */
  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(run("-n", "0"), "-n 0"),
        Arguments.of(run("-n", "many"), "-n many"),
        Arguments.of(run("-n", "99999999999"), "-n 99999999999"),
        Arguments.of(run("--hosts", "a*99999999999"), "a*99999999999"),
        Arguments.of(run("--hosts", "a:99999999999999999999"), "a:99999999999999999999"),
        Arguments.of(run("--hosts", "a*0"), "a*0"),
        Arguments.of(run("--hosts", "a b"), "a b"),
        Arguments.of(run("--hosts", "a:0"), "a:0"),
        Arguments.of(run("--hosts", "a*-1"), "a*-1"),
        Arguments.of(run("--hosts", "a**2"), "a**2"),
        Arguments.of(run("--hosts", ","), "--hosts"),
        Arguments.of(run("--hosts-file", dir.resolve("no-hosts").toString()), "no-hosts"),
        Arguments.of(run("--hosts", "a", "--remote-cache", " "), "--remote-cache"),
        Arguments.of(run("--hosts", "a", "--remote-java", ""), "--remote-java"),
        Arguments.of(run("--hosts", "a", "--advertise", "nohost"), "nohost"),
        Arguments.of(run("--hosts", "a", "--advertise", "h:70000"), "h:70000"),
        Arguments.of(run("--hosts", "a", "--known-hosts", dir.toString()), dir.toString()),
        Arguments.of(run("--listen", "0.0.0.0:99999"), "0.0.0.0:99999"),
        Arguments.of(run("--listen", "::1:80"), "::1:80"),
        Arguments.of(run("--join", "-1"), "--join -1"),
        Arguments.of(run("--join", "two"), "two"),
        Arguments.of(run("--join", "99999999999"), "99999999999"),
        Arguments.of(run("--join-timeout", "soon"), "soon"),
        Arguments.of(run("--join-timeout", "-5m"), "-5m"),
        Arguments.of(run("--join-timeout", "0s"), "0s"),
        Arguments.of(run("--join-timeout", "9999999999999h"), "9999999999999h"),
        Arguments.of(run("--token-file", dir.toString()), dir.toString()),
        Arguments.of(run("--token-file", weakToken.toString()), "weak-token"),
        Arguments.of(run("--token-file", openToken.toString()), "chmod 600 " + openToken),
        Arguments.of(run("--jvm-arg"), "--jvm-arg needs a value"),
        Arguments.of(run("--maxfail", "0"), "--maxfail 0"),
        Arguments.of(run("--maxfail", "x"), "'x'"),
        Arguments.of(run("-x", "--maxfail", "3"), "--maxfail 3"),
        Arguments.of(run("--durations-report", "-1"), "-1"),
        Arguments.of(run("--durations-report", "lots"), "lots"),
        Arguments.of(run("--durations", dir.toString()), dir.toString()),
        Arguments.of(run("--dist", "random"), "random"),
        Arguments.of(run("--replay", dir.resolve("no-report.json").toString()), "no-report.json"),
        Arguments.of(run("--replay", aFile.toString()), "a-file"),
        Arguments.of(run("--shard", "0/3"), "--shard 0/3"),
        Arguments.of(run("--shard", "4/3"), "--shard 4/3"),
        Arguments.of(run("--shard", "half"), "--shard half"),
        Arguments.of(run("--shard", "1/2", "--dist", "each"), "--shard and --dist each"),
        Arguments.of(run("--shard", "1/2", "--dist", "loadgroup"), "--shard and --dist loadgroup"),
        Arguments.of(run("--shard", "1/2", "--replay", aFile.toString()), "--shard and --replay"),
        Arguments.of(
            new String[] {"merge-reports", aFile.toString(), dir.toString()}, aFile + " is a file"),
        Arguments.of(new String[] {"merge-reports", dir.resolve("out").toString()}, "SHARD_DIR"),
        Arguments.of(
            new String[] {"merge-reports", dir.resolve("out").toString(), aFile.toString()},
            aFile + " is not a directory"),
        Arguments.of(run("--report-json", dir.toString()), dir.toString()),
        Arguments.of(run("--reports-dir", aFile.toString()), aFile.toString()),
        Arguments.of(run("--exclude-upload", "[abc"), "[abc"),
        Arguments.of(run("--exclude-upload", "/"), "'/'"),
        Arguments.of(run("--exclude-upload", "{a,{b}}"), "{a,{b}}"),
        Arguments.of(
            new String[] {
              "run",
              "--classpath",
              classes.toString(),
              "--scan",
              classes.toString(),
              "--worker-jar",
              dir.resolve("nope.jar").toString()
            },
            "nope.jar"),
        Arguments.of(run("--scan", dir.resolve("no-classes").toString()), "no-classes"),
        Arguments.of(
            new String[] {
              "run",
              "--classpath",
              dir.resolve("missing.jar").toString(),
              "--worker-jar",
              workerJar.toString()
            },
            "missing.jar"),
        Arguments.of(run("--no-such-option"), "--no-such-option"),
        Arguments.of(worker("--coordinator", "nowhere", "--token-file", "t"), "nowhere"),
        Arguments.of(worker("--coordinator", "h:0", "--token-file", "t"), "h:0"),
        Arguments.of(
            worker("--coordinator", "h:1", "--token-file", dir.toString()), dir.toString()),
        Arguments.of(
            worker("--coordinator", "h:1", "--token-file", "t", "--connect-timeout", "1y"), "1y"),
        Arguments.of(
            worker("--coordinator", "h:1", "--token-file", "t", "--java", aFile.toString()),
            aFile.toString()),
        Arguments.of(
            worker("--coordinator", "h:1", "--token-file", "t", "--name", "evil\u001b[2Jname"),
            "evil?[2Jname"),
        Arguments.of(
            worker("--coordinator", "h:1", "--token-file", weakToken.toString()), "weak-token"),
        Arguments.of(
            worker("--coordinator", "h:1", "--token-file", openToken.toString()),
            "chmod 600 " + openToken),
        Arguments.of(agent("--java", aFile.toString()), aFile.toString()),
        Arguments.of(agent("--name", "evil\u001b[2Jname"), "evil?[2Jname"),
        Arguments.of(new String[] {"hosts", "check", "--hosts", "a*99999999999"}, "a*99999999999"),
        Arguments.of(new String[] {"hosts", "check", "--hosts", "a:x"}, "a:x"),
        Arguments.of(
            new String[] {"hosts", "check", "--hosts", "a", "--remote-cache", ""},
            "--remote-cache"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void isAUsageErrorNamingTheValue(String[] args, String named) {
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(err, true), args);

    assertThat(err.toString())
        .as("stderr of %s", String.join(" ", args))
        .contains(named)
        .doesNotContain("internal error")
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
    assertThat(code).as("exit code of %s", String.join(" ", args)).isEqualTo(ExitCode.USAGE);
  }
}
