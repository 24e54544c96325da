package dev.jxdist.archfixture.cli;

import picocli.CommandLine;

/** Allowed: the CLI knows picocli. */
public final class Command {
  /** A picocli object, where it belongs. */
  public CommandLine line() {
    return new CommandLine(this);
  }
}
