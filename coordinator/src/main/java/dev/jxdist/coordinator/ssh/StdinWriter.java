package dev.jxdist.coordinator.ssh;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a remote command's standard input ({@link SshHost#exec(String, StdinWriter,
 * java.time.Duration)}). It runs on a thread of its own while the command runs; the stream is
 * closed (end of file) after it returns. An {@link IOException} from it ends the input early: the
 * command then sees end of file, and its result says what it made of that.
 */
@FunctionalInterface
public interface StdinWriter {

  /** Writes the input to {@code stdin}; need not close it. */
  void writeTo(OutputStream stdin) throws IOException;
}
