package dev.jxdist.maven.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.coordinator.cli.Main;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunArgumentsTest {

  @Test
  void minimalRun() {
    RunArguments args =
        new RunArguments(
            Path.of("/t/modules"),
            Path.of("/r/w.jar"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            " ",
            null,
            null,
            null,
            " ",
            null,
            null);

    // No -n: the CLI's default, auto (none with hosts).
    assertThat(args.toList())
        .containsExactly("run", "--module-descriptions", "/t/modules", "--worker-jar", "/r/w.jar");
  }

  @Test
  void everyParameterBecomesItsOption() {
    Map<String, String> sys = new LinkedHashMap<>();
    sys.put("a", "1");
    sys.put("b", null);
    RunArguments args =
        new RunArguments(
            Path.of("/t/modules"),
            Path.of("/r/w.jar"),
            " 3 ",
            Path.of("/t/run.json"),
            Arrays.asList("-Xmx1G", null, " ", "-Dx=y z"),
            List.of("fast"),
            List.of("slow", "flaky"),
            List.of("com.x.FooTest"),
            List.of("com.y"),
            sys,
            "5s",
            "2m",
            "1h",
            2,
            "loadgroup",
            " 2/3 ",
            Path.of("/t/run.html"),
            new HostArguments(
                " ci@build1*4,build2 ",
                Path.of("/t/hosts.txt"),
                List.of(Path.of("/k/a"), Path.of("/k/b")),
                Path.of("/k/known_hosts"),
                true,
                "/opt/java17/bin/java",
                "/var/cache/jxdist",
                "10.0.0.1:7000",
                true,
                true));

    assertThat(args.toList())
        .containsExactly(
            "run",
            "--module-descriptions",
            "/t/modules",
            "--worker-jar",
            "/r/w.jar",
            "-n",
            "3",
            "--report-json",
            "/t/run.json",
            "--report-html",
            "/t/run.html",
            "--jvm-arg=-Xmx1G",
            "--jvm-arg=-Dx=y z",
            "--include-tag=fast",
            "--exclude-tag=slow",
            "--exclude-tag=flaky",
            "--select-class=com.x.FooTest",
            "--select-package=com.y",
            "--test-timeout=5s",
            "--unit-timeout=2m",
            "--session-timeout=1h",
            "--dist=loadgroup",
            "--shard=2/3",
            "--reruns=2",
            "--hosts=ci@build1*4,build2",
            "--hosts-file=/t/hosts.txt",
            "--ssh-key=/k/a",
            "--ssh-key=/k/b",
            "--known-hosts=/k/known_hosts",
            "--ssh-accept-new",
            "--remote-java=/opt/java17/bin/java",
            "--remote-cache=/var/cache/jxdist",
            "--advertise=10.0.0.1:7000",
            "--tunnel",
            "--require-all-hosts",
            "-Da=1",
            "-Db=");
  }

  @Test
  void theCoordinatorAcceptsTheOptionsThisGoalPasses() {
    RunArguments args =
        new RunArguments(
            Path.of("/nonexistent/modules"),
            Path.of("/nonexistent/w.jar"),
            "2",
            Path.of("/nonexistent/run.json"),
            List.of("-Xmx64m", "-Dk=v"),
            List.of("fast"),
            List.of("slow"),
            List.of("a.B"),
            List.of("a"),
            Map.of("k", "v"),
            "5s",
            "500ms",
            "2m",
            1,
            "worksteal",
            "1/2",
            Path.of("/nonexistent/run.html"),
            new HostArguments(
                "ci@build1*2",
                null,
                List.of(Path.of("/nonexistent/key")),
                Path.of("/nonexistent/known_hosts"),
                true,
                "/opt/java",
                "/var/cache/jxdist",
                null,
                true,
                true));

    // Parsing only (nothing runs): an option the CLI does not know throws.
    CommandLine.ParseResult parsed =
        new CommandLine(new Main()).parseArgs(args.toList().toArray(new String[0]));

    CommandLine.ParseResult run = parsed.subcommand();
    assertThat(run.commandSpec().name()).isEqualTo("run");
    // Attached, and taken though it looks like the CLI's own -D (by its consumer: the option's
    // value, not a matched value of the parse result).
    assertThat(run.commandSpec().findOption("--jvm-arg").<List<String>>getValue())
        .isEqualTo(List.of("-Xmx64m", "-Dk=v"));
    assertThat(run.matchedOptionValue("--module-descriptions", (Object) null)).isNotNull();
    assertThat(run.matchedOptionValue("--worker-jar", (Object) null)).isNotNull();
    assertThat(run.matchedOptionValue("-n", "")).isEqualTo("2");
    assertThat(run.matchedOptionValue("--test-timeout", "")).isEqualTo("5s");
    assertThat(run.matchedOptionValue("--unit-timeout", "")).isEqualTo("500ms");
    assertThat(run.matchedOptionValue("--session-timeout", "")).isEqualTo("2m");
    assertThat(run.matchedOptionValue("--reruns", 0)).isEqualTo(1);
    assertThat(run.matchedOptionValue("--report-html", (Object) null)).isNotNull();
    assertThat(run.matchedOptionValue("--dist", (Object) null)).hasToString("worksteal");
    assertThat(run.matchedOptionValue("--shard", (Object) null)).hasToString("1/2");
    assertThat(run.matchedOptionValue("--hosts", "")).isEqualTo("ci@build1*2");
    assertThat(run.matchedOptionValue("--known-hosts", (Object) null)).isNotNull();
    assertThat(run.matchedOptionValue("--remote-java", "")).isEqualTo("/opt/java");
    assertThat(run.matchedOptionValue("--remote-cache", "")).isEqualTo("/var/cache/jxdist");
    for (String flag : List.of("--ssh-accept-new", "--tunnel", "--require-all-hosts")) {
      assertThat(run.matchedOptionValue(flag, false)).as(flag).isTrue();
    }
  }

  @Test
  void anUnknownOptionWouldBeRejected() {
    assertThatThrownBy(() -> new CommandLine(new Main()).parseArgs("run", "--no-such-option"))
        .isInstanceOf(CommandLine.ParameterException.class);
  }
}
