package dev.jxdist.maven.plugin;

import dev.jxdist.coordinator.selection.ModuleDescription;
import dev.jxdist.coordinator.selection.ModuleDescriptionFile;
import dev.jxdist.maven.describe.ModuleDescriber;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import javax.inject.Inject;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;

/**
 * Writes {@code <describeDir>/module-<NNN>.json}, this project's test run as Surefire would
 * configure it (NNN: the project's place in the reactor). It runs once per project, after the
 * phases given with it: {@code mvn process-test-classes jxdist:describe -Djxdist.describeDir=DIR}.
 */
@Mojo(name = "describe", requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public final class DescribeMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  /** The directory the module-NNN.json files go to (created when missing). */
  @Parameter(property = "jxdist.describeDir", required = true)
  private File describeDir;

  private final RepositorySystem repositorySystem;

  /** Created by Maven, with its resolver. */
  @Inject
  public DescribeMojo(RepositorySystem repositorySystem) {
    this.repositorySystem = repositorySystem;
  }

  @Override
  public void execute() throws MojoExecutionException {
    int index = Reactor.indexOf(session.getProjects(), project);
    ModuleDescription description =
        new ModuleDescriber(session, repositorySystem, getLog()).describe(project);
    Path file = describeDir.toPath().resolve(ModuleDescription.fileName(index));
    try {
      ModuleDescriptionFile.write(description, file);
    } catch (IOException e) {
      throw new MojoExecutionException(
          "Could not write " + file + ": " + e.getMessage() + "; check jxdist.describeDir", e);
    }
    getLog().debug("jxdist: wrote " + file);
  }
}
