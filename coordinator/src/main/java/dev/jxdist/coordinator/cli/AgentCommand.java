package dev.jxdist.coordinator.cli;

import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.AgentConfig;
import dev.jxdist.coordinator.config.ByteSize;
import dev.jxdist.coordinator.config.Durations;
import dev.jxdist.coordinator.config.HostPort;
import dev.jxdist.coordinator.config.UsageException;
import dev.jxdist.coordinator.machine.AgentDaemon;
import dev.jxdist.coordinator.remote.TokenFile;
import dev.jxdist.coordinator.report.ExitCode;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jxdist agent}: a worker daemon that runs workers for the runs it is offered. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs workers for jxdist runs on this machine, as a daemon, until stopped.",
      "",
      "Coordinators use it with",
      "  jxdist run --agents HOST:PORT*N --agent-token-file FILE",
      "with a copy of this agent's token file; no SSH is needed. For each run the",
      "agent fetches the code its cache lacks, starts worker JVMs in its free slots",
      "(runs share them) and removes the run's files at its end. A run whose",
      "coordinator vanished is reaped: its workers killed, its files removed.",
      "SIGTERM drains: new runs are refused, running workers get --drain-grace to",
      "finish, then the agent exits 0."
    },
    footer = {"", "Exit codes: 0 stopped, 4 usage error."})
final class AgentCommand implements Callable<Integer> {

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      required = true,
      description = "Where coordinators reach the agent (e.g. 0.0.0.0:7171).")
  String listen;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      required = true,
      description = "The agent's secret (readable by its owner only); coordinators hold a copy.")
  Path tokenFile;

  @Option(
      names = "--slots",
      paramLabel = "N|auto",
      defaultValue = "auto",
      description = "Worker JVMs at once, over all runs (default: auto, one per core).")
  String slots;

  @Option(
      names = "--cache-max",
      paramLabel = "SIZE",
      description =
          "Evict least recently used blobs past this size (e.g. 20g, 512m; default: no limit).")
  String cacheMax;

  @Option(
      names = "--drain-grace",
      paramLabel = "DURATION",
      defaultValue = "10m",
      description = "On SIGTERM, how long running workers may finish (default: 10m).")
  String drainGrace;

  @Mixin MachineOptions machine;

  @Override
  public Integer call() {
    AgentConfig config = config();
    RunToken token = TokenFile.read(config.tokenFile(), "--token-file");
    AgentDaemon agent = new AgentDaemon(config, token, System.err, Clock.systemUTC());
    try {
      agent.start();
    } catch (UncheckedIOException e) {
      throw new UsageException(
          "--listen " + listen + " or --cache: " + e.getMessage() + "; give a free port");
    }
    // SIGTERM (systemd's stop) and Ctrl-C drain; the exit is then 0, as a service stops cleanly.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.drain(config.drainGrace());
                  System.err.flush();
                  Runtime.getRuntime().halt(ExitCode.PASSED);
                },
                "jxdist-agent-drain"));
    try {
      agent.awaitStop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCode.PASSED;
  }

  /** Validates the options; every problem names its option. */
  AgentConfig config() {
    HostPort address = HostPort.parseListen("--listen", listen);
    if (Files.isDirectory(tokenFile)) {
      throw new UsageException(
          "--token-file " + tokenFile + " is a directory; give the agent's token file");
    }
    Duration grace = Durations.parse(drainGrace, "--drain-grace");
    OptionalLong max =
        cacheMax == null
            ? OptionalLong.empty()
            : OptionalLong.of(ByteSize.parse(cacheMax, "--cache-max"));
    return new AgentConfig(
        address,
        tokenFile.toAbsolutePath(),
        SlotCount.parse(slots, "--slots"),
        machine.cacheDir(),
        max,
        grace,
        machine.javaPath(),
        machine.machineName());
  }
}
