package dev.jxdist.coordinator.config;

/**
 * The user asked for something that cannot be done as asked: a bad option value, a missing file, a
 * project that is not built. The message is one sentence naming the option, file or host at fault
 * and what to do. Ends the run with exit code 4.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
