package dev.jxdist.archfixture.sync;

import net.schmizz.sshj.SSHClient;

/** Violates "sshj only in ssh". */
public final class Sync {
  /** An SSH client outside the ssh package: the violation. */
  public SSHClient client() {
    return new SSHClient();
  }
}
