package dev.jxdist.maven.plugin;

import dev.jxdist.coordinator.cli.Main;
import dev.jxdist.coordinator.selection.ModuleDescription;
import dev.jxdist.coordinator.selection.ModuleDescriptionFile;
import dev.jxdist.maven.describe.DependencyResolution;
import dev.jxdist.maven.describe.DependencyResolution.Coordinates;
import dev.jxdist.maven.describe.DependencyResolution.ResolutionException;
import dev.jxdist.maven.describe.ModuleDescriber;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;

/**
 * Runs the tests of every module of the reactor in one distributed jxdist run, in this build's JVM:
 * {@code mvn jxdist:test} builds the reactor up to {@code process-test-classes} (where {@code mvn
 * test} runs Surefire), describes each module as Surefire would run it (with this build's {@code
 * -Dtest}, {@code -Dgroups}, profiles and properties), runs jxdist over all of them and fails the
 * build on test failures, as Surefire does. Its descriptions go to a directory of their own, never
 * to the one {@code jxdist run --project} keeps its answer in.
 */
@Mojo(
    name = "test",
    aggregator = true,
    requiresDependencyResolution = ResolutionScope.TEST,
    threadSafe = true)
@Execute(phase = LifecyclePhase.PROCESS_TEST_CLASSES)
public final class TestMojo extends AbstractMojo {

  private static final String WORKER_ARTIFACT = "jxdist-worker";

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  private PluginDescriptor plugin;

  /**
   * Local worker JVMs: a number, or "auto" (one per core, and with a durations history only as many
   * as the work is worth). The default is auto, and none when the run has {@code hosts}.
   */
  @Parameter(property = "jxdist.workers")
  private String workers;

  /**
   * Also run workers on these SSH hosts ({@code --hosts}): {@code [user@]host[:port][*N|*auto]},
   * separated by commas. The project's files are synced to them as {@code jxdist run --hosts} does.
   */
  @Parameter(property = "jxdist.hosts")
  private String hosts;

  /** The host list, one host a line ({@code --hosts-file}). */
  @Parameter(property = "jxdist.hostsFile")
  private File hostsFile;

  /** Private keys to log in to the hosts with ({@code --ssh-key}; default: {@code ~/.ssh/id_*}). */
  @Parameter(property = "jxdist.sshKeys")
  private List<File> sshKeys;

  /** The known_hosts file the hosts' keys are checked against ({@code --known-hosts}). */
  @Parameter(property = "jxdist.knownHosts")
  private File knownHosts;

  /** Trust a host seen for the first time, never a changed key ({@code --ssh-accept-new}). */
  @Parameter(property = "jxdist.sshAcceptNew", defaultValue = "false")
  private boolean sshAcceptNew;

  /** The java on the hosts ({@code --remote-java}; default: {@code java} on their PATH). */
  @Parameter(property = "jxdist.remoteJava")
  private String remoteJava;

  /** The blob store on the hosts ({@code --remote-cache}; default: {@code ~/.cache/jxdist}). */
  @Parameter(property = "jxdist.remoteCache")
  private String remoteCache;

  /** The {@code HOST:PORT} the hosts' workers dial back to ({@code --advertise}). */
  @Parameter(property = "jxdist.advertise")
  private String advertise;

  /** The hosts' workers dial back through their SSH connection ({@code --tunnel}). */
  @Parameter(property = "jxdist.tunnel", defaultValue = "false")
  private boolean tunnel;

  /** Fail if any host cannot be used, instead of running on the others. */
  @Parameter(property = "jxdist.requireAllHosts", defaultValue = "false")
  private boolean requireAllHosts;

  /** Also write the whole run as JSON to this file. */
  @Parameter(property = "jxdist.reportJson")
  private File reportJson;

  /** More arguments for every worker JVM, after each module's own argLine. */
  @Parameter(property = "jxdist.jvmArgs")
  private List<String> jvmArgs;

  /** Only tests matching these tag expressions. */
  @Parameter(property = "jxdist.includeTags")
  private List<String> includeTags;

  /** Leave out tests matching these tag expressions. */
  @Parameter(property = "jxdist.excludeTags")
  private List<String> excludeTags;

  /** Run only these classes. */
  @Parameter(property = "jxdist.selectClasses")
  private List<String> selectClasses;

  /** Run only these packages (and their sub-packages). */
  @Parameter(property = "jxdist.selectPackages")
  private List<String> selectPackages;

  /**
   * The longest one test may run ({@code 5s}, {@code 500ms}, {@code 2m}): then its worker's threads
   * are dumped into its report and the worker is killed ({@code --test-timeout}).
   */
  @Parameter(property = "jxdist.testTimeout")
  private String testTimeout;

  /** The longest one unit of work (a whole class) may run ({@code --unit-timeout}). */
  @Parameter(property = "jxdist.unitTimeout")
  private String unitTimeout;

  /** The longest the whole run may take; the rest is not run ({@code --session-timeout}). */
  @Parameter(property = "jxdist.sessionTimeout")
  private String sessionTimeout;

  /**
   * Run a failed test again up to this many times; one that passes on a rerun is flaky, as with
   * Surefire's {@code rerunFailingTestsCount} ({@code --reruns}).
   */
  @Parameter(property = "jxdist.reruns")
  private Integer reruns;

  /**
   * How the work is spread over the workers ({@code --dist}): {@code loadclass} (the default),
   * {@code load}, {@code loadgroup}, {@code worksteal} or {@code each}.
   */
  @Parameter(property = "jxdist.dist")
  private String dist;

