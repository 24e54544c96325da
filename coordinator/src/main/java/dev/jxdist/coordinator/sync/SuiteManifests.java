package dev.jxdist.coordinator.sync;

import dev.jxdist.common.sync.BlobStore;
import dev.jxdist.common.sync.ExcludeGlobs;
import dev.jxdist.common.sync.HashCache;
import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.common.sync.ManifestBuilder;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.config.UploadRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What of a suite travels to a machine that runs its workers, SSH host or joiner alike: its
 * classpath in order, the worker jar as the last classpath entry, and the files of its working
 * directory that {@link ProjectFiles} selects as the project (for a {@code --classpath} run, an
 * empty project: only the classpath travels). Every file is snapshotted into the local blob store
 * ({@code <cache>/blobs}) as it is hashed, and sent from there; the snapshots no run used for 30
 * days are deleted. The one place that decides it.
 */
public final class SuiteManifests {

  private SuiteManifests() {}

  /**
   * Each suite's manifest, by suite id, hashed through the hash cache in {@code cacheDir} (saved
   * afterwards, so that the next run reads only what changed).
   *
   * @throws UncheckedIOException if a file cannot be listed or read; the message names it
   */
  public static Map<String, LocalManifest> build(
      List<SuiteSpec> suites, Path workerJar, Path cacheDir, UploadRules rules) {
    HashCache cache = HashCache.load(cacheDir.resolve("hash-cache"));
    BlobStore snapshots = new BlobStore(cacheDir);
    Map<String, LocalManifest> manifests = new LinkedHashMap<>();
    try {
      snapshots.whileInUse(
          () -> {
            for (SuiteSpec suite : suites) {
              LocalManifest local = manifest(suite, workerJar, cache, snapshots, rules);
              snapshots.markUsed(local.manifest().blobs());
              manifests.put(suite.id(), local);
            }
            return manifests;
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the files to sync: " + e.getMessage(), e);
    }
    try {
      cache.save();
    } catch (IOException e) {
      // Only the next run's hashing is slower.
    }
    try {
      snapshots.deleteUnused(Instant.now().minus(BlobStore.KEPT_UNUSED));
    } catch (IOException e) {
      // The store stays larger until a later run trims it.
    }
    return manifests;
  }

  private static LocalManifest manifest(
      SuiteSpec suite, Path workerJar, HashCache cache, BlobStore snapshots, UploadRules rules)
      throws IOException {
    List<Path> classpath = new ArrayList<>(suite.classpath());
    classpath.add(workerJar);
    return new ManifestBuilder(cache)
        .snapshots(snapshots)
        .classpath(classpath)
        .project(
            suite.workingDirectory(),
            suite.fromClasspath() ? List.of() : ProjectFiles.of(suite.workingDirectory(), rules),
            ExcludeGlobs.of(ProjectFiles.ALWAYS_EXCLUDED))
        .build();
  }

  /**
   * The local paths of the manifest's classpath roots, in its order: the suite's classpath entries
   * that exist (a missing entry is left out, as the manifest leaves it out), then the worker jar.
   * The {@code i}-th of them is where the {@code i}-th laid-out classpath entry came from.
   */
  public static List<Path> classpathRoots(SuiteSpec suite, Path workerJar) {
    List<Path> roots = new ArrayList<>();
    suite.classpath().stream().filter(Files::exists).forEach(roots::add);
    roots.add(workerJar);
    return roots;
  }
}
