package dev.jxdist.coordinator.ssh;

/**
 * How a command run over SSH ended.
 *
 * @param exitCode its exit status (-1 if the host sent none, e.g. it was killed by a signal)
 * @param stdout what it wrote to stdout (UTF-8)
 * @param stderr what it wrote to stderr (UTF-8)
 */
public record ExecResult(int exitCode, String stdout, String stderr) {

  /** True if the command exited with status 0. */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /**
   * The first non-blank line of stderr, else of stdout, else {@code exit status N}: for messages.
   */
  public String firstErrorLine() {
    for (String text : new String[] {stderr, stdout}) {
      for (String line : text.lines().toList()) {
        if (!line.isBlank()) {
          return line.strip();
        }
      }
    }
    return "exit status " + exitCode;
  }
}