  /**
   * Run only shard I of N of the reactor's tests ({@code --shard I/N}, e.g. {@code 2/3}): each of N
   * CI jobs runs one, and {@code jxdist merge-reports} joins their reports.
   */
  @Parameter(property = "jxdist.shard")
  private String shard;

  /** Also write the run as one self-contained HTML page here ({@code --report-html}). */
  @Parameter(property = "jxdist.reportHtml")
  private File reportHtml;

  /** More system properties for the tests, added to each module's own. */
  @Parameter private Map<String, String> systemProperties;

  /** Skip the run. {@code -DskipTests} and {@code -Dmaven.test.skip} skip it as well. */
  @Parameter(property = "jxdist.skip", defaultValue = "false")
  private boolean skip;

  /** Fail the build when the reactor has no tests. */
  @Parameter(property = "jxdist.failIfNoTests", defaultValue = "true")
  private boolean failIfNoTests;

  /** The worker jar to use instead of this plugin's own jxdist-worker (for development). */
  @Parameter(property = "jxdist.workerJar")
  private File workerJar;

  /**
   * Where the module descriptions of this run are written: not {@code target/jxdist/modules}, which
   * belongs to {@code jxdist run --project}, so that this build's selection never leaks into a
   * later CLI run.
   */
  @Parameter(defaultValue = "${project.build.directory}/jxdist/mvn-modules", readonly = true)
  private File modulesDirectory;

  private final RepositorySystem repositorySystem;

  /** Created by Maven, with its resolver. */
  @Inject
  public TestMojo(RepositorySystem repositorySystem) {
    this.repositorySystem = repositorySystem;
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip || flag("skipTests") || flag("maven.test.skip")) {
      getLog().info("Tests are skipped.");
      return;
    }
    Path modules = modulesDirectory.toPath();
    writeDescriptions(modules);
    Path worker = workerJar();
    RunArguments arguments =
        new RunArguments(
            modules,
            worker,
            workers,
            reportJson == null ? null : reportJson.toPath(),
            jvmArgs,
            includeTags,
            excludeTags,
            selectClasses,
            selectPackages,
            systemProperties,
            testTimeout,
            unitTimeout,
            sessionTimeout,
            reruns,
            dist,
            shard,
            reportHtml == null ? null : reportHtml.toPath(),
            new HostArguments(
                hosts,
                hostsFile == null ? null : hostsFile.toPath(),
                sshKeys == null ? null : sshKeys.stream().map(File::toPath).toList(),
                knownHosts == null ? null : knownHosts.toPath(),
                sshAcceptNew,
                remoteJava,
                remoteCache,
                advertise,
                tunnel,
                requireAllHosts));
    getLog().debug("jxdist: " + String.join(" ", arguments.toList()));
    int exitCode = Main.execute(arguments.toList().toArray(new String[0]));
    String reports =
        "each module's target/jxdist-reports"
            + (reportJson == null ? "" : ", " + reportJson.getAbsolutePath())
            + (reportHtml == null ? "" : ", " + reportHtml.getAbsolutePath());
    if (!RunOutcome.check(exitCode, failIfNoTests, reports)) {
      getLog().warn("No tests were found in this build.");
    }
  }

  private boolean flag(String property) {
    String value = session.getUserProperties().getProperty(property);
    return value != null && (value.isEmpty() || Boolean.parseBoolean(value));
  }

  /** One module-NNN.json per project of the reactor, replacing those of an earlier run. */
  private void writeDescriptions(Path modules) throws MojoExecutionException {
    try {
      Files.createDirectories(modules);
      try (DirectoryStream<Path> old = Files.newDirectoryStream(modules, "module-*.json")) {
        for (Path file : old) {
          Files.delete(file);
        }
      }
    } catch (IOException e) {
      throw new MojoExecutionException("Could not prepare " + modules + ": " + e.getMessage(), e);
    }
    ModuleDescriber describer = new ModuleDescriber(session, repositorySystem, getLog());
    List<MavenProject> projects = session.getProjects();
    for (int i = 0; i < projects.size(); i++) {
      MavenProject original = projects.get(i);
      // The forked lifecycle ran on a copy of each project, which has the resolved state.
      MavenProject executed =
          original.getExecutionProject() != null ? original.getExecutionProject() : original;
      ModuleDescription description = describer.describe(executed);
      Path file = modules.resolve(ModuleDescription.fileName(i));
      try {
        ModuleDescriptionFile.write(description, file);
      } catch (IOException e) {
        throw new MojoExecutionException("Could not write " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /** The jxdist-worker jar of this plugin's version, resolved like the plugin itself. */
  private Path workerJar() throws MojoExecutionException {
    if (workerJar != null) {
      if (!workerJar.isFile()) {
        throw new MojoExecutionException(
            "jxdist.workerJar "
                + workerJar
                + " is not a file; give the path of a jxdist-worker jar");
      }
      return workerJar.toPath();
    }
    DependencyResolution resolution =
        new DependencyResolution(
            repositorySystem,
            session.getRepositorySession(),
            project.getRemotePluginRepositories());
    Coordinates coordinates =
        Coordinates.jar(plugin.getGroupId(), WORKER_ARTIFACT, plugin.getVersion());
    try {
      return resolution.resolve(coordinates).file();
    } catch (ResolutionException e) {
      throw new MojoExecutionException(
          "Could not find the jxdist worker: "
              + e.getMessage()
              + "; install jxdist (mvn install in its checkout) or set jxdist.workerJar",
          e);
    }
  }
}
