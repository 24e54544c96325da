package dev.jxdist.coordinator.cli;

import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.AgentSpec;
import dev.jxdist.coordinator.config.HostSpec;
import dev.jxdist.coordinator.config.SshOptions;
import dev.jxdist.coordinator.config.UsageException;
import dev.jxdist.coordinator.join.AgentCheck;
import dev.jxdist.coordinator.remote.TokenFile;
import dev.jxdist.coordinator.report.ExitCode;
import dev.jxdist.coordinator.ssh.HostCheck;
import dev.jxdist.coordinator.ssh.HostStatus;
import dev.jxdist.coordinator.ssh.SshConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jxdist hosts}: commands about the host list; {@code jxdist hosts check}. */
@Command(
    name = "hosts",
    mixinStandardHelpOptions = true,
    description = "Commands about remote hosts.",
    subcommands = {HostsCommand.Check.class})
final class HostsCommand implements Runnable {

  @Override
  public void run() {
    throw new UsageException(
        "'jxdist hosts' needs a command: try 'jxdist hosts check --hosts HOST'");
  }

  /** {@code jxdist hosts check}: can every host of the list run workers? */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Connects to each host over SSH and prints a table: reachable, Java version, cores,",
        "free disk in the cache directory and the size of its blob store. With --agents,",
        "asks each agent: slots free, Java version, store size, jxdist version."
      },
      footer = {
        "",
        "Exit codes: 0 every host is usable (reachable, Java 17+) and every agent has a free slot,"
            + " 1 some host or agent is not, 4 usage error."
      })
  static final class Check implements Callable<Integer> {

    /** Some host cannot run workers. */
    static final int SOME_HOST_UNUSABLE = 1;

    /** At most this many hosts are checked at once. */
    private static final int MAX_PARALLEL = 16;

    @Option(
        names = "--hosts",
        paramLabel = "SPEC[,SPEC...]",
        description = "Hosts: [user@]host[:port][*N|*auto], comma-separated.")
    String hosts;

    @Option(
        names = "--hosts-file",
        paramLabel = "FILE",
        description = "A file of hosts, one SPEC a line ('#' comments).")
    Path hostsFile;

    @Option(
        names = "--ssh-key",
        paramLabel = "FILE",
        description =
            "A private key to log in with (repeatable; default: ~/.ssh/id_ed25519, id_ecdsa,"
                + " id_rsa).")
    List<Path> sshKeys = new ArrayList<>();

    @Option(
        names = "--known-hosts",
        paramLabel = "FILE",
        description =
            "The known_hosts file host keys are checked against (default: ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(
        names = "--ssh-accept-new",
        description =
            "Trust and record the key of a host seen for the first time (never a changed key).")
    boolean acceptNew;

    @Option(
        names = "--remote-java",
        paramLabel = "PATH",
        defaultValue = "java",
        description = "The java command on the hosts (default: java on the PATH); 17 or newer.")
    String remoteJava;

    @Option(
        names = "--remote-cache",
        paramLabel = "DIR",
        defaultValue = HostCheck.DEFAULT_REMOTE_CACHE,
        description = "jxdist's cache directory on the hosts (default: ~/.cache/jxdist).")
    String remoteCache;

    @Option(
        names = "--agents",
        paramLabel = "HOST:PORT[,...]",
        description = "Agents ('jxdist agent') to check, comma-separated; with --agent-token-file.")
    String agents;

    @Option(
        names = "--agent-token-file",
        paramLabel = "FILE",
        description = "A copy of the agents' token file.")
    Path agentTokenFile;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      if (agents != null && hosts == null && hostsFile == null) {
        return checkAgents();
      }
      List<HostSpec> specs = hostList();
      SshOptions options = sshOptions();
      if (remoteJava.isBlank()) {
        throw new UsageException("--remote-java is empty; give the java command on the hosts");
      }
      if (remoteCache.isBlank()) {
        throw new UsageException("--remote-cache is empty; give a directory on the hosts");
      }
      SshConfig config = SshConfig.read(options.sshConfig(), SshOptions.userHome());
      HostCheck check = new HostCheck(options, config, remoteJava, remoteCache);

      List<HostStatus> statuses = checkAll(specs, check);
      PrintWriter out = spec.commandLine().getOut();
      out.print(HostsTable.format(statuses));
      long usable = statuses.stream().filter(HostStatus::usable).count();
      out.println(usable + " of " + statuses.size() + " hosts usable");
      out.flush();
      int agentsCode = agents == null ? ExitCode.PASSED : checkAgents();
      return usable == statuses.size() ? agentsCode : SOME_HOST_UNUSABLE;
    }

    /** Asks each agent how it is, in parallel, and prints a table. */
    private int checkAgents() {
      if (agentTokenFile == null) {
        throw new UsageException(
            "--agents needs --agent-token-file FILE: a copy of the agents' token file");
      }
      RunToken token = TokenFile.read(agentTokenFile, "--agent-token-file");
      List<AgentSpec> specs = AgentSpec.parseList(agents, "--agents");
      List<CompletableFuture<AgentCheck>> checks = new ArrayList<>();
      for (AgentSpec a : specs) {
        CompletableFuture<AgentCheck> check = new CompletableFuture<>();
        Thread t =
            new Thread(
                () -> check.complete(AgentCheck.of(a.address(), token)), "check-" + a.address());
        t.setDaemon(true);
        t.start();
        checks.add(check);
      }
      List<AgentCheck> results = checks.stream().map(CompletableFuture::join).toList();
      PrintWriter out = spec.commandLine().getOut();
      out.print(HostsTable.formatAgents(results));
      long usable = results.stream().filter(AgentCheck::usable).count();
      out.println(usable + " of " + results.size() + " agents usable");
      out.flush();
      return usable == results.size() ? ExitCode.PASSED : SOME_HOST_UNUSABLE;
    }

    private List<HostSpec> hostList() {
      if (hosts != null && hostsFile != null) {
        throw new UsageException("--hosts and --hosts-file exclude each other; give one of them");
      }
      if (hosts != null) {
        return HostSpec.parseList(hosts);
      }
      if (hostsFile != null) {
        return HostSpec.parseFile(hostsFile);
      }
      throw new UsageException(
          "no hosts to check: give --hosts HOST[,HOST...], --hosts-file FILE or --agents"
              + " HOST:PORT[,...]");
    }

    private SshOptions sshOptions() {
      for (Path key : sshKeys) {
        if (!Files.isRegularFile(key)) {
          throw new UsageException("--ssh-key " + key + " does not exist; give a private key file");
        }
      }
      if (knownHosts != null && Files.isDirectory(knownHosts)) {
        throw new UsageException(
            "--known-hosts " + knownHosts + " is a directory; give a known_hosts file");
      }
      return SshOptions.withDefaults(sshKeys, knownHosts, acceptNew, null, SshOptions.userHome());
    }

    /** Checks the hosts in parallel, one named thread per host (at most {@value #MAX_PARALLEL}). */
    private static List<HostStatus> checkAll(List<HostSpec> specs, HostCheck check)
        throws InterruptedException {
      AtomicInteger threads = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              Math.min(specs.size(), MAX_PARALLEL),
              task -> {
                Thread thread = new Thread(task, "hosts-check-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      try {
        List<Future<HostStatus>> futures = new ArrayList<>();
        for (HostSpec hostSpec : specs) {
          futures.add(
              pool.submit(
                  () -> {
                    Thread.currentThread().setName("check-" + hostSpec.host());
                    return check.check(hostSpec);
                  }));
        }
        List<HostStatus> statuses = new ArrayList<>();
        for (Future<HostStatus> future : futures) {
          try {
            statuses.add(future.get());
          } catch (ExecutionException e) {
            throw new IllegalStateException("checking a host failed unexpectedly", e.getCause());
          }
        }
        return statuses;
      } finally {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }
}
