package dev.jxdist.coordinator.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a worker JVM is started.
 *
 * @param javaExecutable the {@code java} to run workers with
 * @param workerJar the shaded worker jar
 * @param cacheDir jxdist's cache on this machine (class data archives, launchers)
 */
public record WorkerLaunch(Path javaExecutable, Path workerJar, Path cacheDir) {

  public WorkerLaunch {
    Objects.requireNonNull(javaExecutable, "javaExecutable");
    Objects.requireNonNull(workerJar, "workerJar");
    Objects.requireNonNull(cacheDir, "cacheDir");
  }
}
