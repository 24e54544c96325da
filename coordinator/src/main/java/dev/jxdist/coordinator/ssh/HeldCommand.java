package dev.jxdist.coordinator.ssh;

import java.io.IOException;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * A command kept running on a host for as long as something needs it ({@link SshHost#hold}), e.g.
 * one that holds a lock. {@link #close} ends its input and closes its channel; so does the end of
 * the connection, whatever ends it.
 */
public final class HeldCommand implements AutoCloseable {

  private final Session session;
  private final Session.Command command;
  private final String firstLine;
  private boolean closed;

  HeldCommand(Session session, Session.Command command, String firstLine) {
    this.session = session;
    this.command = command;
    this.firstLine = firstLine;
  }

  /** The first line the command wrote, without its line break. */
  public String firstLine() {
    return firstLine;
  }

  /** Ends the command's input and closes its channel; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      command.getOutputStream().close();
    } catch (IOException e) {
      // The channel is gone already.
    }
    try {
      session.close();
    } catch (IOException e) {
      // The channel is gone either way.
    }
  }

  @Override
  public String toString() {
    return "held command (" + firstLine + ")";
  }
}
