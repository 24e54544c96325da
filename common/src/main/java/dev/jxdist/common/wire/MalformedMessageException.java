package dev.jxdist.common.wire;

/** A message from the wire that cannot be a valid protocol message; the text says which part. */
public final class MalformedMessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message) {
    super(message);
  }
}
