package dev.jxdist.coordinator.cli;

import dev.jxdist.common.wire.GrpcDefaults;
import dev.jxdist.coordinator.config.JxdistVersion;
import dev.jxdist.coordinator.config.UsageException;
import dev.jxdist.coordinator.report.ExitCode;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jxdist} command: {@code jxdist run ...}, {@code jxdist worker ...}, {@code jxdist
 * agent ...}, {@code jxdist hosts check ...}, {@code jxdist --version}.
 */
@Command(
    name = "jxdist",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Runs JUnit Platform test suites on many worker JVMs and reports them as one run.",
    subcommands = {
      RunCommand.class,
      WorkerCommand.class,
      AgentCommand.class,
      HostsCommand.class,
      MergeReportsCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    GrpcDefaults.withoutNettyJfrEvents();
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code (for tests). */
  public static int execute(String... args) {
    return execute(null, args);
  }

  /**
   * Runs the CLI with its usage errors and help going to {@code err} (System.err if null), and
   * returns its exit code (for tests).
   */
  static int execute(PrintWriter errors, String... args) {
    CommandLine cli = new CommandLine(new Main());
    if (errors != null) {
      cli.setErr(errors);
      cli.setOut(errors);
    }
    cli.setParameterExceptionHandler(
        (e, a) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println("jxdist: " + e.getMessage());
          err.println(
              "Run '"
                  + e.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help' for the options.");
          return ExitCode.USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, c, p) -> {
          PrintWriter err = c.getErr();
          if (e instanceof UsageException) {
            err.println("jxdist: " + e.getMessage());
            return ExitCode.USAGE;
          }
          err.println("jxdist: internal error: " + e);
          e.printStackTrace(err);
          return ExitCode.INTERNAL_ERROR;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a command (try 'run')");
  }

  /** The version the build stamped into the coordinator. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"jxdist " + JxdistVersion.get()};
    }
  }
}
