package dev.jxdist.common.sync;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A manifest together with where each of its blobs can be read on this machine: what an uploader
 * sends, and the only blobs a coordinator serves to workers that fetch them.
 *
 * @param manifest the manifest
 * @param sources for each blob hash of the manifest, one local file with that content
 */
public record LocalManifest(Manifest manifest, Map<String, Path> sources) {

  public LocalManifest {
    Objects.requireNonNull(manifest, "manifest");
    sources = Map.copyOf(sources);
    if (!sources.keySet().equals(manifest.blobs())) {
      throw new IllegalArgumentException(
          "sources must name a local file for each blob, and only those");
    }
  }

  /** The local file holding the blob {@code sha256}, if the manifest has it. */
  public Optional<Path> source(String sha256) {
    return Optional.ofNullable(sources.get(sha256));
  }
}
