package dev.jxdist.archfixture.ssh;

import net.schmizz.sshj.SSHClient;

/** Allowed: sshj in the ssh package. */
public final class Ssh {
  /** An SSH client, where it belongs. */
  public SSHClient client() {
    return new SSHClient();
  }
}
