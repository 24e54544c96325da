package dev.jxdist.coordinator.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SshHostTest {

  @Test
  void messagesNameACommandByItsFirstLineCut() {
    assertThat(SshHost.brief("df -Pk /tmp")).isEqualTo("df -Pk /tmp");
    assertThat(SshHost.brief("sh -c 'umask 022\nmkdir -p x\n'")).isEqualTo("sh -c 'umask 022 ...");
    assertThat(SshHost.brief("x".repeat(80))).isEqualTo("x".repeat(60) + " ...");
  }
}
