package dev.jxdist.coordinator.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellTest {

  @Test
  void plainWordsStayAsTheyAre() {
    assertThat(Shell.quote("/usr/bin/java")).isEqualTo("/usr/bin/java");
  }

  @Test
  void wordsWithSpecialCharactersAreSingleQuoted() {
    assertThat(Shell.quote("a b")).isEqualTo("'a b'");
    assertThat(Shell.quote("it's")).isEqualTo("'it'\\''s'");
    assertThat(Shell.quote("")).isEqualTo("''");
  }

  @Test
  void aTildePathIsTheRemoteHome() {
    assertThat(Shell.path("~/.cache/jxdist")).isEqualTo("\"$HOME\"/.cache/jxdist");
    assertThat(Shell.path("~")).isEqualTo("\"$HOME\"");
    assertThat(Shell.path("/opt/my cache")).isEqualTo("'/opt/my cache'");
  }

  /** What a real sh makes of the quoting: the words arrive exactly as given. */
  @Test
  void realShReceivesTheWordsUnchanged() throws IOException, InterruptedException {
    String nasty = "it's $HOME `x` \"q\" ; rm -rf / \\ end";
    String script = "printf '%s\\n' " + Shell.quote(nasty) + " " + Shell.path("~/a b");
    // As sshd does: the login shell gets the command line, here via sh -c <line>.
    Process p =
        new ProcessBuilder(List.of("sh", "-c", Shell.sh(script))).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    Map<String, String> env = System.getenv();
    assertThat(out).isEqualTo(nasty + "\n" + env.get("HOME") + "/a b\n");
  }
}
