package dev.jxdist.coordinator.config;

import dev.jxdist.common.sync.ExcludeGlobs;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What of the project directory never leaves this machine, beyond what version control ignores: the
 * {@code --exclude-upload} globs and the run's token file.
 *
 * @param excludeGlobs the globs given with {@code --exclude-upload}, in {@link ExcludeGlobs}' rules
 * @param tokenFile the run's token file, if it has one
 */
public record UploadRules(List<String> excludeGlobs, Optional<Path> tokenFile) {

  /** Nothing beyond what is always left out. */
  public static final UploadRules NONE = new UploadRules(List.of(), Optional.empty());

  /**
   * @throws UsageException naming the first glob that is empty or malformed
   */
  public UploadRules {
    excludeGlobs = List.copyOf(excludeGlobs);
    tokenFile = tokenFile.map(Path::toAbsolutePath);
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
