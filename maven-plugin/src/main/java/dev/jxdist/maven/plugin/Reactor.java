package dev.jxdist.maven.plugin;

import java.util.List;
import org.apache.maven.project.MavenProject;

/** Where a project sits in the reactor: the NNN of its module-NNN.json. */
final class Reactor {

  private Reactor() {}

  /**
   * The index of {@code project} in {@code projects} (the session's, in build order), matched by
   * identity or else by its groupId:artifactId:version (a forked lifecycle works on copies).
   */
  @SuppressWarnings("ReferenceEquality") // identity first, on purpose: see above
  static int indexOf(List<MavenProject> projects, MavenProject project) {
    for (int i = 0; i < projects.size(); i++) {
      if (projects.get(i) == project) {
        return i;
      }
    }
    for (int i = 0; i < projects.size(); i++) {
      if (projects.get(i).getId().equals(project.getId())) {
        return i;
      }
    }
    throw new IllegalStateException(project.getId() + " is not a project of this build");
  }
}
