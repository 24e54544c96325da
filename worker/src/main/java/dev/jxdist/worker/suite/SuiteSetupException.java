package dev.jxdist.worker.suite;

/**
 * The suite cannot be set up or its tests cannot be discovered. The message is one sentence naming
 * what is at fault and what to do; the cause, if any, carries the detail.
 */
public final class SuiteSetupException extends Exception {
  private static final long serialVersionUID = 1L;

  public SuiteSetupException(String message) {
    super(message);
  }

  public SuiteSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
