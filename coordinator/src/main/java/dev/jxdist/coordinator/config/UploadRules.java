package dev.jxdist.coordinator.config;

import dev.jxdist.common.sync.ExcludeGlobs;
import java.nio.file.Path;
import java.util.List;

/**
 * What of the project directory never leaves this machine, beyond what version control ignores: the
 * {@code --exclude-upload} globs and the run's secret files (its token file, the agents' token
 * file).
 *
 * @param excludeGlobs the globs given with {@code --exclude-upload}, in {@link ExcludeGlobs}' rules
 * @param secretFiles the files that hold a secret of the run: never uploaded, wherever they are
 */
public record UploadRules(List<String> excludeGlobs, List<Path> secretFiles) {

  /** Nothing beyond what is always left out. */
  public static final UploadRules NONE = new UploadRules(List.of(), List.of());

  /**
   * @throws UsageException naming the first glob that is empty or malformed
   */
  public UploadRules {
    excludeGlobs = List.copyOf(excludeGlobs);
    secretFiles = secretFiles.stream().map(Path::toAbsolutePath).toList();
    for (String glob : excludeGlobs) {
      try {
        ExcludeGlobs.of(List.of(glob));
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            "--exclude-upload '"
                + glob
                + "' is not a glob ("
                + e.getMessage()
                + "); give e.g. '*.log', 'secrets/' or 'data/**/*.bin'");
      }
    }
  }
}
