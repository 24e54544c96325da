package dev.jxdist.coordinator.cli;

import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.Durations;
import dev.jxdist.coordinator.config.HostPort;
import dev.jxdist.coordinator.config.JoinerConfig;
import dev.jxdist.coordinator.config.UsageException;
import dev.jxdist.coordinator.machine.JoinFailure;
import dev.jxdist.coordinator.machine.JoinedRun;
import dev.jxdist.coordinator.remote.TokenFile;
import dev.jxdist.coordinator.report.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jxdist worker}: this machine joins a run and runs workers for it. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Joins a run from this machine and runs workers for it.",
      "",
      "The run is started elsewhere with",
      "  jxdist run --join N --listen ADDR:PORT --token-file FILE",
      "One worker at a time (--workers N: N at once), this machine fetches the code it lacks from the",
      "coordinator into the cache, lays it out, starts the worker JVM, and takes",
      "the next one, until the run is over. It keeps trying to reach the",
      "coordinator for --connect-timeout, so it may start before the run does."
    },
    footer = {
      "",
      "Exit codes: 0 the run is over, 3 the coordinator could not be reached",
      "within --connect-timeout or was lost, 4 usage error or the token file does",
      "not match the coordinator's."
    })
final class WorkerCommand implements Callable<Integer> {

  @Option(
      names = "--coordinator",
      paramLabel = "ADDR:PORT",
      required = true,
      description = "The coordinator's address (what jxdist run --listen says).")
  String coordinator;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      required = true,
      description = "A copy of the run's token file (jxdist run --token-file).")
  Path tokenFile;

  @Option(
      names = "--coordinator-cert-sha256",
      paramLabel = "FINGERPRINT",
      description =
          "The SHA-256 fingerprint of the coordinator's certificate (default: the token file's"
              + " coordinator-cert-sha256= line).")
  String coordinatorCertSha256;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description = "How long to keep trying to reach the coordinator (default: 60s).")
  String connectTimeout;

  @Option(
      names = "--workers",
      paramLabel = "N|auto",
      defaultValue = "1",
      description =
          "Worker JVMs at once from this machine (auto: one per core; default: 1). Each is a joiner"
              + " of its own; they share the cache.")
  String workers;

  @Mixin MachineOptions machine;

  @Override
  public Integer call() {
    JoinerConfig config = config();
    int count = SlotCount.parse(workers, "--workers");
    RunToken token = TokenFile.read(config.tokenFile(), "--token-file");
    List<JoinedRun> joined = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      joined.add(new JoinedRun(config, token, System.err, Clock.systemUTC()));
    }
    Thread hook = new Thread(() -> joined.forEach(JoinedRun::close), "jxdist-worker-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      if (count == 1) {
        return runOne(joined.get(0));
      }
      // One thread per joiner; the exit code is the worst of theirs (a lost run over a clean end).
      List<CompletableFuture<Integer>> ends = new ArrayList<>();
      for (JoinedRun j : joined) {
        CompletableFuture<Integer> end = new CompletableFuture<>();
        Thread t = new Thread(() -> end.complete(runOne(j)), "jxdist-joiner-" + (ends.size() + 1));
        t.setDaemon(true);
        t.start();
        ends.add(end);
      }
      return ends.stream().mapToInt(CompletableFuture::join).max().orElse(ExitCode.PASSED);
    } finally {
      joined.forEach(JoinedRun::close);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is what closes the session now.
      }
    }
  }

  private static int runOne(JoinedRun joined) {
    try {
      joined.run();
      return ExitCode.PASSED;
    } catch (JoinFailure e) {
      System.err.println("jxdist worker: " + e.getMessage());
      return e.exitCode();
    } finally {
      joined.close();
    }
  }

  /** Validates the options; every problem names its option. */
  JoinerConfig config() {
    HostPort address = HostPort.parse("--coordinator", coordinator);
    if (address.port() == 0) {
      throw new UsageException(
          "--coordinator " + coordinator + ": give the port the run listens on");
    }
    if (Files.isDirectory(tokenFile)) {
      throw new UsageException(
          "--token-file " + tokenFile + " is a directory; give the run's token file");
    }
    Optional<CertificatePin> pin = Optional.empty();
    if (coordinatorCertSha256 != null) {
      try {
        pin = Optional.of(CertificatePin.parse(coordinatorCertSha256));
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            "--coordinator-cert-sha256 " + coordinatorCertSha256.strip() + " " + e.getMessage());
      }
    }
    return new JoinerConfig(
        address,
        tokenFile.toAbsolutePath(),
        pin,
        machine.cacheDir(),
        machine.javaPath(),
        machine.machineName(),
        Durations.parse(connectTimeout, "--connect-timeout"));
  }
}
