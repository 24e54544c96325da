package dev.jxdist.deploy.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jxdist.coordinator.report.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/systemd/jxdist-agent.service: an agent that runs as a user of its own, sees the system
 * read-only but for its state directory, gets its token as a credential, drains when stopped and is
 * restarted on failure but not on a usage error. systemd-analyze checks the unit as systemd would
 * load it.
 */
class SystemdUnitTest {

  static final String RECIPE = "systemd/jxdist-agent.service";

  private final SystemdUnit unit = SystemdUnit.parse(Recipes.text(RECIPE));

  @TempDir Path dir;

  /** The agent command of the unit's ExecStart, systemd's variables as a sample gives them. */
  static RecipeCommand execStart() {
    List<RecipeCommand> commands =
        new ShellWords(RecipeCommands.SAMPLES)
            .commands(RECIPE, Recipes.text(RECIPE)).stream()
                .filter(c -> c.subcommand().equals("agent"))
                .toList();
    assertThat(commands).as("the unit's jxdist agent commands").hasSize(1);
    return commands.get(0);
  }

  @Test
  void runsTheInstalledLauncherAsAnAgent() {
    assertThat(unit.value("Service", "ExecStart")).startsWith("/opt/jxdist/bin/jxdist agent ");
    assertThat(unit.value("Service", "Type")).isEqualTo("exec");
    assertThat(unit.value("Install", "WantedBy")).isEqualTo("multi-user.target");
  }

  @Test
  void runsAsItsOwnUserWithTheSystemReadOnly() {
    assertThat(unit.value("Service", "DynamicUser")).isEqualTo("yes");
    assertThat(unit.value("Service", "ProtectSystem")).isEqualTo("strict");
    assertThat(unit.value("Service", "ProtectHome")).isEqualTo("yes");
    assertThat(unit.value("Service", "PrivateTmp")).isEqualTo("yes");
    assertThat(unit.value("Service", "NoNewPrivileges")).isEqualTo("yes");
    assertThat(unit.value("Service", "UMask")).isEqualTo("0077");
  }

  @Test
  void keepsTheStoreInItsStateDirectory() {
    String state = unit.value("Service", "StateDirectory");
    assertThat(state).isEqualTo("jxdist-agent");
    assertThat(unit.value("Service", "StateDirectoryMode")).isEqualTo("0700");
    assertThat(execStart().value("--cache"))
        .isEqualTo(RecipeCommands.SAMPLES.get("STATE_DIRECTORY"));
  }

  @Test
  void readsItsTokenFromTheCredential() {
    String[] credential = unit.value("Service", "LoadCredential").split(":", 2);
    assertThat(credential[1]).isEqualTo("/etc/jxdist/agent-token");
    assertThat(execStart().value("--token-file"))
        .isEqualTo(RecipeCommands.SAMPLES.get("CREDENTIALS_DIRECTORY") + "/" + credential[0]);
  }

  @Test
  void drainsWhenStoppedAndRestartsOnlyWhatARestartCanFix() {
    assertThat(unit.value("Service", "KillMode")).isEqualTo("mixed");
    assertThat(unit.value("Service", "KillSignal")).isEqualTo("SIGTERM");
    assertThat(words(unit.value("Service", "SuccessExitStatus"))).contains("143");
    assertThat(unit.value("Service", "Restart")).isEqualTo("on-failure");
    assertThat(words(unit.value("Service", "RestartPreventExitStatus")))
        .contains(Integer.toString(ExitCode.USAGE));
    Duration grace = duration(execStart().value("--drain-grace"));
    Duration stop = duration(unit.value("Service", "TimeoutStopSec"));
    assertThat(stop).as("TimeoutStopSec against --drain-grace").isGreaterThan(grace);
  }

  @Test
  void systemdAnalyzeVerifiesIt() throws Exception {
    Path tool = Path.of("/usr/bin/systemd-analyze");
    assumeTrue(Files.isExecutable(tool), "systemd-analyze is not installed");
    // The unit as installed, its launcher where verify can find an executable: the distribution's.
    Path launcher = Recipes.deploy().resolve("src/dist/bin/jxdist");
    String text = Recipes.text(RECIPE).replace("/opt/jxdist/bin/jxdist", launcher.toString());
    Path installed = Files.writeString(dir.resolve("jxdist-agent.service"), text);

    assertThat(verify(tool, installed)).as("systemd-analyze verify's complaints").isEmpty();

    // And it does complain about a unit systemd would not load as written.
    Path broken = Files.createDirectories(dir.resolve("broken")).resolve("jxdist-agent.service");
    Files.writeString(broken, text.replace("KillMode=mixed", "KillMode=drain"));
    assertThat(verify(tool, broken)).contains("kill mode", "drain");
  }

  /** What systemd-analyze verify says about {@code unit} (it exits 0 for settings it ignores). */
  private String verify(Path tool, Path unit) throws IOException, InterruptedException {
    Path log = dir.resolve(unit.getParent().getFileName() + "-verify.log");
    Process process =
        new ProcessBuilder(tool.toString(), "verify", unit.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("systemd-analyze ended").isTrue();
    String output = Files.readString(log, StandardCharsets.UTF_8).strip();
    return process.exitValue() == 0 ? output : "exit " + process.exitValue() + ": " + output;
  }

  private static List<String> words(String value) {
    return Arrays.asList(value.split("\\s+"));
  }

  /** A systemd time span or a jxdist duration: 11min, 10m, 90s, 1h. */
  private static Duration duration(String text) {
    Matcher m = Pattern.compile("(\\d+)\\s*(min|m|s|h)").matcher(text);
    if (!m.matches()) {
      throw new AssertionError("not a duration this test reads: " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "h" -> Duration.ofHours(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }
}
