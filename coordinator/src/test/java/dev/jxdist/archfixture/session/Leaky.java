package dev.jxdist.archfixture.session;

import dev.jxdist.archfixture.ssh.Ssh;
import dev.jxdist.proto.v1.WorkerMessage;
import picocli.CommandLine;

/**
 * Violates three rules at once: session on ssh, a protocol type and picocli outside their homes.
 */
public final class Leaky {
  /** The session reaching SSH. */
  public Ssh ssh() {
    return new Ssh();
  }

  /** The session reading a protocol message. */
  public int size(WorkerMessage message) {
    return message.getSerializedSize();
  }

  /** The session parsing options. */
  public CommandLine cli() {
    return new CommandLine(this);
  }
}
