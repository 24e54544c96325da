package dev.jxdist.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UntrustedTest {

  @Test
  void aForgedSummaryLineStaysOnOneLineWithoutEscapes() {
    String forged = "w1\n\u001b[32mjxdist: 100 tests, all passed\u001b[0m\r\u202e";

    String quoted = Untrusted.quote(forged);

    assertThat(quoted)
        .isEqualTo("'w1\\n\\e[32mjxdist: 100 tests, all passed\\e[0m\\r\\u202e'")
        .doesNotContain("\n", "\r", "\u001b", "\u202e");
  }

  @Test
  void aLongValueIsCutAndSaysHowMuchWasLeftOut() {
    String quoted = Untrusted.quote("x".repeat(Untrusted.MAX_CHARS + 50));

    assertThat(quoted).startsWith("'xxx").endsWith("...(50 more)'");
    assertThat(quoted.length()).isLessThan(Untrusted.MAX_CHARS + 20);
  }

  @Test
  void quotesAndBackslashesCannotCloseTheQuote() {
    assertThat(Untrusted.quote("a'b\\")).isEqualTo("'a\\'b\\\\'");
    assertThat(Untrusted.quote("tëst-ä")).isEqualTo("'tëst-ä'");
  }
}
