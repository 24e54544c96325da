package dev.jxdist.worker.capture;

/**
 * What one node wrote while it ran.
 *
 * @param stdout its {@code System.out} text
 * @param stderr its {@code System.err} text
 */
public record Captured(String stdout, String stderr) {

  /** Nothing written. */
  public static final Captured NONE = new Captured("", "");
}
